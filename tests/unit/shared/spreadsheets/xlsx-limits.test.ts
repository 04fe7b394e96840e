// A workbook that claims more than a register: refused at once, naming why, before the reader
// fills in a billion empty cells or inflates a gigabyte (found by review: each took the server down).
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { LIANYUNGANG } from '../../../../shared/domain/city-config';
import { ValidationError } from '../../../../shared/domain/errors';
import { parseXlsxImport } from '../../../../shared/spreadsheets/xlsx-import';

const HEADER = ['项目编号', '项目名称', '投资方', '所在地区', '产业', '协议投资额（亿元）', '签约日期'];
const ROW = ['L-1', '项目', '投资方', '海州区', '石化', 2, '2025-03-01'];

async function register(): Promise<Uint8Array> {
  return new Uint8Array(await writeXlsxFile([HEADER.map((value) => ({ value })), ROW.map((value) => ({ value }))]).toBuffer());
}

/** The register with its first sheet's XML changed by `edit`. */
async function edited(edit: (xml: string) => string): Promise<Uint8Array> {
  const parts = unzipSync(await register());
  const sheet = Object.keys(parts).find((name) => /^xl\/worksheets\/sheet1\.xml$/.test(name))!;
  parts[sheet] = strToU8(edit(strFromU8(parts[sheet]!)));
  return zipSync(parts);
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await parseXlsxImport(bytes, LIANYUNGANG);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).issues.map((i) => `${i.field}: ${i.rule}`).join('; ');
  }
  throw new Error('not refused');
}

describe('a workbook larger than a register', () => {
  it('reads the register as it is', async () => {
    const rows = await parseXlsxImport(await register(), LIANYUNGANG);
    expect(rows.map((r) => r.command?.projectId)).toEqual(['L-1']);
  });

  it('refuses a stray cell far to the right, naming it', async () => {
    const bytes = await edited((xml) =>
      xml.replace('</row></sheetData>', '<c r="ZZZZ2" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
    );
    expect(await refusal(bytes)).toMatch(/^body: .*cell ZZZZ2.*delete it/);
  });

  it('refuses a row far below, naming how far', async () => {
    const bytes = await edited((xml) =>
      xml.replace('</sheetData>', '<row r="1000000000"><c r="A1000000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'),
    );
    expect(await refusal(bytes)).toMatch(/^body: .*row 1000000000.*at most 21000 rows/);
  });

  it('refuses a part that inflates past 64 MB (a zip bomb), without inflating it', async () => {
    const parts = unzipSync(await register());
    parts['xl/padding.xml'] = new Uint8Array(65 * 1024 * 1024);
    const bomb = zipSync(parts, { level: 9 });
    expect(bomb.byteLength).toBeLessThan(200_000);
    expect(await refusal(bomb)).toMatch(/^body: unzips to more than 64 MB/);
  });

  it('refuses what is not a zip', async () => {
    expect(await refusal(strToU8('PK\u0003\u0004 not really a zip'))).toMatch(/^body: is not a readable \.xlsx workbook/);
  });
});
