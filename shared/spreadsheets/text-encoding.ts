// The text of an uploaded CSV, whatever Excel saved it as. Excel on a Chinese Windows saves "CSV" in
// the system code page, GBK (GB18030 is its superset); "CSV UTF-8" and most other tools write UTF-8,
// with or without a byte-order mark. Decoding GBK as UTF-8 would turn every Chinese name into U+FFFD.
// Excel's "Unicode text" is UTF-16 (tab-separated, too): it is refused, saying what to save instead.
import { ValidationError } from '../domain/errors';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** How much of the file is looked at for UTF-16 without a byte-order mark. */
const UTF16_SAMPLE_BYTES = 65_536;

/**
 * UTF-16: its byte-order mark (FF FE or FE FF, neither valid UTF-8 nor a GBK character), or NUL
 * bytes, many and on one side of each byte pair (the high byte of every ASCII character: commas,
 * line breaks, digits). UTF-8 and GBK text has no NUL byte but U+0000 itself, so a stray one is no sign.
 */
function isUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const sample = Math.min(bytes.length, UTF16_SAMPLE_BYTES);
  const nuls = [0, 0];
  for (let i = 0; i < sample; i++) if (bytes[i] === 0) nuls[i & 1]!++;
  const onOneSide = Math.max(nuls[0]!, nuls[1]!);
  // A CSV of Chinese names still has a comma or a line break every 30 characters or so.
  return onOneSide >= 2 && onOneSide * 64 >= sample;
}

/**
 * The bytes as text: UTF-8 (a leading BOM dropped) when they are valid UTF-8, else GB18030 (a
 * leading UTF-8 BOM dropped too). Valid UTF-8 wins because Chinese text in GBK is almost never valid
 * UTF-8 (its lead bytes 0x81–0xFE are followed by bytes that UTF-8 forbids there), while pure ASCII
 * reads the same either way. UTF-16 is refused with a ValidationError on `body`.
 */
export function decodeSpreadsheetText(bytes: Uint8Array): string {
  if (isUtf16(bytes)) {
    throw new ValidationError([{ field: 'body', rule: 'is UTF-16 text ("Unicode text"): save it as "CSV UTF-8" or as an .xlsx workbook' }]);
  }
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = hasBom ? bytes.subarray(UTF8_BOM.length) : bytes;
  try {
    // ignoreBOM: the BOM is already cut off above; a second one would be content.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    // A file that starts with the UTF-8 BOM but is GBK after it (an editor added the mark to Excel's
    // GBK CSV): what follows the mark is read as GB18030; the mark itself is no GBK text.
    return new TextDecoder('gb18030').decode(body);
  }
}
