// The local bus's pattern matching, against the behaviour EventBridge documents for each operator.
import { describe, expect, it } from 'vitest';
import { rollupRulePattern } from '../../events';
import { matchesPattern } from '../../local/event-pattern';

const event = {
  source: 'pipeline.projects',
  'detail-type': 'ProjectStarted',
  detail: { schemaVersion: 1, district: 'haizhou', amount: 250, tags: ['a', 'b'], empty: null },
};

describe('event patterns', () => {
  it('the rollup rule matches every project event of schema version 1, and nothing else', () => {
    expect(matchesPattern(event, rollupRulePattern)).toBe(true);
    expect(matchesPattern({ ...event, detail: { ...event.detail, schemaVersion: 2 } }, rollupRulePattern)).toBe(false);
    expect(matchesPattern({ ...event, source: 'other' }, rollupRulePattern)).toBe(false);
    expect(matchesPattern({ ...event, 'detail-type': 'ProjectDeleted' }, rollupRulePattern)).toBe(false);
  });

  it.each([
    ['exact, any of a list', { detail: { district: ['ganyu', 'haizhou'] } }, true],
    ['exact number is not a string', { detail: { schemaVersion: ['1'] } }, false],
    ['null matches null', { detail: { empty: [null] } }, true],
    ['an array value matches when any element does', { detail: { tags: ['b'] } }, true],
    ['prefix', { detail: { district: [{ prefix: 'hai' }] } }, true],
    ['prefix miss', { detail: { district: [{ prefix: 'gan' }] } }, false],
    ['anything-but a value', { detail: { district: [{ 'anything-but': 'ganyu' }] } }, true],
    ['anything-but a list', { detail: { district: [{ 'anything-but': ['ganyu', 'haizhou'] }] } }, false],
    ['anything-but a prefix', { detail: { district: [{ 'anything-but': { prefix: 'hai' } }] } }, false],
    ['anything-but on a missing field does not match', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    ['exists true', { detail: { district: [{ exists: true }] } }, true],
    ['exists false on a missing field', { detail: { missing: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { district: [{ exists: false }] } }, false],
    ['numeric range', { detail: { amount: [{ numeric: ['>', 100, '<=', 250] }] } }, true],
    ['numeric out of range', { detail: { amount: [{ numeric: ['<', 100] }] } }, false],
    ['numeric on a string', { detail: { district: [{ numeric: ['>', 0] }] } }, false],
    ['a nested pattern on a scalar', { source: { nested: ['x'] } }, false],
    ['every field must match', { source: ['pipeline.projects'], detail: { district: ['ganyu'] } }, false],
  ])('%s', (_, pattern, expected) => {
    expect(matchesPattern(event, pattern)).toBe(expected);
  });

  it('an operator it does not know is an error, not a silent miss', () => {
    expect(() => matchesPattern(event, { source: [{ suffix: 'x' }] })).toThrow(/unsupported event pattern operator: suffix/);
  });
});
