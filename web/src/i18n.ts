// Chinese first, English switchable; the choice is remembered. Labels shared by several pages live
// here (the bureau's column names, statuses, actions); a page keeps its own words with it.
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createI18n } from 'vue-i18n';

const LANG_KEY = 'pipeline.lang';
export type Lang = 'zh' | 'en';

const messages = {
  zh: {
    app: { title: '项目全生命周期监测', signOut: '退出', language: 'English', signedInAs: '当前身份' },
    nav: {
      dashboard: '总览',
      projects: '项目库',
      problems: '问题督办',
      sign: '登记签约',
      import: '导入',
      digests: '周报月报',
      targets: '目标',
    },
    field: {
      projectId: '项目编号',
      name: '项目名称',
      investor: '投资方',
      district: '所在地区',
      industry: '产业',
      agreedInvestment: '协议投资额（亿元）',
      signedOn: '签约日期',
      plannedStartOn: '计划开工日期',
      plannedProductionOn: '计划投产日期',
      startedOn: '开工日期',
      producedOn: '投产日期',
      terminatedOn: '终止日期',
      terminationReason: '终止原因',
      responsibleUnit: '责任单位',
      status: '状态',
      reason: '原因',
      version: '版本',
      alert: '预警',
      capitalSource: '资金来源',
      currency: '币种',
      agreedInvestmentOriginal: '协议投资额（原币）',
      agreedInvestmentUsd: '协议投资额（万美元）',
      fxRate: '汇率（元/美元）',
      fxRateOn: '汇率日期',
      bands: '规模',
    },
    capitalSource: { domestic: '内资', foreign: '外资' },
    currency: { CNY: '人民币', USD: '美元' },
    // 规模: the size bands the city's reports count by (cumulative), short for tags, long as the reports name them.
    band: { B1: '亿元以上', B5: '5亿元以上', B10: '10亿元以上', B50: '50亿元以上', B100: '100亿元以上' },
    bandLong: {
      B1: '亿元（1000万美元）以上',
      B5: '5亿元（3000万美元）以上',
      B10: '10亿元（1亿美元）以上',
      B50: '50亿元以上',
      B100: '100亿元以上',
    },
    unit: { yi: '亿元', usdYi: '亿美元', wan: '万美元' },
    status: { signed: '已签约', started: '已开工', in_production: '已投产', terminated: '已终止' },
    // 红黄绿灯预警: a project's light (signed and started projects have one).
    alert: { red: '红灯', yellow: '黄灯', green: '绿灯', none: '无' },
    // 问题类别: the codes of shared/domain/problem-categories.ts.
    problemCategory: {
      land: '用地',
      planning: '规划许可',
      environment: '环评',
      energy: '能评',
      finance: '资金',
      utilities: '水电气',
      demolition: '征迁',
      other: '其他',
    },
    problem: {
      category: '问题类别',
      description: '问题描述',
      responsibleUnit: '责任单位',
      dueOn: '限期',
      raisedOn: '提出日期',
      resolvedOn: '解决日期',
      resolution: '解决情况',
      open: '待解决',
      resolved: '已解决',
      overdueDays: '逾期 {days} 天',
    },
    action: {
      start: '开工',
      produce: '投产',
      terminate: '终止',
      correct: '更正',
      save: '保存',
      cancel: '取消',
      search: '查询',
      reset: '重置',
    },
    common: { loading: '加载中…', updatedAt: '更新于 {time}', leading: '主导产业', year: '年度', all: '全部', none: '无' },
  },
  en: {
    app: { title: 'Project life-cycle monitor', signOut: 'Sign out', language: '中文', signedInAs: 'Signed in as' },
    nav: {
      dashboard: 'Dashboard',
      projects: 'Projects',
      problems: 'Problems to chase',
      sign: 'Sign a project',
      import: 'Import',
      digests: 'Digests',
      targets: 'Targets',
    },
    field: {
      projectId: 'Project code',
      name: 'Project name',
      investor: 'Investor',
      district: 'District',
      industry: 'Industry',
      agreedInvestment: 'Agreed investment (100M yuan)',
      signedOn: 'Signed on',
      plannedStartOn: 'Planned start',
      plannedProductionOn: 'Planned production',
      startedOn: 'Started on',
      producedOn: 'In production on',
      terminatedOn: 'Terminated on',
      terminationReason: 'Reason for termination',
      responsibleUnit: 'Responsible unit',
      status: 'Status',
      reason: 'Reason',
      version: 'Version',
      alert: 'Alert',
      capitalSource: 'Source of capital',
      currency: 'Currency',
      agreedInvestmentOriginal: 'Agreed investment (own currency)',
      agreedInvestmentUsd: 'Agreed investment (10,000 US$)',
      fxRate: 'Exchange rate (yuan per US$)',
      fxRateOn: 'Date of the rate',
      bands: 'Size',
    },
    capitalSource: { domestic: 'Domestic', foreign: 'Foreign' },
    currency: { CNY: 'Yuan (CNY)', USD: 'US dollars (USD)' },
    band: { B1: '¥100M+', B5: '¥500M+', B10: '¥1bn+', B50: '¥5bn+', B100: '¥10bn+' },
    bandLong: {
      B1: '¥100M (US$10M) and more',
      B5: '¥500M (US$30M) and more',
      B10: '¥1bn (US$100M) and more',
      B50: '¥5bn and more',
      B100: '¥10bn and more',
    },
    unit: { yi: '×100M yuan', usdYi: '×100M US$', wan: '×10,000 US$' },
    status: { signed: 'Signed', started: 'Started', in_production: 'In production', terminated: 'Terminated' },
    alert: { red: 'Red', yellow: 'Yellow', green: 'Green', none: 'None' },
    problemCategory: {
      land: 'Land',
      planning: 'Planning permit',
      environment: 'Environmental assessment',
      energy: 'Energy assessment',
      finance: 'Finance',
      utilities: 'Water, power, gas',
      demolition: 'Demolition',
      other: 'Other',
    },
    problem: {
      category: 'Category',
      description: 'Problem',
      responsibleUnit: 'Responsible unit',
      dueOn: 'Due',
      raisedOn: 'Raised on',
      resolvedOn: 'Resolved on',
      resolution: 'Resolution',
      open: 'Open',
      resolved: 'Resolved',
      overdueDays: '{days} days overdue',
    },
    action: {
      start: 'Start',
      produce: 'Into production',
      terminate: 'Terminate',
      correct: 'Correct',
      save: 'Save',
      cancel: 'Cancel',
      search: 'Search',
      reset: 'Reset',
    },
    common: { loading: 'Loading…', updatedAt: 'Updated {time}', leading: 'Leading industry', year: 'Year', all: 'All', none: 'None' },
  },
};

export const i18n = createI18n({
  legacy: false,
  locale: (localStorage.getItem(LANG_KEY) as Lang | null) ?? 'zh',
  fallbackLocale: 'zh',
  messages,
});

export function setLanguage(lang: Lang): void {
  i18n.global.locale.value = lang;
  localStorage.setItem(LANG_KEY, lang);
  applyLanguage(lang);
}

/** The page's language and the date pickers' calendar (weeks from Monday in Chinese). */
function applyLanguage(lang: Lang): void {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
}

applyLanguage(i18n.global.locale.value as Lang);
