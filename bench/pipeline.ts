// The pipeline end to end on the local system (`npm start`'s program in its own process, in
// memory): transitions posted over HTTP by 1, 10 and 50 concurrent clients, and for each one the
// time from its 2xx to the rollups showing it. A watcher polls GET /rollups every 20 ms; the k-th
// change to complete counts as visible at the first poll, answered after its 2xx, that shows at
// least k changes (signed + started), so a figure is exact to within one poll.
import { mintToken } from '../local/dev-tokens';
import { spawnLocalSystem } from '../tests/support/spawn-system';
import { addDays, businessDateOf, yearOf } from '../shared/domain/dates';
import type { Row } from './report';

const SECRET = 'bench-secret-bench-secret-bench-secret';

const startSystem = () => spawnLocalSystem(['--port', '0', '--in-memory'], { ...process.env, LOCAL_JWT_SECRET: SECRET });

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function measureLevel(url: string, clients: number, transitions: number, label: string) {
  const token = await mintToken(SECRET, 'bench', ['bureau']);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const today = businessDateOf(new Date());
  const year = yearOf(today);
  const signedOn = addDays(today, -1) < `${year}-01-01` ? today : addDays(today, -1);
  const counted = async () => {
    const response = await fetch(`${url}/rollups/${year}`, { headers });
    const { totals } = (await response.json()) as { totals: { signed: number; started: number } };
    return totals.signed + totals.started;
  };

  const baseline = await counted();
  const completions: number[] = [];
  const samples: { at: number; count: number }[] = [];
  let writing = true;
  const watcher = (async () => {
    while (writing || (samples.at(-1)?.count ?? 0) < transitions) {
      const count = (await counted()) - baseline;
      samples.push({ at: performance.now(), count });
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const perClient = Math.ceil(transitions / clients / 2);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; i < perClient && completions.length < transitions; i++) {
        const projectId = `BENCH-${label}-${c}-${i}`;
        const sign = await fetch(`${url}/projects`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            projectId,
            name: '压测项目',
            investor: '压测投资方',
            district: 'haizhou',
            industry: 'pharma',
            agreedInvestment: 200_000_000,
            signedOn,
          }),
        });
        if (sign.status !== 201) throw new Error(`sign answered ${sign.status}: ${await sign.text()}`);
        completions.push(performance.now());
        const start = await fetch(`${url}/projects/${projectId}/start`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ startedOn: today }),
        });
        if (start.status !== 200) throw new Error(`start answered ${start.status}: ${await start.text()}`);
        completions.push(performance.now());
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  writing = false;
  await watcher;

  const lags = completions.map((at, k) => samples.find((s) => s.at >= at && s.count >= k + 1)!.at - at);
  return { perSecond: completions.length / elapsed, median: percentile(lags, 50), p99: percentile(lags, 99) };
}

/**
 * `freshSystems`: a new local system for every run of every level, as DynamoDB Local slows while
 * stream records pile up; without it (--quick) one system serves all, which saves start-ups.
 */
export async function benchPipeline(options: {
  levels: readonly { clients: number; transitions: number }[];
  runs: number;
  freshSystems: boolean;
}): Promise<Row[]> {
  const rows: Row[] = [];
  let shared: Awaited<ReturnType<typeof startSystem>> | undefined;
  try {
    for (const { clients, transitions } of options.levels) {
      const runs = [];
      for (let run = 0; run < options.runs; run++) {
        if (!options.freshSystems) shared ??= await startSystem();
        const system = shared ?? (await startSystem());
        try {
          runs.push(await measureLevel(system.url, clients, transitions, `${clients}x${run}`));
        } finally {
          if (options.freshSystems) await system.stop();
        }
      }
      const group = 'pipeline (local, HTTP)';
      rows.push({
        group,
        measure: `${clients} clients: transitions posted (${transitions} per run)`,
        samples: runs.map((r) => r.perSecond),
        unit: '/s',
        digits: 0,
      });
      rows.push({
        group,
        measure: `${clients} clients: 2xx → rollups show it, median`,
        samples: runs.map((r) => r.median),
        unit: 'ms',
        digits: 0,
      });
      rows.push({
        group,
        measure: `${clients} clients: 2xx → rollups show it, p99`,
        samples: runs.map((r) => r.p99),
        unit: 'ms',
        digits: 0,
      });
    }
  } finally {
    if (shared) await shared.stop();
  }
  return rows;
}
