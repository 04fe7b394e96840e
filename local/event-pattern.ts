// EventBridge event patterns, for the local bus: the operators this project uses, with EventBridge's
// semantics (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html).
// - A field's pattern is a list; the event matches when its value (or any element of an array
//   value) matches any entry of the list.
// - Entries: an exact string, number, boolean or null; {prefix}; {anything-but: value | list |
//   {prefix}}; {exists: true|false}; {numeric: [op, n, (op, n)]}.
// - Nested objects match field by field; every field of the pattern must match.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type EventPattern = { [field: string]: readonly unknown[] | EventPattern };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function matchesPattern(event: unknown, pattern: EventPattern): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([field, rule]) => {
    const value = event[field] as Json | undefined;
    if (Array.isArray(rule)) return matchesField(value, rule);
    return isObject(rule) ? matchesPattern(value, rule as EventPattern) : false;
  });
}

function matchesField(value: Json | undefined, rules: readonly unknown[]): boolean {
  return rules.some((rule) => {
    if (isObject(rule) && 'exists' in rule) return (value !== undefined) === rule.exists;
    if (value === undefined) return false;
    const values: Json[] = Array.isArray(value) ? value : [value];
    if (isObject(rule) && 'anything-but' in rule) return values.every((v) => !matchesEntry(v, rule['anything-but']));
    return values.some((v) => matchesEntry(v, rule));
  });
}

function matchesEntry(value: Json, rule: unknown): boolean {
  if (Array.isArray(rule)) return rule.some((r) => matchesEntry(value, r));
  if (!isObject(rule)) return value === rule;
  if ('prefix' in rule) return typeof value === 'string' && typeof rule.prefix === 'string' && value.startsWith(rule.prefix);
  if ('numeric' in rule) return typeof value === 'number' && matchesNumeric(value, rule.numeric);
  throw new Error(`unsupported event pattern operator: ${Object.keys(rule).join(', ')}`);
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function matchesNumeric(value: number, conditions: unknown): boolean {
  if (!Array.isArray(conditions) || conditions.length % 2 !== 0) throw new Error('numeric takes [operator, number, …] pairs');
  for (let i = 0; i < conditions.length; i += 2) {
    const compare = COMPARE[String(conditions[i])];
    if (!compare || typeof conditions[i + 1] !== 'number') throw new Error(`bad numeric condition ${JSON.stringify(conditions)}`);
    if (!compare(value, conditions[i + 1] as number)) return false;
  }
  return true;
}
