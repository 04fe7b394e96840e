// Spreadsheets on the local system (`npm start`'s program in its own process, DynamoDB Local in
// memory), through HTTP as the web app sends them: a 20,000-row register imported in the background
// (POST /imports, then GET /imports/{id} until done), the same file again (nothing changes), and the
// list exported as .xlsx and CSV at 1,000 and 10,000 projects.
import writeXlsxFile from 'write-excel-file/node';
import { mintToken } from '../local/dev-tokens';
import { LIANYUNGANG } from '../shared/domain/city-config';
import { addDays } from '../shared/domain/dates';
import { XLSX_MEDIA_TYPE } from '../shared/http/routes/spreadsheets';
import { spawnLocalSystem } from '../tests/support/spawn-system';
import type { Row } from './report';

const SECRET = 'bench-spreadsheets-secret-0123456789abcdef';

/** A register as the bureau keeps it: Chinese headers, amounts in 亿元, dates as date cells. */
export async function registerXlsx(rows: number, prefix = 'XL'): Promise<Buffer> {
  const header = ['项目编号', '项目名称', '投资方', '所在地区', '产业', '协议投资额（亿元）', '签约日期', '计划开工日期'].map((value) => ({
    value,
  }));
  const data = Array.from({ length: rows }, (_, i) => {
    const signedOn = addDays('2025-01-02', i % 340);
    return [
      { value: `${prefix}-${i}` },
      { value: `导入项目${i}` },
      { value: `投资方${i % 50}` },
      { value: LIANYUNGANG.districts[i % LIANYUNGANG.districts.length]!.name },
      { value: LIANYUNGANG.industries[i % LIANYUNGANG.industries.length]!.name },
      { value: 1 + (i % 40) / 10, type: Number },
      { value: new Date(`${signedOn}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' },
      { value: new Date(`${addDays(signedOn, 60)}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' },
    ];
  });
  return writeXlsxFile([header, ...data]).toBuffer();
}

interface ImportJob {
  importId: string;
  status: string;
  rows: number;
  processed: number;
  created: number;
  unchanged: number;
  failed: number;
}

async function importInBackground(url: string, token: string, file: Buffer): Promise<{ seconds: number; job: ImportJob }> {
  const started = performance.now();
  const accepted = await fetch(`${url}/imports?fileName=register.xlsx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': XLSX_MEDIA_TYPE },
    body: file,
  });
  if (accepted.status !== 202) throw new Error(`POST /imports: ${accepted.status} ${await accepted.text()}`);
  const location = accepted.headers.get('location')!;
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const job = (await (await fetch(`${url}${location}`, { headers: { authorization: `Bearer ${token}` } })).json()) as ImportJob;
    if (job.status === 'done') return { seconds: (performance.now() - started) / 1000, job };
  }
}

async function download(url: string, token: string, path: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
  return { ms: performance.now() - started, bytes };
}

export async function benchSpreadsheets(options: { importRows: number; exportSizes: readonly number[]; runs: number }): Promise<Row[]> {
  const rows: Row[] = [];
  const group = 'Spreadsheets (local system over HTTP, DynamoDB Local)';
  const system = await spawnLocalSystem(['--port', '0', '--in-memory'], { ...process.env, LOCAL_JWT_SECRET: SECRET });
  try {
    const token = await mintToken(SECRET, 'bench', ['bureau']);
    // Exports first, of registers imported to their size (the import is measured below).
    let imported = 0;
    for (const size of options.exportSizes) {
      const { job } = await importInBackground(system.url, token, await registerXlsx(size - imported, `EX${size}`));
      if (job.created !== size - imported) throw new Error(`export set-up: created ${job.created} of ${size - imported}`);
      imported = size;
      for (const format of ['xlsx', 'csv'] as const) {
        const samples: { ms: number; bytes: number }[] = [];
        for (let run = 0; run < options.runs; run++) samples.push(await download(system.url, token, `/projects/export.${format}`));
        const label = `export ${size.toLocaleString('en-US')} projects as .${format}`;
        rows.push({ group, measure: label, samples: samples.map((s) => s.ms), unit: 'ms', digits: 0 });
        rows.push({ group, measure: `${label}: size`, samples: [samples[0]!.bytes / 1024], unit: 'KiB', digits: 0 });
      }
    }

    const file = await registerXlsx(options.importRows);
    const first = await importInBackground(system.url, token, file);
    if (first.job.created !== options.importRows) throw new Error(`import: ${JSON.stringify(first.job)}`);
    const again = await importInBackground(system.url, token, file);
    if (again.job.unchanged !== options.importRows || again.job.created !== 0)
      throw new Error(`import again: ${JSON.stringify(again.job)}`);
    const size = options.importRows.toLocaleString('en-US');
    rows.push({
      group,
      measure: `background import of ${size} .xlsx rows (${Math.round(file.byteLength / 1024)} KiB), end to end`,
      samples: [first.seconds],
      unit: 's',
      digits: 1,
    });
    rows.push({
      group,
      measure: `background import: rows per second`,
      samples: [options.importRows / first.seconds],
      unit: 'rows/s',
      digits: 0,
    });
    rows.push({ group, measure: `the same ${size} rows again (all unchanged)`, samples: [again.seconds], unit: 's', digits: 1 });
    return rows;
  } finally {
    await system.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { markdownTable } = await import('./report');
  const quick = process.argv.includes('--quick');
  const rows = await benchSpreadsheets(
    quick ? { importRows: 2_000, exportSizes: [1_000], runs: 2 } : { importRows: 20_000, exportSizes: [1_000, 10_000], runs: 5 },
  );
  console.log(markdownTable(rows));
  process.exit(0);
}
