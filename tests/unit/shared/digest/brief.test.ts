// The robots' brief: golden files, the byte limit over random data, and user text kept inert.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BRIEF_MAX_BYTES, inert, renderBrief } from '../../../../shared/digest/brief';
import type { LeaderboardRow } from '../../../../shared/digest/figures';
import type { DistrictStalled, StalledLine } from '../../../../shared/digest/sections';
import type { DigestContent } from '../../../../shared/digest/types';
import { fixedDigest } from '../../../support/digest-fixture';

const PAGE = 'https://d111111abcdef8.cloudfront.net/app/digests/weekly/2025-W24';
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('the brief', () => {
  const digest = fixedDigest();

  it.each(['zh', 'en'] as const)('(%s) matches its golden file', async (lang) => {
    await expect(renderBrief(digest, lang, PAGE)).toMatchFileSnapshot(`../../../golden/brief.${lang}.md`);
  });

  it('ends with the link to the full digest, or says it is in the email where no app address is configured', () => {
    expect(renderBrief(digest, 'zh', PAGE).trimEnd().split('\n').at(-1)).toBe(`[查看完整周报](${PAGE})`);
    expect(renderBrief(digest, 'zh', null).trimEnd().split('\n').at(-1)).toBe('完整内容见邮件');
  });

  it('a name written in Markdown, HTML or as a mention renders as text', () => {
    const hostile = '**粗体** [点我](https://evil.example) <font color="warning">红</font> @all <@zhangsan> `code` # 标题';
    const line: StalledLine = { ...digest.stalled[0]!, name: hostile };
    const withName: DigestContent = {
      ...digest,
      stalledByDistrict: [{ district: 'haizhou', districtName: '海州区', count: 1, oldest: [line] }],
      changes: {
        ...digest.changes,
        signed: { ...digest.changes.signed, largest: [{ ...digest.changes.signed.largest[0]!, name: hostile }] },
      },
    };
    const brief = renderBrief(withName, 'zh', PAGE);
    // Everything but the brief's own link line.
    const body = brief.trimEnd().split('\n').slice(0, -1).join('\n');
    for (const markup of ['**', '](', '<font', '@all', '<@', '`', '# 标题']) expect(body).not.toContain(markup);
    // What was typed is still there to read, in full-width characters.
    expect(brief).toContain('＊＊粗体＊＊ ［点我］（https');
    expect(inert('<font>@all')).toBe('＜font＞＠all');
    // A bare address, which a chat client would turn into a link, is no longer one.
    expect(inert('https://evil.example/login 点击领取')).toBe('https：／／evil．example／login 点击领取');
  });

  it('drops the named examples before the counts: ten districts of long-named stalled projects keep every count', () => {
    const longName = '很长的项目名称'.repeat(30);
    const stalledByDistrict: DistrictStalled[] = Array.from({ length: 10 }, (_, i) => ({
      district: `d${i}`,
      districtName: `第${i}区`,
      count: 100 + i,
      oldest: Array.from({ length: 3 }, () => ({ ...digest.stalled[0]!, name: longName })),
    }));
    const brief = renderBrief({ ...digest, stalledByDistrict }, 'zh', PAGE);
    expect(bytes(brief)).toBeLessThanOrEqual(BRIEF_MAX_BYTES);
    for (const s of stalledByDistrict) expect(brief).toContain(`${s.districtName} ${s.count} 个`);
    expect(brief).toContain('久未开工项目 1045 个');
  });

  it(`never exceeds ${BRIEF_MAX_BYTES} bytes (up to 10 districts, 100,000 projects, names of 200 characters)`, () => {
    const text = fc.string({
      unit: fc.constantFrom('项', '目', 'a', '*', '[', ']', '(', ')', '<', '@', '😀', ' ', '_'),
      minLength: 1,
      maxLength: 200,
    });
    const count = fc.integer({ min: 0, max: 100_000 });
    const amount = fc.integer({ min: 0, max: 100_000 * 1_000_000_000 });
    const district = fc.record({
      name: text,
      count,
      started: count,
      signed: count,
      rate: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    });
    const arbitrary = fc.record({
      districts: fc.array(district, { minLength: 1, maxLength: 10 }),
      names: fc.array(text, { minLength: 30, maxLength: 30 }),
      counts: fc.array(count, { minLength: 4, maxLength: 4 }),
      amounts: fc.array(amount, { minLength: 4, maxLength: 4 }),
      withPreviousYear: fc.boolean(),
      lang: fc.constantFrom('zh' as const, 'en' as const),
    });
    fc.assert(
      fc.property(arbitrary, ({ districts, names, counts, amounts, withPreviousYear, lang }) => {
        const headline = { ...digest.headline, signed: counts[0]!, agreedInvestment: amounts[0]!, startsNeeded: counts[1]! };
        const group = (i: number) => ({
          count: counts[i]!,
          agreedInvestment: amounts[i]!,
          largest: names.slice(i * 3, i * 3 + 3).map((name) => ({ ...digest.changes.signed.largest[0]!, name, districtName: name })),
        });
        const leaderboard: LeaderboardRow[] = districts.map((d, i) => ({
          ...digest.leaderboard[0]!,
          rank: i + 1,
          district: `d${i}`,
          name: d.name,
          signed: d.signed,
          startedSameYear: d.started,
          sameYearStartRate: d.rate,
        }));
        const content: DigestContent = {
          ...digest,
          headline,
          previousYear: withPreviousYear ? { ...headline, year: 2024 } : null,
          previousYearLeaderboard: withPreviousYear ? leaderboard : null,
          changes: { ...digest.changes, signed: group(0), started: group(1), inProduction: group(2), terminated: group(3) },
          leaderboard,
          stalledByDistrict: districts.map((d, i) => ({
            district: `d${i}`,
            districtName: d.name,
            count: d.count,
            oldest: names.slice(i * 3, i * 3 + 3).map((name) => ({ ...digest.stalled[0]!, name, daysSinceSigned: d.count })),
          })),
          upcomingCount: counts[2]!,
        };
        const brief = renderBrief(content, lang, PAGE);
        expect(bytes(brief)).toBeLessThanOrEqual(BRIEF_MAX_BYTES);
        expect(brief.trimEnd().endsWith(`(${PAGE})`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
