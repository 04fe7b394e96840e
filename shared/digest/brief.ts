// The brief: the digest as the group robots (WeCom, DingTalk, Feishu) post it to a phone. Always
// within BRIEF_MAX_BYTES whatever the data: whole sections only, and when something must give, the
// named examples go before the counts. The full digest is one tap away in the web app.
import { formatRate, formatYi, type Language } from './format';
import type { Headline, LeaderboardRow } from './figures';
import { standingSentences } from './standing';
import type { ChangeGroup } from './sections';
import type { DigestContent } from './types';

/** WeCom's robot takes 4,096 bytes of Markdown; the brief keeps under 4,000. */
export const BRIEF_MAX_BYTES = 4000;
/** A name in the brief is cut to this many characters: a phone shows a line, not a paragraph. */
const NAME_CHARS = 24;
/** The responsible units with overdue problems the brief lists (the full digest lists more). */
const UNITS_IN_BRIEF = 3;

/**
 * User-written text made inert in any of the three robots' Markdown dialects, which differ in what
 * they parse and none documents an escape that all honour: each character that could start markup
 * (emphasis, links, HTML, headings, quotes, code, WeCom's @mentions) or make a bare address the
 * client turns into a link (`.`, `:`, `/`) becomes its full-width form, which reads the same in
 * Chinese text and parses as nothing.
 */
export function inert(text: string): string {
  return text.replace(/[\\*_[\]()<>`#~|@&!+=\-.:/]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/\s+/g, ' ');
}

/** At most `max` characters (code points), with an ellipsis where it was cut. */
function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const name = (text: string) => inert(clip(text, NAME_CHARS));

const LABELS = {
  zh: {
    title: (d: DigestContent) => `${d.kind === 'weekly' ? '项目推进周报' : '项目推进月报'}（${d.period}，截至 ${d.asOf}）`,
    headline: (year: number) => `${year} 年总体进展`,
    previousYear: (year: number) => `${year} 年最终数据`,
    signed: (h: Headline) => `新签约亿元以上项目 ${h.signed} / ${h.targets.signed} 个`,
    investment: (h: Headline, lang: Language) =>
      `协议投资额 ${formatYi(h.agreedInvestment, lang)} / ${formatYi(h.targets.agreedInvestment, lang)}`,
    leading: (h: Headline) => `主导产业占比 ${formatRate(h.leadingShare)} / ${formatRate(h.targets.leadingShare)}`,
    startRate: (h: Headline) =>
      `当年开工率 ${formatRate(h.sameYearStartRate)} / ${formatRate(h.targets.sameYearStartRate)}，距目标还需开工 ${h.startsNeeded} 个`,
    inProduction: (h: Headline) => `已投产 ${h.inProduction} 个`,
    changes: (from: string, to: string) => `本期变化（${from} 至 ${to}）`,
    groups: { signed: '新签约', started: '新开工', inProduction: '新投产', terminated: '终止' },
    group: (label: string, g: ChangeGroup, lang: Language) => `${label} ${g.count} 个，${formatYi(g.agreedInvestment, lang)}`,
    largest: (text: string) => `；最大：${text}`,
    /** A named project and what is said of it. */
    item: (named: string, about: string) => `${named}（${about}）`,
    named: (list: string) => `：${list}`,
    leaderboard: '县区龙虎榜（当年开工率）',
    boardRow: (r: LeaderboardRow) =>
      `- 第 ${r.rank} 名 ${inert(r.name)} ${formatRate(r.sameYearStartRate)}（${r.startedSameYear}/${r.signed}${r.red ? `，红灯 ${r.red}` : ''}）`,
    alerts: (red: number, yellow: number) => `红灯 ${red} 个、黄灯 ${yellow} 个`,
    alertDistrict: (district: string, red: number, yellow: number) => `${district} 红灯 ${red}、黄灯 ${yellow}`,
    redSince: (since: string) => `红灯自 ${since}`,
    problems: (count: number) => `逾期问题 ${count} 个`,
    unitRow: (unit: string, count: number, days: number) => `${unit} ${count} 个（最久逾期 ${days} 天）`,
    stalled: (count: number) => `久未开工项目 ${count} 个`,
    stalledDistrict: (district: string, count: number) => `${district} ${count} 个`,
    since: (days: number) => `签约 ${days} 天`,
    upcoming: (count: number) => `未来 30 天计划开工 ${count} 个`,
    none: '无',
    omitted: '……（其余见完整报告）',
    link: (kind: DigestContent['kind']) => `查看完整${kind === 'weekly' ? '周报' : '月报'}`,
    noLink: '完整内容见邮件',
    listSeparator: '、',
    comma: '，',
  },
  en: {
    title: (d: DigestContent) => `${d.kind === 'weekly' ? 'Weekly' : 'Monthly'} pipeline brief (${d.period}, as of ${d.asOf})`,
    headline: (year: number) => `Where ${year} stands`,
    previousYear: (year: number) => `${year} final figures`,
    signed: (h: Headline) => `Projects of ¥100M+ signed: ${h.signed} / ${h.targets.signed}`,
    investment: (h: Headline, lang: Language) =>
      `Agreed investment: ${formatYi(h.agreedInvestment, lang)} / ${formatYi(h.targets.agreedInvestment, lang)}`,
    leading: (h: Headline) => `Leading-industry share: ${formatRate(h.leadingShare)} / ${formatRate(h.targets.leadingShare)}`,
    startRate: (h: Headline) =>
      `Same-year start rate: ${formatRate(h.sameYearStartRate)} / ${formatRate(h.targets.sameYearStartRate)}; starts still needed: ${h.startsNeeded}`,
    inProduction: (h: Headline) => `In production: ${h.inProduction}`,
    changes: (from: string, to: string) => `Changes (${from} to ${to})`,
    groups: { signed: 'Signed', started: 'Started', inProduction: 'In production', terminated: 'Terminated' },
    group: (label: string, g: ChangeGroup, lang: Language) => `${label}: ${g.count}, ${formatYi(g.agreedInvestment, lang)}`,
    largest: (text: string) => `; largest: ${text}`,
    item: (named: string, about: string) => `${named} (${about})`,
    named: (list: string) => `: ${list}`,
    leaderboard: 'District leaderboard (same-year start rate)',
    boardRow: (r: LeaderboardRow) =>
      `- #${r.rank} ${inert(r.name)} ${formatRate(r.sameYearStartRate)} (${r.startedSameYear}/${r.signed}${r.red ? `, red ${r.red}` : ''})`,
    alerts: (red: number, yellow: number) => `Red: ${red}, yellow: ${yellow}`,
    alertDistrict: (district: string, red: number, yellow: number) => `${district} red ${red}, yellow ${yellow}`,
    redSince: (since: string) => `red since ${since}`,
    problems: (count: number) => `Overdue problems: ${count}`,
    unitRow: (unit: string, count: number, days: number) => `${unit} ${count} (longest ${days} days overdue)`,
    stalled: (count: number) => `Stalled projects: ${count}`,
    stalledDistrict: (district: string, count: number) => `${district} ${count}`,
    since: (days: number) => `${days} days since signing`,
    upcoming: (count: number) => `Planned starts in the next 30 days: ${count}`,
    none: 'none',
    omitted: '… (the rest is in the full digest)',
    link: (kind: DigestContent['kind']) => `Open the full ${kind === 'weekly' ? 'weekly' : 'monthly'} digest`,
    noLink: 'The full digest is in the email',
    listSeparator: '; ',
    comma: ', ',
  },
} as const;

/** How much the brief names: the first choice that fits is taken. */
interface Detail {
  /** Named stalled projects per district (the oldest first). */
  stalledNamed: number;
  /** Name the largest signing and start of the period. */
  largestNamed: boolean;
}
const DETAILS: Detail[] = [
  { stalledNamed: 3, largestNamed: true },
  { stalledNamed: 2, largestNamed: true },
  { stalledNamed: 1, largestNamed: true },
  { stalledNamed: 0, largestNamed: true },
  { stalledNamed: 0, largestNamed: false },
];

type Section = string[];

function sections(d: DigestContent, lang: Language, detail: Detail): Section[] {
  const L = LABELS[lang];
  const figures = (h: Headline) => {
    if (!h.standing) {
      return [`- ${L.signed(h)}`, `- ${L.investment(h, lang)}`, `- ${L.leading(h)}`, `- ${L.startRate(h)}`, `- ${L.inProduction(h)}`];
    }
    const s = standingSentences(h.standing, lang);
    return [
      `- ${s.signed}`,
      `- ${s.agreedInvestment}`,
      `- ${s.startedInYear}`,
      `- ${L.leading(h)}`,
      `- ${L.startRate(h)}`,
      `- ${s.projection}`,
      `- ${L.inProduction(h)}`,
    ];
  };
  const out: Section[] = [[`## ${L.headline(d.year)}`, ...figures(d.headline)]];
  if (d.previousYear) out.push([`## ${L.previousYear(d.previousYear.year)}`, ...figures(d.previousYear)]);

  const change = (key: keyof typeof L.groups) => {
    const g: ChangeGroup = d.changes[key];
    const top = g.largest[0];
    const named =
      detail.largestNamed && top && (key === 'signed' || key === 'started')
        ? L.largest(L.item(name(top.name), `${inert(top.districtName)}${L.comma}${formatYi(top.agreedInvestment, lang)}`))
        : '';
    return `- ${L.group(L.groups[key], g, lang)}${named}`;
  };
  out.push([
    `## ${L.changes(d.changes.from, d.changes.to)}`,
    change('signed'),
    change('started'),
    change('inProduction'),
    change('terminated'),
  ]);

  out.push([`## ${L.leaderboard}`, ...(d.leaderboard.length ? d.leaderboard.map((r) => L.boardRow(r)) : [`- ${L.none}`])]);

  if (d.alerts) {
    out.push([
      `## ${L.alerts(d.alerts.red, d.alerts.yellow)}`,
      ...d.alerts.byDistrict
        .filter((a) => a.red > 0 || a.yellow > 0)
        .map((a) => {
          const named =
            detail.stalledNamed > 0 && a.oldestRed ? L.named(L.item(name(a.oldestRed.name), L.redSince(a.oldestRed.since))) : '';
          return `- ${L.alertDistrict(inert(a.districtName), a.red, a.yellow)}${named}`;
        }),
    ]);
  }
  if (d.overdueProblems) {
    out.push([
      `## ${L.problems(d.overdueProblems.count)}`,
      ...d.overdueProblems.byUnit
        .slice(0, UNITS_IN_BRIEF)
        .map((u) => `- ${L.unitRow(name(u.responsibleUnit), u.count, u.oldest[0]?.daysOverdue ?? 0)}`),
    ]);
  }

  const stalledTotal = d.stalledByDistrict.reduce((sum, s) => sum + s.count, 0);
  out.push([
    `## ${L.stalled(stalledTotal)}`,
    ...d.stalledByDistrict
      .filter((s) => s.count > 0)
      .map((s) => {
        const named = s.oldest
          .slice(0, detail.stalledNamed)
          .map((p) => L.item(name(p.name), L.since(p.daysSinceSigned)))
          .join(L.listSeparator);
        return `- ${L.stalledDistrict(inert(s.districtName), s.count)}${named ? L.named(named) : ''}`;
      }),
  ]);
  out.push([`## ${L.upcoming(d.upcomingCount)}`]);
  return out;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * The brief in Markdown, at most BRIEF_MAX_BYTES in UTF-8. `fullDigestUrl` is the digest's page in
 * the web app (null where no public address of the app is configured).
 */
export function renderBrief(d: DigestContent, lang: Language, fullDigestUrl: string | null): string {
  const L = LABELS[lang];
  const title = `# ${L.title(d)}`;
  const link = fullDigestUrl ? `[${L.link(d.kind)}](${fullDigestUrl})` : L.noLink;
  const join = (parts: Section[]) => `${[[title], ...parts, [link]].map((s) => s.join('\n')).join('\n\n')}\n`;

  for (const detail of DETAILS) {
    const text = join(sections(d, lang, detail));
    if (bytes(text) <= BRIEF_MAX_BYTES) return text;
  }
  // Still too long (a city with many districts): whole sections from the end give way.
  const parts = sections(d, lang, DETAILS.at(-1)!);
  while (parts.length > 1) {
    parts.pop();
    const text = join([...parts, [L.omitted]]);
    if (bytes(text) <= BRIEF_MAX_BYTES) return text;
  }
  return join([[L.omitted]]);
}
