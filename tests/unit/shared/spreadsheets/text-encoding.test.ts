import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { ValidationError } from '../../../../shared/domain/errors';
import { parseImport } from '../../../../shared/spreadsheets/csv-import';
import { decodeSpreadsheetText } from '../../../../shared/spreadsheets/text-encoding';

const fixtures = join(import.meta.dirname, '../../../fixtures/spreadsheets');
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('the text of an uploaded CSV', () => {
  it('reads UTF-8 with and without a byte-order mark, the mark dropped', () => {
    expect(decodeSpreadsheetText(utf8('项目编号,名称\n'))).toBe('项目编号,名称\n');
    expect(decodeSpreadsheetText(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('项目编号')]))).toBe('项目编号');
    expect(decodeSpreadsheetText(utf8('plain ASCII'))).toBe('plain ASCII');
    expect(decodeSpreadsheetText(new Uint8Array())).toBe('');
  });

  it('reads GBK, as Excel on a Chinese Windows saves CSV: known byte sequences', () => {
    // 你好 (C4E3 BAC3), 连云港 (C1AC D4C6 B8DB), and the full-width bracket （ (A3A8) of 协议投资额（亿元）.
    expect(decodeSpreadsheetText(Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3]))).toBe('你好');
    expect(decodeSpreadsheetText(Uint8Array.from([0xc1, 0xac, 0xd4, 0xc6, 0xb8, 0xdb, 0x2c, 0xa3, 0xa8]))).toBe('连云港,（');
    // A character outside GBK that GB18030 has (four bytes): 𠀀 U+20000 is 95 32 82 36.
    expect(decodeSpreadsheetText(Uint8Array.from([0x95, 0x32, 0x82, 0x36]))).toBe('\u{20000}');
  });

  it('imports a register saved as GBK CSV (made with iconv -t GBK) with its Chinese names intact', () => {
    const bytes = readFileSync(join(fixtures, 'register-gbk.csv'));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const rows = parseImport(bytes, LIANYUNGANG);
    expect(rows.map((r) => r.command)).toEqual([
      {
        projectId: 'GBK-1',
        name: '盛虹炼化配套项目',
        investor: '江苏某石化有限公司',
        district: 'xuwei',
        industry: 'petrochemical',
        agreedInvestment: 1_250_000_000,
        signedOn: '2025-03-10',
      },
      {
        projectId: 'GBK-2',
        name: '创新药产业园',
        investor: '恒瑞医药',
        district: 'kaifaqu',
        industry: 'pharma',
        agreedInvestment: 350_000_000,
        signedOn: '2025-02-20',
      },
    ]);
  });

  it('the same register in UTF-8 bytes imports to the same commands', () => {
    const gbk = readFileSync(join(fixtures, 'register-gbk.csv'));
    const text = new TextDecoder('gb18030').decode(gbk);
    expect(parseImport(utf8(`\uFEFF${text}`), LIANYUNGANG)).toEqual(parseImport(gbk, LIANYUNGANG));
  });

  it('reads GBK after a UTF-8 byte-order mark as GBK, the mark dropped (not decoded as GBK too)', () => {
    expect(decodeSpreadsheetText(Uint8Array.from([0xef, 0xbb, 0xbf, 0xc4, 0xe3, 0xba, 0xc3]))).toBe('你好');
    const gbk = readFileSync(join(fixtures, 'register-gbk.csv'));
    expect(parseImport(Uint8Array.from([0xef, 0xbb, 0xbf, ...gbk]), LIANYUNGANG)).toEqual(parseImport(gbk, LIANYUNGANG));
  });

  describe('UTF-16 ("Unicode text" in Excel’s Save As) is refused, saying how to save the file instead', () => {
    const text =
      '项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）,签约日期\nLYG-1,新材料项目,某公司,徐圩新区,新材料,12.5,2025-03-10\n';
    const utf16le = (t: string) => new Uint8Array(Buffer.from(t, 'utf16le'));
    const utf16be = (t: string) => utf16le(t).map((_, i, bytes) => bytes[i ^ 1]!);
    const refusal = (bytes: Uint8Array) => {
      try {
        decodeSpreadsheetText(bytes);
      } catch (error) {
        return error;
      }
      return null;
    };
    const cases: [string, Uint8Array][] = [
      ['little-endian with its mark (FF FE), as Excel saves it', Uint8Array.from([0xff, 0xfe, ...utf16le(text)])],
      ['big-endian with its mark (FE FF)', Uint8Array.from([0xfe, 0xff, ...utf16be(text)])],
      ['little-endian without a mark (many NUL bytes)', utf16le(text)],
      ['big-endian without a mark', utf16be(text)],
      ['ASCII only, without a mark', utf16le('projectId,name\nX-1,n\n')],
    ];
    it.each(cases)('%s', (_, bytes) => {
      const error = refusal(bytes);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues).toEqual([
        { field: 'body', rule: 'is UTF-16 text ("Unicode text"): save it as "CSV UTF-8" or as an .xlsx workbook' },
      ]);
      expect(() => parseImport(bytes, LIANYUNGANG)).toThrow(/body: is UTF-16/);
    });

    it('a stray NUL in UTF-8 or GBK text is not UTF-16', () => {
      expect(decodeSpreadsheetText(utf8(`${text}\0`))).toBe(`${text}\0`);
      expect(decodeSpreadsheetText(Uint8Array.from([0xc4, 0xe3, 0xba, 0xc3, ...utf8(`,${'x'.repeat(100)}\0`)]))).toBe(
        `你好,${'x'.repeat(100)}\0`,
      );
    });
  });
});
