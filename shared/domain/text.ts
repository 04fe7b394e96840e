// Free text a person typed (names, investors, units, reasons): what it may hold. Such text is shown
// on other people's screens, in digests and in spreadsheets, so characters that reorder, hide or
// break lines there are refused, naming the character and where it is; what passes is stored in NFC.
import * as z from 'zod';

const FORBIDDEN: [RegExp, string][] = [
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
  [/[\u0000-\u001f\u007f-\u009f]/u, 'a control character'],
  [/[\u2028\u2029]/u, 'a line or paragraph separator'],
  [/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/u, 'a bidirectional control character'],
  [/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, 'a lone surrogate'],
  [/\ufffd/u, 'U+FFFD, a character lost in a wrong encoding'],
];
/** Characters that show nothing: text made only of these (and spaces) is empty to a reader. */
const INVISIBLE = /[\s\u00ad\u180e\u200b-\u200d\u2060\ufeff]/gu;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text, or null: the first forbidden character with its 1-based position. */
export function textProblem(value: string): string | null {
  for (const [pattern, what] of FORBIDDEN) {
    const match = pattern.exec(value);
    if (match) {
      const position = [...value.slice(0, match.index)].length + 1;
      return `must not contain ${what} (${codePoint(match[0])} at character ${position})`;
    }
  }
  // Blank text is left to the empty check that follows trimming.
  if (value.trim() !== '' && value.replace(INVISIBLE, '') === '') return 'must contain visible characters';
  return null;
}

/** A free-text field of at most `max` characters: checked as sent, then trimmed and NFC-normalised. */
export const FreeText = (max: number) =>
  z
    .string()
    .check((ctx) => {
      const problem = textProblem(ctx.value);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    })
    .trim()
    .overwrite((s) => s.normalize('NFC'))
    .min(1, { message: 'must not be empty' })
    .max(max, { message: `must be at most ${max} characters` });
