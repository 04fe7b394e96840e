// The text of an uploaded CSV, whatever Excel saved it as. Excel on a Chinese Windows saves "CSV" in
// the system code page, GBK (GB18030 is its superset); "CSV UTF-8" and most other tools write UTF-8,
// with or without a byte-order mark. Decoding GBK as UTF-8 would turn every Chinese name into U+FFFD.

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The bytes as text: UTF-8 (a leading BOM dropped) when they are valid UTF-8, else GB18030.
 * Valid UTF-8 wins because Chinese text in GBK is almost never valid UTF-8 (its lead bytes 0x81–0xFE
 * are followed by bytes that UTF-8 forbids there), while pure ASCII reads the same either way.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): string {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    // ignoreBOM: the BOM is already cut off above; a second one would be content.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    // A file that starts with the UTF-8 BOM but is not UTF-8 after it is still read as GB18030.
    return new TextDecoder('gb18030').decode(bytes);
  }
}
