// What may block a project (问题类别): the same for every city.
export const PROBLEM_CATEGORIES = [
  { code: 'land', name: '用地' },
  { code: 'planning', name: '规划许可' },
  { code: 'environment', name: '环评' },
  { code: 'energy', name: '能评' },
  { code: 'finance', name: '资金' },
  { code: 'utilities', name: '水电气' },
  { code: 'demolition', name: '征迁' },
  { code: 'other', name: '其他' },
] as const;

export type ProblemCategory = (typeof PROBLEM_CATEGORIES)[number]['code'];

export const PROBLEM_CATEGORY_CODES = PROBLEM_CATEGORIES.map((c) => c.code) as [ProblemCategory, ...ProblemCategory[]];

export function problemCategoryName(code: string): string {
  return PROBLEM_CATEGORIES.find((c) => c.code === code)?.name ?? code;
}
