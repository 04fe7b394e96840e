// The daily alert sweep: time alone turns a project yellow or red, or a problem overdue, so once a
// day every project that time can move is re-evaluated, and each move is recorded as a
// ProjectAlertChanged event through the normal command path. It reads the signed and started
// projects through the status index, district by district, and the open problems due before
// today; never the whole table. A second run on the same day finds nothing to record.
import { executeCommand } from '../commands/execute';
import { assessed, assessmentDiffers } from '../domain/alerts';
import type { CityConfig } from '../domain/city-config';
import { businessDateOf } from '../domain/dates';
import { VersionConflictError } from '../domain/errors';
import type { ProjectSnapshot } from '../domain/project';
import type { ProblemStore } from '../store/problem-store';
import type { ProjectStore } from '../store/project-store';

export const ALERT_SWEEP_ACTOR = 'system:alerts';

/** Reviews in flight at once: enough to hide latency, few enough not to throttle the table. */
const CONCURRENCY = 8;

export interface SweepReport {
  today: string;
  /** Projects read and evaluated. */
  examined: number;
  /** Projects whose alert or overdue marks moved (one event each). */
  changed: number;
  failed: { projectId: string; error: string }[];
}

export interface SweepDependencies {
  projects: ProjectStore;
  problems: ProblemStore;
  config: CityConfig;
  now: Date;
}

export async function sweepAlerts({ projects, problems, config, now }: SweepDependencies): Promise<SweepReport> {
  const today = businessDateOf(now);
  const report: SweepReport = { today, examined: 0, changed: 0, failed: [] };

  const review = async (projectId: string) => {
    // The command reads the project again and decides on that: a write since the page was read is
    // seen, and a lost race is tried once more.
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await executeCommand(projects, { type: 'reviewAlert', projectId }, { actor: ALERT_SWEEP_ACTOR, config, now });
        if (result.outcome === 'changed') report.changed += 1;
        return;
      } catch (error) {
        if (error instanceof VersionConflictError && attempt < 3) continue;
        report.failed.push({ projectId, error: error instanceof Error ? error.message : String(error) });
        return;
      }
    }
  };
  const reviewAll = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += CONCURRENCY) await Promise.all(ids.slice(i, i + CONCURRENCY).map(review));
  };
  const moved = (p: ProjectSnapshot) => assessmentDiffers(p, assessed(p, today, config));

  for (const { code: district } of config.districts) {
    const seen = new Set<string>();
    for (const status of ['signed', 'started'] as const) {
      for await (const page of projects.pagesOf(status, district)) {
        report.examined += page.length;
        for (const p of page) seen.add(p.projectId);
        await reviewAll(page.filter(moved).map((p) => p.projectId));
      }
    }
    // A project in production keeps its open problems, and their overdue marks, without a light.
    const others = (await problems.projectsWithOverdueProblems(district, today)).filter((id) => !seen.has(id));
    report.examined += others.length;
    await reviewAll(others);
  }
  return report;
}
