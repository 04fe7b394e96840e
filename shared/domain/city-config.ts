// City configuration: districts, industries, the investment floor and the default targets.
// Lianyungang's is the default; another city sets CITY_CONFIG_JSON (same shape) without code changes.
import * as z from 'zod';
import { CalendarDate } from '../../events';

const Code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, { message: 'must be a lowercase code' });

export const TargetsSchema = z.strictObject({
  /** Newly signed projects of the year. */
  signed: z.number().int().nonnegative(),
  /** Agreed investment of those projects, integer yuan. */
  agreedInvestment: z.number().int().nonnegative(),
  /** Share of signed projects in leading industries, 0–1. */
  leadingShare: z.number().min(0).max(1),
  /** Projects signed in year Y and started in Y, over those signed in Y, 0–1. */
  sameYearStartRate: z.number().min(0).max(1),
  /** Each district's own targets, where set (a district without one shows no completion). */
  byDistrict: z
    .record(
      Code,
      z.strictObject({
        signed: z.number().int().nonnegative().optional(),
        agreedInvestment: z.number().int().nonnegative().optional(),
      }),
    )
    .optional(),
});
export type Targets = z.infer<typeof TargetsSchema>;

/** The traffic lights' thresholds, in days (DESIGN.md, "Life-cycle monitoring"). */
export const AlertThresholdsSchema = z.strictObject({
  /** A signed project not started after this many days is yellow… */
  yellowAfterDays: z.number().int().positive(),
  /** …and red after this many. */
  redAfterDays: z.number().int().positive(),
  /** A planned start or a problem's due date passed by more than this many days is red (passed at all: yellow). */
  plannedGraceDays: z.number().int().nonnegative(),
  /** A planned production date passed by more than this many days is red. */
  productionGraceDays: z.number().int().nonnegative().default(90),
});
export type AlertThresholds = z.infer<typeof AlertThresholdsSchema>;

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  yellowAfterDays: 60,
  redAfterDays: 90,
  plannedGraceDays: 30,
  productionGraceDays: 90,
};

export const CityConfigSchema = z
  .strictObject({
    city: z.string().min(1),
    districts: z.array(z.strictObject({ code: Code, name: z.string().min(1) })).min(1),
    industries: z.array(z.strictObject({ code: Code, name: z.string().min(1), leading: z.boolean() })).min(1),
    /** Projects below this agreed investment (yuan) are refused. */
    minAgreedInvestment: z.number().int().nonnegative(),
    /** A project agreed in US dollars is in scope from this many dollars (DESIGN's B1, US$10M). */
    minAgreedInvestmentUsd: z.number().int().nonnegative().default(10_000_000),
    /** And above this one: a figure no real project reaches is a typing or unit mistake. */
    maxAgreedInvestment: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(1_000_000_000_000),
    /** Business dates before this one are typing mistakes (the register starts after it). */
    earliestBusinessDate: CalendarDate.default('2000-01-01'),
    /** A planned date at most this many years after signing. */
    plannedWithinYears: z.number().int().positive().default(10),
    defaultTargets: TargetsSchema,
    /** A signed project without a start after this many days is listed as stalled in digests. */
    stalledAfterDays: z.number().int().positive().default(90),
    alerts: AlertThresholdsSchema.default(DEFAULT_ALERT_THRESHOLDS),
  })
  .refine((c) => c.minAgreedInvestment <= c.maxAgreedInvestment, {
    message: 'must not be above maxAgreedInvestment',
    path: ['minAgreedInvestment'],
  })
  .refine((c) => c.alerts.yellowAfterDays < c.alerts.redAfterDays, {
    message: 'yellowAfterDays must be below redAfterDays',
    path: ['alerts'],
  })
  .refine((c) => new Set(c.districts.map((d) => d.code)).size === c.districts.length, {
    message: 'district codes must be unique',
    path: ['districts'],
  })
  .refine((c) => new Set(c.industries.map((i) => i.code)).size === c.industries.length, {
    message: 'industry codes must be unique',
    path: ['industries'],
  });
export type CityConfig = z.infer<typeof CityConfigSchema>;

const YI = 100_000_000; // 1 亿元 in yuan

export const LIANYUNGANG: CityConfig = {
  city: '连云港市',
  districts: [
    { code: 'haizhou', name: '海州区' },
    { code: 'lianyun', name: '连云区' },
    { code: 'ganyu', name: '赣榆区' },
    { code: 'donghai', name: '东海县' },
    { code: 'guanyun', name: '灌云县' },
    { code: 'guannan', name: '灌南县' },
    { code: 'kaifaqu', name: '连云港经济技术开发区' },
    { code: 'xuwei', name: '徐圩新区' },
    { code: 'gaoxin', name: '连云港高新技术产业开发区' },
    { code: 'yuntai', name: '云台山景区' },
  ],
  industries: [
    { code: 'petrochemical', name: '石化', leading: true },
    { code: 'pharma', name: '生物医药', leading: true },
    { code: 'new-materials', name: '新材料', leading: true },
    { code: 'new-energy', name: '新能源', leading: true },
    { code: 'equipment', name: '高端装备', leading: false },
    { code: 'logistics', name: '港航物流', leading: false },
    { code: 'digital', name: '数字经济', leading: false },
    { code: 'services', name: '现代服务业', leading: false },
    { code: 'agriculture', name: '现代农业', leading: false },
    { code: 'tourism', name: '文化旅游', leading: false },
    { code: 'other', name: '其他', leading: false },
  ],
  minAgreedInvestment: YI,
  minAgreedInvestmentUsd: 10_000_000,
  maxAgreedInvestment: 10_000 * YI, // ¥1 万亿
  earliestBusinessDate: '2000-01-01',
  plannedWithinYears: 10,
  stalledAfterDays: 90,
  alerts: DEFAULT_ALERT_THRESHOLDS,
  defaultTargets: {
    signed: 1000,
    agreedInvestment: 4000 * YI,
    leadingShare: 0.7,
    sameYearStartRate: 0.5,
  },
};

/** The configuration in force: CITY_CONFIG_JSON when set (validated), else Lianyungang's. */
export function loadCityConfig(env: Record<string, string | undefined> = process.env): CityConfig {
  const raw = env.CITY_CONFIG_JSON;
  if (!raw) return LIANYUNGANG;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('CITY_CONFIG_JSON is not valid JSON');
  }
  const result = CityConfigSchema.safeParse(parsed);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`CITY_CONFIG_JSON is invalid: ${problems.join('; ')}`);
  }
  return result.data;
}

export function isLeadingIndustry(config: CityConfig, industry: string): boolean {
  return config.industries.some((i) => i.code === industry && i.leading);
}
