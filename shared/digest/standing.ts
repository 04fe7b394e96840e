// Where the year stands, worded as an official report (通报) states it: the actual, the share of the
// year's target, the gap to the time elapsed (超/欠序时进度) and the change on last year (同比);
// then the start rate's year-end projection, with its backtested error beside it.
import type { Standing } from './figures';
import { formatRate, formatYi, type Language } from './format';

export interface StandingSentences {
  signed: string;
  agreedInvestment: string;
  startedInYear: string;
  projection: string;
}

const percent = (fraction: number, digits: number) => `${(fraction * 100).toFixed(digits)}%`;
const points = (value: number) => Math.abs(value).toFixed(2);

const WORDS = {
  zh: {
    signed: (n: number) => `新签约亿元以上项目 ${n} 个`,
    agreedInvestment: (yuan: number) => `协议投资额 ${formatYi(yuan, 'zh')}`,
    startedInYear: (n: number, wholeYear: boolean) => `${wholeYear ? '全年' : '今年以来'}开工项目 ${n} 个`,
    completion: (c: number) => `，完成年度目标的 ${percent(c, 2)}`,
    pace: (gap: number) => `，${gap >= 0 ? '超' : '欠'}序时进度 ${points(gap)} 个百分点`,
    yoy: (yoy: number | null) =>
      yoy === null ? '，去年同期为 0' : yoy === 0 ? '，同比持平' : `，同比${yoy > 0 ? '增长' : '下降'} ${percent(Math.abs(yoy), 1)}`,
    projection: (s: Standing['projection']) => {
      if (s.sameYearStartRate === null || s.expectedStarts === null) return '预计年底当年开工率：往年数据不足，暂不测算';
      const error = s.backtestMae === null ? '' : `（按 ${s.backtestYear} 年回测，平均误差 ±${(s.backtestMae * 100).toFixed(1)} 个百分点）`;
      const beyond = s.startsNeededBeyond ? `，还需在预计之外开工 ${s.startsNeededBeyond} 个` : '，按预计可达到目标';
      return `预计年底当年开工率 ${formatRate(s.sameYearStartRate)}${error}，预计开工 ${Math.round(s.expectedStarts)} 个${beyond}`;
    },
  },
  en: {
    signed: (n: number) => `Projects of ¥100M+ signed: ${n}`,
    agreedInvestment: (yuan: number) => `Agreed investment: ${formatYi(yuan, 'en')}`,
    startedInYear: (n: number, wholeYear: boolean) => `Projects started ${wholeYear ? 'in the year' : 'this year so far'}: ${n}`,
    completion: (c: number) => `, ${percent(c, 2)} of the year's target`,
    pace: (gap: number) => `, ${points(gap)} points ${gap >= 0 ? 'ahead of' : 'behind'} the time elapsed`,
    yoy: (yoy: number | null) =>
      yoy === null
        ? '; none a year before'
        : yoy === 0
          ? '; level with last year'
          : `; ${yoy > 0 ? 'up' : 'down'} ${percent(Math.abs(yoy), 1)} on last year`,
    projection: (s: Standing['projection']) => {
      if (s.sameYearStartRate === null || s.expectedStarts === null) return 'Year-end same-year start rate: too little history to project';
      const error =
        s.backtestMae === null ? '' : ` (backtested on ${s.backtestYear}: mean error ±${(s.backtestMae * 100).toFixed(1)} points)`;
      const beyond = s.startsNeededBeyond ? `; ${s.startsNeededBeyond} more starts needed beyond those` : '; on course for the target';
      return `Year-end same-year start rate projected at ${formatRate(s.sameYearStartRate)}${error}, ${Math.round(s.expectedStarts)} starts expected${beyond}`;
    },
  },
} as const;

export function standingSentences(s: Standing, lang: Language): StandingSentences {
  const W = WORDS[lang];
  const against = (f: Standing['signed']) =>
    `${f.completion === null ? '' : W.completion(f.completion)}${f.paceGap === null ? '' : W.pace(f.paceGap)}${W.yoy(f.yoy)}`;
  return {
    signed: `${W.signed(s.signed.actual)}${against(s.signed)}`,
    agreedInvestment: `${W.agreedInvestment(s.agreedInvestment.actual)}${against(s.agreedInvestment)}`,
    // On a year's last day it is the whole year's figure, not "so far".
    startedInYear: `${W.startedInYear(s.startedInYear.actual, s.asOf.endsWith('-12-31'))}${W.yoy(s.startedInYear.yoy)}`,
    projection: W.projection(s.projection),
  };
}
