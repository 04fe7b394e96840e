// Free text that would rewrite other people's screens is refused, naming the character and where.
import { describe, expect, it } from 'vitest';
import { FreeText, textProblem } from '../../../../shared/domain/text';

describe('free text', () => {
  it.each([
    ['NUL', 'A\u0000B', 'a control character (U+0000 at character 2)'],
    ['a line feed', '名称\n第二行', 'a control character (U+000A at character 3)'],
    ['a carriage return', 'x\r', 'a control character (U+000D at character 2)'],
    ['C1 control', 'x\u0085y', 'a control character (U+0085 at character 2)'],
    ['a line separator', '项目\u2028', 'a line or paragraph separator (U+2028 at character 3)'],
    ['a paragraph separator', '\u2029项目', 'a line or paragraph separator (U+2029 at character 1)'],
    ['a right-to-left override', '项目\u202Egnp.exe', 'a bidirectional control character (U+202E at character 3)'],
    ['a bidi isolate', '\u2066x\u2069', 'a bidirectional control character (U+2066 at character 1)'],
    ['a lone high surrogate', 'ab\uD83D', 'a lone surrogate (U+D83D at character 3)'],
    ['a lone low surrogate', '\uDE00ab', 'a lone surrogate (U+DE00 at character 1)'],
    ['a replacement character', '江苏\uFFFD公司', 'U+FFFD, a character lost in a wrong encoding (U+FFFD at character 3)'],
  ])('refuses %s', (_what, value, rule) => {
    expect(textProblem(value)).toBe(`must not contain ${rule}`);
  });

  it('counts positions in characters, so an emoji before the fault is one', () => {
    expect(textProblem('😀\u0007')).toBe('must not contain a control character (U+0007 at character 2)');
  });

  it.each(['\u200B', '\u2060\u200B', ' \u200B\u200C '])('refuses text of invisible characters only (%j)', (value) => {
    expect(textProblem(value)).toBe('must contain visible characters');
  });

  it('accepts ordinary Chinese, English, emoji and joiners inside words', () => {
    for (const value of ['连云港石化产业园（二期）', 'Jiangsu "New" Materials Co., Ltd.', '👩‍🔬 实验室', 'a\u200Bb']) {
      expect(textProblem(value)).toBeNull();
    }
  });

  it('stores NFC, trimmed, and names every rule broken', () => {
    expect(FreeText(20).parse('  Cafe\u0301  ')).toBe('Café');
    const result = FreeText(3).safeParse('ab\u0000cd');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      'must not contain a control character (U+0000 at character 3)',
      'must be at most 3 characters',
    ]);
  });
});
