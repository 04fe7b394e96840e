// A realistic run of commands through the real store, yielding the events they produced.
import { executeCommand } from '../../shared/commands/execute';
import { LIANYUNGANG } from '../../shared/domain/city-config';
import type { ProjectCommand, ProjectEvent } from '../../shared/domain/project';
import type { ProjectStore } from '../../shared/store/project-store';
import { signCommand } from './fixtures';

const NOW = new Date('2025-12-20T04:00:00Z');
const DISTRICTS = ['haizhou', 'ganyu', 'xuwei', 'donghai'];
const INDUSTRIES = ['pharma', 'logistics', 'new-energy', 'digital'];

/** Signs `count` projects across 2024–2025 and moves them on; returns every event, in commit order. */
export async function runScenario(store: ProjectStore, count: number, prefix = 'SC'): Promise<ProjectEvent[]> {
  const events: ProjectEvent[] = [];
  const run = async (command: ProjectCommand) => {
    const result = await executeCommand(store, command, { actor: 'scenario', config: LIANYUNGANG, now: NOW });
    if (result.outcome === 'changed') events.push(result.event);
  };
  for (let i = 0; i < count; i++) {
    const projectId = `${prefix}-${String(i).padStart(4, '0')}`;
    const year = i % 3 === 0 ? 2024 : 2025;
    const month = String((i % 12) + 1).padStart(2, '0');
    // One in five is foreign capital agreed in dollars, around the dollar bands' floors.
    const dollars = i % 5 === 3;
    const investment = dollars
      ? {
          capitalSource: 'foreign' as const,
          currency: 'USD' as const,
          agreedInvestment: undefined,
          agreedInvestmentOriginal: 10_000_000 * (1 + (i % 13)),
          fxRate: '7.10',
          fxRateOn: `${year}-${month}-10`,
        }
      : { capitalSource: i % 11 === 4 ? ('foreign' as const) : undefined, agreedInvestment: 100_000_000 * (1 + (i % 17)) };
    await run(
      signCommand({
        projectId,
        district: DISTRICTS[i % DISTRICTS.length]!,
        industry: INDUSTRIES[i % INDUSTRIES.length]!,
        ...investment,
        signedOn: `${year}-${month}-10`,
        plannedStartOn: undefined,
      }),
    );
    if (i % 2 === 0) await run({ type: 'start', projectId, startedOn: i % 6 === 0 ? '2025-01-01' : `${year}-12-01` });
    if (i % 4 === 0) await run({ type: 'produce', projectId, producedOn: '2025-12-15' });
    if (i % 5 === 1 && i % 4 !== 0) await run({ type: 'terminate', projectId, terminatedOn: '2025-12-18', reason: '投资方撤资' });
    if (i % 7 === 2) {
      const amount = dollars ? { agreedInvestmentOriginal: 120_000_000 } : { agreedInvestment: 900_000_000 };
      await run({ type: 'correct', projectId, district: 'gaoxin', ...amount, reason: '区划调整' });
    }
    if (dollars && i % 2 === 1) await run({ type: 'correct', projectId, fxRate: '6.95', fxRateOn: '2025-12-01', reason: '汇率更正' });
    if (i % 13 === 6) await run({ type: 'correct', projectId, capitalSource: 'foreign', reason: '资金来源更正' });
    if (i % 8 === 0) await run({ type: 'correct', projectId, producedOn: null, reason: '误报投产' });
    if (i % 9 === 0) await run({ type: 'correct', projectId, signedOn: `${year}-01-02`, reason: '签约日期更正' });
  }
  return events;
}
