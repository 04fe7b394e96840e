// A background import's rows in chunks that DynamoDB takes: at most 200 rows and about 300 KB each;
// an absurd row is kept as its fault, not as a chunk past 400 KB (found by review: a 500 after part
// of the import was written).
import { describe, expect, it } from 'vitest';
import type { ImportRow } from '../../../../shared/domain/register-row';
import { chunksOf, IMPORT_CHUNK_ROWS } from '../../../../shared/store/import-store';
import { signInput } from '../../../support/fixtures';

const row = (n: number, name = '项目'): ImportRow => ({ row: n, projectId: `C-${n}`, command: signInput({ projectId: `C-${n}`, name }) });
const bytes = (rows: ImportRow[]) => Buffer.byteLength(JSON.stringify(rows));

describe('import chunks', () => {
  it('cuts a register of ordinary rows every 200 rows, in row order', () => {
    const chunks = chunksOf(Array.from({ length: 450 }, (_, i) => row(i + 2)));
    expect(chunks.map((c) => c.length)).toEqual([IMPORT_CHUNK_ROWS, IMPORT_CHUNK_ROWS, 50]);
    expect(chunks.flat().map((r) => r.row)).toEqual(Array.from({ length: 450 }, (_, i) => i + 2));
  });

  it('cuts rows of long names sooner, each chunk within 300 KB', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ ...row(i + 2), errors: [{ field: 'name', rule: '名'.repeat(1_500) }] }));
    const chunks = chunksOf(rows);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(300_000);
    expect(chunks.flat()).toEqual(rows);
  });

  it('keeps a row of hundreds of KB as its fault', () => {
    const huge: ImportRow = { row: 7, projectId: 'x'.repeat(600_000), errors: [{ field: 'projectId', rule: 'too long' }] };
    const [chunk] = chunksOf([row(2), huge, row(8)]);
    expect(chunk).toEqual([
      row(2),
      { row: 7, errors: [{ field: 'row', rule: expect.stringMatching(/^is too large to import \(\d+ KB/) }] },
      row(8),
    ]);
  });
});
