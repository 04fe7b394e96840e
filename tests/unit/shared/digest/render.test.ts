// Golden files of each rendering for a fixed data set (tests/golden/). A change to a rendering shows
// as a diff of these files; review it, then update them with `npx vitest run -u`.
import { describe, expect, it } from 'vitest';
import { formatRate, formatYi } from '../../../../shared/digest/format';
import { renderHtml, renderMarkdown, renderText } from '../../../../shared/digest/render';
import { fixedDigest } from '../../../support/digest-fixture';

describe('digest renderings', () => {
  const digest = fixedDigest();

  it.each([
    ['markdown', 'zh', renderMarkdown],
    ['markdown', 'en', renderMarkdown],
    ['text', 'zh', renderText],
    ['text', 'en', renderText],
    ['html', 'zh', renderHtml],
    ['html', 'en', renderHtml],
  ] as const)('%s (%s) matches its golden file', async (format, lang, render) => {
    const extension = { markdown: 'md', text: 'txt', html: 'html' }[format];
    await expect(render(digest, lang)).toMatchFileSnapshot(`../../../golden/digest.${lang}.${extension}`);
  });

  it('the full Markdown, like the brief, shows typed Markdown, mentions and addresses as text', () => {
    const hostile = { ...digest, upcoming: [{ ...digest.upcoming[0]!, name: '**粗** <@all> [x](https://evil.example)' }] };
    const markdown = renderMarkdown(hostile);
    expect(markdown).toContain('＊＊粗＊＊ ＜＠all＞ ［x］（https：／／evil．example）');
    expect(markdown).not.toContain('<@all>');
  });

  it('HTML escapes what users typed', () => {
    const hostile = { ...digest, upcoming: [{ ...digest.upcoming[0]!, name: '<img src=x onerror=alert(1)>' }] };
    expect(renderHtml(hostile)).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(renderHtml(hostile)).not.toContain('<img');
  });

  it('amounts in 亿元 with sensible rounding, rates as percentages', () => {
    expect(formatYi(650_000_000, 'zh')).toBe('6.50亿元');
    expect(formatYi(12_000_000_000, 'zh')).toBe('120.0亿元');
    expect(formatYi(400_000_000_000, 'zh')).toBe('4,000亿元');
    expect(formatYi(12_000_000_000, 'en')).toBe('¥12.00 bn');
    expect(formatYi(0, 'zh')).toBe('0亿元');
    expect(formatRate(0.5)).toBe('50.0%');
    expect(formatRate(null)).toBe('—');
  });
});
