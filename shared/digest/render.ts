// Renderings of a digest: Markdown (the WeCom, DingTalk and Feishu group robots all take it) and
// plain text, in Chinese (default) or English. Amounts in 亿元, rates as percentages.
import type { DigestContent as Digest } from './types';
import type { ChangeGroup, OverdueProblemLine } from './sections';
import { inert, renderBrief } from './brief';
import { formatRate, formatYi, type Language } from './format';
import { standingSentences } from './standing';

export type { Language } from './format';

const LABELS = {
  zh: {
    title: (d: Digest) => `${d.kind === 'weekly' ? '项目推进周报' : '项目推进月报'}（${d.period}，截至 ${d.asOf}）`,
    headline: '总体进展',
    signed: '新签约亿元以上项目',
    investment: '协议投资额',
    leading: '主导产业占比',
    startRate: '当年开工率',
    startsNeeded: '距目标还需开工',
    inProduction: '已投产',
    previousYear: (y: number) => `${y} 年最终数据`,
    changes: (from: string, to: string) => `本期变化（${from} 至 ${to}）`,
    groups: { signed: '新签约', started: '新开工', inProduction: '新投产', terminated: '终止' },
    projects: '个',
    largest: '最大',
    leaderboard: '县区龙虎榜（按当年开工率）',
    previousLeaderboard: (y: number) => `${y} 年县区龙虎榜（最终）`,
    stalled: '久未开工项目',
    upcoming: '未来 30 天计划开工',
    none: '无',
    stalledMore: '……（仅列出签约最早的项目，另有更多）',
    upcomingMore: '……（仅列出最近的项目，另有更多）',
    since: (days: number) => `签约 ${days} 天`,
    overdue: '已过计划开工日期',
    of: (n: number, target: number) => `${n} / ${target}`,
    red: (n: number) => `，红灯 ${n} 个`,
    alerts: '红黄灯预警（全部待开工、在建项目）',
    alertTotals: (red: number, yellow: number) => `红灯 ${red} 个，黄灯 ${yellow} 个`,
    alertDistrict: (name: string, red: number, yellow: number) => `${name}：红灯 ${red} 个，黄灯 ${yellow} 个`,
    oldestRed: (line: string) => `；签约最早的红灯项目：${line}`,
    problems: '问题协调（逾期未解决）',
    problemsTotal: (n: number) => `逾期问题 ${n} 个`,
    unit: (unit: string, n: number) => `${unit} ${n} 个`,
    problemLine: (p: OverdueProblemLine) => `${p.districtName}，${p.category}，${p.dueOn} 到期，逾期 ${p.daysOverdue} 天`,
    unitsMore: (n: number) => `……另有 ${n} 个责任单位有逾期问题`,
  },
  en: {
    title: (d: Digest) => `${d.kind === 'weekly' ? 'Weekly' : 'Monthly'} project pipeline digest (${d.period}, as of ${d.asOf})`,
    headline: 'Where the city stands',
    signed: 'Projects of ¥100M+ signed',
    investment: 'Agreed investment',
    leading: 'Leading-industry share',
    startRate: 'Same-year start rate',
    startsNeeded: 'Starts still needed',
    inProduction: 'In production',
    previousYear: (y: number) => `${y} final figures`,
    changes: (from: string, to: string) => `Changes (${from} to ${to})`,
    groups: { signed: 'Signed', started: 'Started', inProduction: 'In production', terminated: 'Terminated' },
    projects: '',
    largest: 'largest',
    leaderboard: 'District leaderboard (by same-year start rate)',
    previousLeaderboard: (y: number) => `${y} final district leaderboard`,
    stalled: 'Stalled projects',
    upcoming: 'Planned starts in the next 30 days',
    none: 'none',
    stalledMore: '… (only the earliest signed are listed; there are more)',
    upcomingMore: '… (only the soonest are listed; there are more)',
    since: (days: number) => `${days} days since signing`,
    overdue: 'past its planned start',
    of: (n: number, target: number) => `${n} / ${target}`,
    red: (n: number) => `, red: ${n}`,
    alerts: 'Traffic lights (every project not yet started or in production)',
    alertTotals: (red: number, yellow: number) => `Red: ${red}, yellow: ${yellow}`,
    alertDistrict: (name: string, red: number, yellow: number) => `${name}: red ${red}, yellow ${yellow}`,
    oldestRed: (line: string) => `; earliest signed red: ${line}`,
    problems: 'Overdue problems (coordination)',
    problemsTotal: (n: number) => `Overdue problems: ${n}`,
    unit: (unit: string, n: number) => `${unit} (${n})`,
    problemLine: (p: OverdueProblemLine) => `${p.districtName}, ${p.category}, due ${p.dueOn}, ${p.daysOverdue} days overdue`,
    unitsMore: (n: number) => `… and ${n} more responsible units with overdue problems`,
  },
} as const;

/**
 * The digest as lines of (level, text): one model for every rendering. `typed` is applied to what
 * people typed (names, units): the Markdown makes it inert, the others escape or need nothing.
 */
function outline(d: Digest, lang: Language, typed: (text: string) => string = (text) => text): { heading: number; text: string }[] {
  const L = LABELS[lang];
  const h = d.headline;
  const out: { heading: number; text: string }[] = [];
  const line = (text: string, heading = 0) => out.push({ heading, text });
  const headlineLines = (x: typeof h) => {
    // Where the year stands, worded as a report (digests since v3); the bare counts before.
    const s = x.standing && standingSentences(x.standing, lang);
    if (s) {
      line(s.signed);
      line(s.agreedInvestment);
      line(s.startedInYear);
    } else {
      line(`${L.signed}: ${L.of(x.signed, x.targets.signed)}${L.projects}`);
      line(`${L.investment}: ${formatYi(x.agreedInvestment, lang)} / ${formatYi(x.targets.agreedInvestment, lang)}`);
    }
    line(`${L.leading}: ${formatRate(x.leadingShare)} / ${formatRate(x.targets.leadingShare)}`);
    line(`${L.startRate}: ${formatRate(x.sameYearStartRate)} / ${formatRate(x.targets.sameYearStartRate)}`);
    line(`${L.startsNeeded}: ${x.startsNeeded}${L.projects}`);
    if (s) line(s.projection);
    line(`${L.inProduction}: ${x.inProduction}${L.projects}`);
  };

  line(L.title(d), 1);
  line(`${L.headline} ${d.year}`, 2);
  headlineLines(h);
  if (d.previousYear) {
    line(L.previousYear(d.previousYear.year), 2);
    headlineLines(d.previousYear);
  }
  line(L.changes(d.changes.from, d.changes.to), 2);
  for (const key of ['signed', 'started', 'inProduction', 'terminated'] as const) {
    const g: ChangeGroup = d.changes[key];
    const largest =
      g.largest.length > 0
        ? `; ${L.largest}: ${g.largest.map((p) => `${typed(p.name)} (${p.districtName}, ${formatYi(p.agreedInvestment, lang)})`).join(', ')}`
        : '';
    line(`${L.groups[key]}: ${g.count}${L.projects}, ${formatYi(g.agreedInvestment, lang)}${largest}`);
  }
  const board = (rows: typeof d.leaderboard) => {
    for (const r of rows) {
      const move = r.movement === null || r.movement === 0 ? '' : r.movement > 0 ? ` ↑${r.movement}` : ` ↓${-r.movement}`;
      const red = r.red ? L.red(r.red) : '';
      line(
        `${r.rank}. ${r.name}: ${formatRate(r.sameYearStartRate)} (${r.startedSameYear}/${r.signed}, ${formatYi(r.agreedInvestment, lang)}${red})${move}`,
      );
    }
  };
  line(L.leaderboard, 2);
  board(d.leaderboard);
  if (d.previousYear && d.previousYearLeaderboard) {
    line(L.previousLeaderboard(d.previousYear.year), 2);
    board(d.previousYearLeaderboard);
  }
  if (d.alerts) {
    line(L.alerts, 2);
    line(L.alertTotals(d.alerts.red, d.alerts.yellow));
    for (const a of d.alerts.byDistrict.filter((x) => x.red > 0 || x.yellow > 0)) {
      const oldest = a.oldestRed
        ? L.oldestRed(`${typed(a.oldestRed.name)} (${a.oldestRed.projectId}, ${a.oldestRed.signedOn}): ${a.oldestRed.reasons.join(', ')}`)
        : '';
      line(`${L.alertDistrict(a.districtName, a.red, a.yellow)}${oldest}`);
    }
  }
  if (d.overdueProblems) {
    line(L.problems, 2);
    line(L.problemsTotal(d.overdueProblems.count));
    for (const u of d.overdueProblems.byUnit) {
      const named = u.oldest.map((p) => `${typed(p.projectName)} (${L.problemLine(p)})`).join(', ');
      line(`${L.unit(typed(u.responsibleUnit), u.count)}: ${named}`);
    }
    if (d.overdueProblems.unitsMore > 0) line(L.unitsMore(d.overdueProblems.unitsMore));
  }
  line(L.stalled, 2);
  if (d.stalled.length === 0) line(L.none);
  for (const s of d.stalled) {
    const why = [
      s.reasons.includes('not-started-in-time') ? L.since(s.daysSinceSigned) : null,
      s.reasons.includes('past-planned-start') ? `${L.overdue} ${s.plannedStartOn}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    line(`${typed(s.name)} (${s.projectId}, ${s.districtName}${s.responsibleUnit ? `, ${typed(s.responsibleUnit)}` : ''}): ${why}`);
  }
  if (d.stalledMore) line(L.stalledMore);
  line(L.upcoming, 2);
  if (d.upcoming.length === 0) line(L.none);
  for (const u of d.upcoming)
    line(
      `${u.plannedStartOn} ${typed(u.name)} (${u.projectId}, ${u.districtName}${u.responsibleUnit ? `, ${typed(u.responsibleUnit)}` : ''})`,
    );
  if (d.upcomingMore) line(L.upcomingMore);
  return out;
}

export function renderMarkdown(d: Digest, lang: Language = 'zh'): string {
  const lines = outline(d, lang, inert).map((l) => (l.heading > 0 ? `${'#'.repeat(l.heading)} ${l.text}` : `- ${l.text}`));
  return `${lines.join('\n')}\n`;
}

export function renderText(d: Digest, lang: Language = 'zh'): string {
  const lines = outline(d, lang).map((l) =>
    l.heading === 1 ? `${l.text}\n${'='.repeat(20)}` : l.heading === 2 ? `\n${l.text}` : `  ${l.text}`,
  );
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** HTML for email: self-contained, inline styles only (mail clients drop style sheets). */
export function renderHtml(d: Digest, lang: Language = 'zh'): string {
  const lines = outline(d, lang);
  const body: string[] = [];
  let inList = false;
  for (const l of lines) {
    if (l.heading > 0 && inList) {
      body.push('</ul>');
      inList = false;
    }
    if (l.heading === 1) body.push(`<h1 style="font-size:20px">${escapeHtml(l.text)}</h1>`);
    else if (l.heading === 2) body.push(`<h2 style="font-size:16px;margin-top:16px">${escapeHtml(l.text)}</h2>`);
    else {
      if (!inList) body.push('<ul style="padding-left:20px">');
      inList = true;
      body.push(`<li>${escapeHtml(l.text)}</li>`);
    }
  }
  if (inList) body.push('</ul>');
  const title = escapeHtml(lines[0]?.text ?? '');
  return `<!doctype html>\n<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><title>${title}</title></head>\n<body style="font-family:sans-serif;line-height:1.5">\n${body.join('\n')}\n</body></html>\n`;
}

/** Every rendering, as the digest JSON carries them; the brief links to `fullDigestUrl`. */
export function renderAll(d: Digest, lang: Language = 'zh', fullDigestUrl: string | null = null) {
  return {
    markdown: renderMarkdown(d, lang),
    html: renderHtml(d, lang),
    text: renderText(d, lang),
    brief: renderBrief(d, lang, fullDigestUrl),
  };
}
