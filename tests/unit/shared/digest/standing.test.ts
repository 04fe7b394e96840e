import { describe, expect, it } from 'vitest';
import type { Standing } from '../../../../shared/digest/figures';
import { standingSentences } from '../../../../shared/digest/standing';
import { paceOf, progressOf } from '../../../../shared/domain/year-standing';

const figure = (actual: number, target: number | undefined, lastYear: number) => {
  const { completion, paceGap, yoy } = progressOf(actual, target, paceOf(2024, '2024-03-31'), lastYear);
  return { actual, target: target ?? null, completion, paceGap, lastYear, yoy };
};

const standing: Standing = {
  asOf: '2024-03-31',
  signed: figure(309, 1000, 286),
  agreedInvestment: figure(80_000_000_000, 400_000_000_000, 90_000_000_000),
  startedInYear: { actual: 120, lastYear: 0, yoy: null },
  projection: { sameYearStartRate: 0.4812, expectedStarts: 148.7, startsNeededBeyond: 7, backtestYear: 2023, backtestMae: 0.0314 },
};

describe('where the year stands, worded as a report', () => {
  it('states the actual, the share of the target, the gap to the time elapsed and 同比 (the issue’s example)', () => {
    const s = standingSentences(standing, 'zh');
    // 309 / 286 − 1 = 8.04%; the sentence, with its own figures.
    expect(s.signed).toBe('新签约亿元以上项目 309 个，完成年度目标的 30.90%，超序时进度 5.90 个百分点，同比增长 8.0%');
    expect(s.agreedInvestment).toBe('协议投资额 800.0亿元，完成年度目标的 20.00%，欠序时进度 5.00 个百分点，同比下降 11.1%');
    expect(s.startedInYear).toBe('今年以来开工项目 120 个，去年同期为 0');
    expect(s.projection).toBe(
      '预计年底当年开工率 48.1%（按 2023 年回测，平均误差 ±3.1 个百分点），预计开工 149 个，还需在预计之外开工 7 个',
    );
  });

  it('says nothing of completion or pace without a target, and does not project without history', () => {
    const s = standingSentences(
      {
        ...standing,
        signed: figure(50, undefined, 50),
        projection: { ...standing.projection, sameYearStartRate: null, expectedStarts: null, startsNeededBeyond: null },
      },
      'zh',
    );
    expect(s.signed).toBe('新签约亿元以上项目 50 个，同比持平');
    expect(s.projection).toBe('预计年底当年开工率：往年数据不足，暂不测算');
  });

  it('on a year’s last day speaks of the whole year', () => {
    expect(standingSentences({ ...standing, asOf: '2025-12-31' }, 'zh').startedInYear).toBe('全年开工项目 120 个，去年同期为 0');
  });

  it('in English too', () => {
    const s = standingSentences(standing, 'en');
    expect(s.signed).toBe(
      "Projects of ¥100M+ signed: 309, 30.90% of the year's target, 5.90 points ahead of the time elapsed; up 8.0% on last year",
    );
    expect(s.projection).toMatch(
      /^Year-end same-year start rate projected at 48\.1% \(backtested on 2023: mean error ±3\.1 points\), 149 starts expected; 7 more/,
    );
  });
});
