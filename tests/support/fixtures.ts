import { LIANYUNGANG } from '../../shared/domain/city-config';
import type { CommandContext, ProjectCommand, ProjectSnapshot, SignInput } from '../../shared/domain/project';

/** 2025-06-15 12:00 in Asia/Shanghai. */
export const NOW = new Date('2025-06-15T04:00:00Z');

export function signInput(overrides: Partial<SignInput> = {}): SignInput {
  return {
    projectId: 'LYG-2025-001',
    name: '年产10万吨高端新材料项目',
    investor: '江苏某新材料有限公司',
    district: 'xuwei',
    industry: 'new-materials',
    agreedInvestment: 1_500_000_000,
    signedOn: '2025-03-10',
    plannedStartOn: '2025-07-01',
    responsibleUnit: '徐圩新区招商局',
    ...overrides,
  };
}

/** A stored project at version 1, as a sign of `signInput` leaves it. */
export function project(overrides: Partial<ProjectSnapshot> = {}): ProjectSnapshot {
  const agreedInvestment = overrides.agreedInvestment ?? 1_500_000_000;
  return {
    ...signInput(),
    capitalSource: 'domestic',
    currency: 'CNY',
    agreedInvestment,
    agreedInvestmentOriginal: agreedInvestment,
    version: 1,
    updatedAt: NOW.toISOString(),
    updatedBy: 'clerk-1',
    ...overrides,
  };
}

export function signCommand(overrides: Partial<SignInput> = {}): ProjectCommand {
  return { type: 'sign', ...signInput(overrides) };
}

let sequence = 0;
export function context(overrides: Partial<CommandContext> = {}): CommandContext {
  return {
    actor: 'clerk-1',
    now: NOW,
    newEventId: () => `evt-${String(++sequence).padStart(6, '0')}`,
    config: LIANYUNGANG,
    ...overrides,
  };
}
