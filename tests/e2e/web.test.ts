// The web app in a real browser (Debian's Chromium through playwright-core) against `npm start`'s
// program: what a clerk, a district office, a viewer and a leader do, found by role and label as a
// screen reader would. Screenshots of each page go to test-output/screens/ to be looked at.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../contract/api';
import { mintToken } from '../../local/dev-tokens';
import { addDays, businessDateOf, yearOf } from '../../shared/domain/dates';
import { apiClient } from '../support/api-client';
import { launchBrowser, openPage, SCREENS_DIR, screenshot, scrollsSideways } from '../support/browser';
import { type SpawnedSystem, spawnLocalSystem } from '../support/spawn-system';

const SECRET = 'web-e2e-secret-web-e2e-secret-32';
const FIXTURES = join(import.meta.dirname, '../fixtures/spreadsheets');
const today = businessDateOf(new Date());
const year = yearOf(today);
const earlier = (days: number) => {
  const date = addDays(today, -days);
  return date < `${year}-01-01` ? `${year}-01-01` : date;
};

let system: SpawnedSystem;
let browser: Browser;
let admin: ReturnType<typeof apiClient>;
let adminToken: string;

beforeAll(async () => {
  system = await spawnLocalSystem(['--port', '0', '--in-memory'], { ...process.env, LOCAL_JWT_SECRET: SECRET });
  adminToken = await mintToken(SECRET, 'web-admin', ['admin']);
  admin = apiClient(system.url, adminToken);
  // A few projects, so the dashboard has figures to show.
  for (const [i, district] of (['haizhou', 'haizhou', 'ganyu', 'xuwei'] as const).entries()) {
    await admin.POST('/projects', {
      body: {
        projectId: `WEB-${i}`,
        name: `网页测试项目${i}`,
        investor: '江苏某投资有限公司',
        district,
        industry: i % 2 ? 'pharma' : 'logistics',
        agreedInvestment: 200_000_000 * (i + 1),
        signedOn: earlier(20),
      },
    });
  }
  await admin.POST('/projects/{id}/start', { params: { path: { id: 'WEB-0' } }, body: { startedOn: earlier(5) } });
  // Enough in one district for three pages of the list.
  for (let i = 0; i < 41; i++) {
    await admin.POST('/projects', {
      body: {
        projectId: `PAGE-${String(i).padStart(2, '0')}`,
        name: `翻页项目${i}`,
        investor: '东海翻页投资有限公司',
        district: 'donghai',
        industry: 'equipment',
        agreedInvestment: 100_000_000 + i * 10_000_000,
        signedOn: earlier(30),
      },
    });
  }
  for (const kind of ['weekly', 'monthly'] as const) await admin.POST('/digests', { body: { kind } });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
});

/** Signs in through the sign-in screen's button for `role`, at `width` px. */
async function signedIn(role: string, width = 1366): Promise<{ page: Page; errors: string[] }> {
  const opened = await openPage(browser, width);
  await opened.page.goto(`${system.url}/`);
  await opened.page.getByRole('button', { name: role, exact: true }).click();
  await opened.page.getByRole('heading', { level: 1 }).waitFor();
  return opened;
}

/** The rollups as the API gives them, once the pipeline has applied the changes `check` waits for. */
async function rollupsWhen(check: (totals: { signed: number; startedSameYear: number }) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const view = (await admin.GET('/rollups/{year}', { params: { path: { year } } })).data!;
    if (check(view.totals)) return view;
    // A wait that cannot end is a wrong expectation, not a slow pipeline: say so instead of going on.
    if (Date.now() > deadline) throw new Error(`the rollups never got there: ${JSON.stringify(view.totals)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function figure(page: Page, key: string): Promise<string> {
  return ((await page.locator(`[data-figure="${key}"] .number`).textContent()) ?? '').trim();
}

describe('the web app', () => {
  it('serves the app at /app/ (and / redirects there), compressed, with long-lived hashed assets', async () => {
    const root = await fetch(`${system.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/app/');
    const page = await fetch(`${system.url}/app/`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(await page.text())?.[1];
    const asset = await fetch(`${system.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('offers one sign-in button per development role, named by the role', async () => {
    const { page, errors } = await openPage(browser, 1366);
    await page.goto(`${system.url}/app/`);
    const buttons = page.getByRole('button');
    await buttons.first().waitFor();
    expect(await buttons.allInnerTexts()).toEqual([
      'admin',
      'bureau',
      ...['haizhou', 'lianyun', 'ganyu', 'donghai', 'guanyun', 'guannan', 'kaifaqu', 'xuwei', 'gaoxin', 'yuntai'].map(
        (d) => `district:${d}`,
      ),
      'viewer',
    ]);
    await screenshot(page, 'sign-in');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the dashboard shows GET /rollups/{year}’s figures, named as the digest names them', async () => {
    const view = await rollupsWhen((t) => t.signed === 4 + 41 && t.startedSameYear === 1);
    const { page, errors } = await signedIn('bureau');
    await expect.poll(() => figure(page, 'signed')).toBe(String(view.totals.signed));
    expect(await figure(page, 'agreedInvestment')).toBe((view.totals.agreedInvestment / 1e8).toFixed(2));
    expect(await figure(page, 'sameYearStartRate')).toBe(`${(view.totals.sameYearStartRate! * 100).toFixed(1)}%`);
    expect(await figure(page, 'leadingShare')).toBe(`${(view.totals.leadingShare! * 100).toFixed(1)}%`);
    expect(await figure(page, 'startsNeeded')).toBe(String(view.totals.startsNeeded));
    for (const label of ['新签约亿元以上项目', '协议投资额', '主导产业占比', '当年开工率', '距目标还需开工']) {
      await expect.poll(() => page.getByText(label, { exact: true }).count()).toBeGreaterThan(0);
    }
    await expect.poll(() => page.getByRole('img', { name: '各地区当年开工率（龙虎榜）' }).count()).toBe(1);
    await page.waitForTimeout(500); // the charts' first animation
    await screenshot(page, 'dashboard');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a change posted elsewhere shows on the dashboard by itself', async () => {
    const { page } = await signedIn('viewer');
    const signed = (await rollupsWhen((t) => t.signed === 4 + 41)).totals.signed;
    await expect.poll(() => figure(page, 'signed')).toBe(String(signed));
    await admin.POST('/projects', {
      body: {
        projectId: 'WEB-9',
        name: '后来签约的项目',
        investor: '某公司',
        district: 'donghai',
        industry: 'pharma',
        agreedInvestment: 300_000_000,
        signedOn: earlier(1),
      },
    });
    await expect.poll(() => figure(page, 'signed'), { timeout: 25_000 }).toBe(String(signed + 1));
    await page.context().close();
  });

  it('at a phone’s 390 px the dashboard has no horizontal scroll', async () => {
    const { page, errors } = await signedIn('bureau', 390);
    await expect.poll(() => figure(page, 'signed')).not.toBe('');
    await page.waitForTimeout(500);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'dashboard');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('switches to English and remembers the choice', async () => {
    const { page } = await signedIn('bureau');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByText('Same-year start rate', { exact: true }).count()).toBeGreaterThan(0);
    await page.reload();
    await expect.poll(() => page.getByText('Same-year start rate', { exact: true }).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('a district office signs a project through the form and finds it on its page, in the list and in the API', async () => {
    const { page, errors } = await signedIn('district:haizhou');
    await page.getByRole('menuitem', { name: '登记签约' }).click();
    await page.getByLabel('项目编号').fill('WEB-FORM-1');
    await page.getByLabel('项目名称').fill('表单登记的新能源项目');
    await page.getByLabel('投资方').fill('江苏某新能源有限公司');
    await page.getByLabel('产业').click();
    await page.getByRole('option', { name: /新能源/ }).click();
    await page.getByLabel('协议投资额（亿元）').fill('3.5');
    await page.getByLabel('签约日期').fill(earlier(2));
    await page.getByLabel('签约日期').press('Enter');
    await screenshot(page, 'sign');
    await page.getByRole('button', { name: '登记签约' }).click();
    await page.waitForURL(/\/app\/projects\/WEB-FORM-1$/);
    await expect.poll(() => page.getByText('表单登记的新能源项目').count()).toBeGreaterThan(0);
    const stored = (await admin.GET('/projects/{id}', { params: { path: { id: 'WEB-FORM-1' } } })).data!;
    expect(stored).toMatchObject({
      district: 'haizhou',
      industry: 'new-energy',
      agreedInvestment: 350_000_000,
      updatedBy: 'dev-district-haizhou',
    });

    await page.getByRole('menuitem', { name: '项目库' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'WEB-FORM-1' }).count()).toBe(1);
    await screenshot(page, 'projects');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with the keyboard alone, a leader opens 项目库, finds a project by investor and industry, and opens it', async () => {
    const { page, errors } = await signedIn('viewer');
    // The focused control's name as a screen reader reads it: its label, or its text without the hidden parts.
    const focused = () =>
      page.evaluate(`(() => {
        const element = document.activeElement;
        if (!element) return '';
        if (element.getAttribute('aria-label')) return element.getAttribute('aria-label');
        const copy = element.cloneNode(true);
        copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
        return copy.textContent.trim();
      })()`);
    const tabTo = async (name: string, key = 'Tab') => {
      for (let tabs = 0; tabs < 25 && (await focused()) !== name; tabs++) await page.keyboard.press(key);
      expect(await focused()).toBe(name);
    };
    // Tab along the menu to 项目库 and press Enter, as someone without a mouse would.
    await tabTo('项目库');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/projects$/);
    await page.getByLabel('项目名称或投资方').waitFor();
    await tabTo('项目名称或投资方');
    await page.keyboard.type('某投资');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('link', { name: /^WEB-\d$/ }).count()).toBe(4);
    expect(new URL(page.url()).searchParams.get('q')).toBe('某投资');

    await tabTo('产业', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: '生物医药' }).waitFor();
    for (let down = 0; down < 10 && !(await page.locator('.el-select-dropdown__item.is-hovering', { hasText: '生物医药' }).count()); down++)
      await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('link', { name: /^WEB-\d$/ }).allTextContents()).toEqual(['WEB-1', 'WEB-3']);
    // Sorted by amount, largest first: Enter twice on the column's header.
    await tabTo('协议投资额（亿元）');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('columnheader', { name: '协议投资额（亿元）' }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('link', { name: /^WEB-\d$/ }).allTextContents()).toEqual(['WEB-3', 'WEB-1']);

    await tabTo('WEB-3');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/app\/projects\/WEB-3$/);
    await expect.poll(() => page.getByText('网页测试项目3').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('paging with the keyboard keeps the focus on 下一页; a sort says it is this page’s; on a phone “nothing found” is whole', async () => {
    const { page, errors } = await signedIn('bureau');
    await page.goto(`${system.url}/app/projects?district=donghai`);
    await expect.poll(() => page.getByRole('link', { name: /^PAGE-\d+$/ }).count()).toBe(20);
    // A page has arrived when its first row is another project (a press while loading is ignored).
    const firstRow = () =>
      page
        .getByRole('link', { name: /^(PAGE|WEB)-/ })
        .first()
        .textContent();
    const onPage1 = await firstRow();
    await page.getByRole('button', { name: '下一页' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('第 2 页').count()).toBe(1);
    await expect.poll(firstRow).not.toBe(onPage1);
    expect(await page.evaluate('document.activeElement?.textContent?.trim()')).toBe('下一页');
    const onPage2 = await firstRow();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('第 3 页').count()).toBe(1);
    await expect.poll(firstRow).not.toBe(onPage2);

    await page.getByRole('button', { name: '协议投资额（亿元）' }).click();
    await expect.poll(() => page.getByText('本页按协议投资额（亿元）排序', { exact: false }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();

    const phone = await signedIn('bureau', 390);
    await phone.page.goto(`${system.url}/app/projects?q=${encodeURIComponent('不存在的名称')}`);
    const nothing = phone.page.getByText('没有名称或投资方含“不存在的名称”的项目');
    await nothing.waitFor();
    const box = (await nothing.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await phone.page.context().close();
  });

  it('starting it from its page moves the dashboard’s 当年开工率', async () => {
    // Signed so far: the 4 + 41 of beforeAll, WEB-9 and WEB-FORM-1.
    const before = await rollupsWhen((t) => t.signed === 4 + 41 + 2);
    const { page, errors } = await signedIn('district:haizhou');
    await page.goto(`${system.url}/app/projects/WEB-FORM-1`);
    await page.getByRole('button', { name: '开工', exact: true }).click();
    await page.getByLabel('开工日期').last().fill(earlier(1));
    await page.getByLabel('开工日期').last().press('Enter');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('已开工').count()).toBeGreaterThan(0);
    await screenshot(page, 'project');

    const after = await rollupsWhen((t) => t.startedSameYear === before.totals.startedSameYear + 1);
    await page.getByRole('menuitem', { name: '总览' }).click();
    const rate = `${(after.totals.sameYearStartRate! * 100).toFixed(1)}%`;
    expect(rate).not.toBe(`${(before.totals.sameYearStartRate! * 100).toFixed(1)}%`);
    await expect.poll(() => figure(page, 'sameYearStartRate'), { timeout: 25_000 }).toBe(rate);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a correction made on a stale version shows the conflict and the new state, and overwrites nothing', async () => {
    const first = await signedIn('bureau');
    const second = await signedIn('bureau');
    for (const { page } of [first, second]) {
      await page.goto(`${system.url}/app/projects/WEB-1`);
      await page.getByRole('button', { name: '更正', exact: true }).click();
    }
    await first.page.getByLabel('项目名称').last().fill('第一位的更正');
    await first.page.getByLabel('原因').last().fill('名称有误');
    await first.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => first.page.getByText('第一位的更正').count()).toBeGreaterThan(0);

    await second.page.getByLabel('项目名称').last().fill('第二位的更正');
    await second.page.getByLabel('原因').last().fill('也想改名称');
    await second.page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => second.page.getByText('该项目已被他人修改，您的操作未保存').count()).toBeGreaterThan(0);
    expect((await admin.GET('/projects/{id}', { params: { path: { id: 'WEB-1' } } })).data!.name).toBe('第一位的更正');
    for (const { page } of [first, second]) await page.context().close();
  });

  it('a district office is offered no action on another district’s project; a viewer none at all', async () => {
    const office = await signedIn('district:haizhou');
    await office.page.goto(`${system.url}/app/projects/WEB-2`); // ganyu's
    await expect.poll(() => office.page.getByText('网页测试项目2').count()).toBeGreaterThan(0);
    expect(await office.page.getByRole('button', { name: /^(开工|投产|终止|更正)$/ }).count()).toBe(0);
    await office.page.context().close();

    const viewer = await signedIn('viewer');
    expect(await viewer.page.getByRole('menuitem', { name: '登记签约' }).count()).toBe(0);
    await viewer.page.goto(`${system.url}/app/projects/WEB-0`);
    await expect.poll(() => viewer.page.getByText('网页测试项目0').count()).toBeGreaterThan(0);
    expect(await viewer.page.getByRole('button', { name: /^(开工|投产|终止|更正)$/ }).count()).toBe(0);
    // The sign form's address typed by hand leads to the dashboard, not to a form it could not send.
    await viewer.page.goto(`${system.url}/app/projects/new`);
    await viewer.page.waitForURL(/\/app\/$/);
    expect(await viewer.page.getByLabel('项目编号').count()).toBe(0);
    await viewer.page.context().close();
  });

  it('the robots’ link opens that period’s digest; a period not composed says so and offers the latest', async () => {
    const latest = (await admin.GET('/digests/latest', { params: { query: { kind: 'weekly' } } })).data!;
    const { page, errors } = await signedIn('viewer');
    await page.goto(`${system.url}/app/digests/weekly/${latest.period}`);
    await expect.poll(() => page.getByText(latest.period, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.frameLocator('iframe').getByRole('heading', { level: 1 }).textContent()).toContain(latest.period);

    // A kind that does not exist leads to the digests' own address.
    await page.goto(`${system.url}/app/digests/daily/${latest.period}`);
    await page.waitForURL(/\/app\/digests$/);

    await page.goto(`${system.url}/app/digests/weekly/2020-W01`);
    await expect.poll(() => page.getByText('2020-W01 期的周报尚未生成').count()).toBe(1);
    await page.getByRole('link', { name: '查看最新一期' }).click();
    await page.waitForURL(/\/app\/digests\/weekly$/);
    await expect.poll(() => page.getByText(latest.period, { exact: true }).count()).toBeGreaterThan(0);
    // The 404 of the missing period is the page's answer, not an error.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it.each([
    ['projects', '/app/projects'],
    ['problems', '/app/problems'],
    ['project', '/app/projects/WEB-0'],
    ['sign', '/app/projects/new'],
    ['import', '/app/import'],
    ['digests', '/app/digests'],
    ['targets', '/app/targets'],
  ])('the %s page at 390 px: no horizontal scroll, no console error', async (name, path) => {
    const { page, errors } = await signedIn('bureau', 390);
    await page.goto(`${system.url}${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, name);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/** The alerts and problems of every project now (the rollups' `live`), once `check` holds. */
async function liveWhen(check: (live: any) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const { live } = (await admin.GET('/rollups/{year}', { params: { path: { year } } })).data!;
    if (check(live) || Date.now() > deadline) return live;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens the select named `label` from the keyboard (its placeholder takes a click on the input) and picks `option`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label).last().focus();
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: option, exact: true }).click();
}

const lightOf = async (page: Page) => ((await page.locator('[data-alert]').textContent({ timeout: 2000 })) ?? '').trim();

describe('the web app: traffic lights and problems', () => {
  // Signed over a year ago, so that this year's figures (the tests above) stay as they are.
  const longAgo = addDays(today, -400);
  const due3DaysAgo = addDays(today, -3);
  const yesterday = addDays(today, -1);

  beforeAll(async () => {
    const projects = [
      { projectId: 'ALERT-R1', name: '预警测试未开工项目甲', district: 'lianyun', started: false },
      { projectId: 'ALERT-R2', name: '预警测试未开工项目乙', district: 'guanyun', started: false },
      { projectId: 'ALERT-Y1', name: '预警测试用地受阻项目', district: 'lianyun', started: true },
      { projectId: 'ALERT-G1', name: '预警测试顺利推进项目', district: 'lianyun', started: true },
    ] as const;
    for (const p of projects) {
      await admin.POST('/projects', {
        body: {
          projectId: p.projectId,
          name: p.name,
          investor: '预警测试投资有限公司',
          district: p.district,
          industry: 'equipment',
          agreedInvestment: 500_000_000,
          signedOn: longAgo,
        },
      });
      if (p.started)
        await admin.POST('/projects/{id}/start', { params: { path: { id: p.projectId } }, body: { startedOn: addDays(today, -100) } });
    }
    // Signed over 90 days ago and not started: red at once. A problem due before today: overdue at once (yellow).
    await admin.POST('/projects/{id}/problems', {
      params: { path: { id: 'ALERT-Y1' } },
      body: { category: 'land', description: '用地指标未落实，影响二期开工', responsibleUnit: '市自然资源和规划局', dueOn: due3DaysAgo },
    });
  });

  it('a clerk raises a problem on a project from its page and resolves it; the light and the list follow', async () => {
    const { page, errors } = await signedIn('district:lianyun');
    await page.goto(`${system.url}/app/projects/ALERT-G1`);
    await expect.poll(() => lightOf(page)).toBe('绿灯');
    expect(await page.getByText('暂无问题').count()).toBe(1);

    await page.getByRole('button', { name: '提出问题' }).click();
    await choose(page, '问题类别', '用地');
    await page.getByLabel('问题描述').last().fill('用地手续未办结');
    await page.getByLabel('责任单位').last().fill('市自然资源和规划局');
    await page.getByLabel('限期').last().fill(yesterday);
    await page.getByLabel('限期').last().press('Enter');
    await page.getByRole('button', { name: '保存' }).click();

    // Due yesterday: overdue at once, and the project turns yellow with the reason in words.
    await expect.poll(() => lightOf(page)).toBe('黄灯');
    const problems = page.getByRole('table', { name: '项目问题' });
    await expect.poll(() => problems.getByText('逾期 1 天').count()).toBe(1);
    expect(await page.getByText('问题「用地」逾期 1 天（市自然资源和规划局）').count()).toBe(1);
    await screenshot(page, 'project-problems');

    // The list filtered by 黄灯 finds it.
    await page.goto(`${system.url}/app/projects?alert=yellow&district=lianyun`);
    await expect.poll(() => page.getByRole('link', { name: 'ALERT-G1' }).count()).toBe(1);
    expect(
      await page
        .getByRole('row', { name: /ALERT-G1/ })
        .getByText('黄灯')
        .count(),
    ).toBe(1);

    await page.goto(`${system.url}/app/projects/ALERT-G1`);
    await page.getByRole('button', { name: /^解决：用地：用地手续未办结/ }).click();
    expect(await page.getByLabel('解决日期').last().inputValue()).toBe(today);
    await page.getByLabel('解决情况').last().fill('已完成用地预审');
    await page.getByRole('button', { name: '保存' }).click();

    await expect.poll(() => lightOf(page)).toBe('绿灯');
    await expect.poll(() => problems.getByText('已解决').count()).toBe(1);
    expect(await problems.getByText('解决情况：已完成用地预审').count()).toBe(1);
    // The history tells both, the resolution as what was done.
    for (const label of ['提出问题', '问题解决']) expect(await page.locator('.event-head strong', { hasText: label }).count()).toBe(1);
    expect(await page.getByText('解决情况：已完成用地预审').count()).toBe(2);
    const stored = (await admin.GET('/projects/{id}', { params: { path: { id: 'ALERT-G1' } } })).data!;
    expect(stored.alert?.level).toBe('green');
    expect(stored.problems).toMatchObject([
      { status: 'resolved', resolvedOn: today, resolution: '已完成用地预审', updatedBy: 'dev-district-lianyun' },
    ]);

    await page.goto(`${system.url}/app/projects?alert=yellow&district=lianyun`);
    await expect.poll(() => page.getByRole('link', { name: 'ALERT-Y1' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'ALERT-G1' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a due date changed on a stale version of the problem says so and shows the problem as it is now', async () => {
    const { page, errors } = await signedIn('bureau');
    await page.goto(`${system.url}/app/projects/ALERT-Y1`);
    await page.getByRole('button', { name: /^调整：用地/ }).click();
    await page.getByLabel('限期').last().fill(addDays(today, 30));
    await page.getByLabel('限期').last().press('Enter');
    await page.getByLabel('原因').last().fill('用地报批需延期');
    // Meanwhile someone else gives it to another unit.
    const projectY1 = async () => (await admin.GET('/projects/{id}', { params: { path: { id: 'ALERT-Y1' } } })).data!;
    const [problem] = (await projectY1()).problems;
    await admin.PATCH('/projects/{id}/problems/{problemId}', {
      params: { path: { id: 'ALERT-Y1', problemId: problem!.problemId }, header: { 'If-Match': `"${problem!.version}"` } },
      body: { responsibleUnit: '连云区自然资源局', reason: '属地负责' },
    });
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('该问题已被他人修改，您的调整未保存').count()).toBe(1);
    await expect.poll(() => page.getByRole('table', { name: '项目问题' }).getByText('连云区自然资源局').count()).toBe(1);
    expect((await projectY1()).problems[0]?.dueOn).toBe(due3DaysAgo);
    expect(errors.filter((e) => !e.includes('412'))).toEqual([]);
    await page.context().close();
  });

  it('the list filtered by 红灯 shows only red projects, the filter kept in the address', async () => {
    const { page, errors } = await signedIn('viewer');
    await page.getByRole('menuitem', { name: '项目库' }).click();
    await page.waitForURL(/\/app\/projects$/);
    await choose(page, '预警', '红灯');
    await page.waitForURL(/alert=red/);
    await expect
      .poll(() =>
        page
          .getByRole('link', { name: /^ALERT-/ })
          .allTextContents()
          .then((ids) => ids.sort()),
      )
      .toEqual(['ALERT-R1', 'ALERT-R2']);
    // Every row of the page is red, and says so in words.
    const rows = page.getByRole('table', { name: '项目列表' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.locator('td:last-child').allTextContents()).toEqual(['红灯', '红灯'].map((s) => expect.stringContaining(s)));
    await screenshot(page, 'projects-alert-red');
    // The address keeps the filter: a reload shows the same list.
    await page.reload();
    await expect
      .poll(() =>
        page
          .getByRole('link', { name: /^ALERT-/ })
          .allTextContents()
          .then((ids) => ids.sort()),
      )
      .toEqual(['ALERT-R1', 'ALERT-R2']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('问题督办 lists the overdue problem with its days overdue and leads to its project', async () => {
    const { page, errors } = await signedIn('viewer');
    await page.getByRole('menuitem', { name: '问题督办' }).click();
    await page.waitForURL(/\/app\/problems$/);
    await choose(page, '范围', '仅已逾期');
    await page.waitForURL(/status=overdue/);
    const table = page.getByRole('table', { name: '问题清单' });
    const row = table.getByRole('row', { name: /预警测试用地受阻项目/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByText('3 天').count()).toBe(1);
    expect(await row.getByText('连云区', { exact: true }).count()).toBe(1);
    expect(await row.getByText('用地', { exact: true }).count()).toBe(1);
    await screenshot(page, 'problems');

    // By unit: a unit with nothing overdue empties the list.
    await page.getByLabel('责任单位').fill('市发展改革委');
    await page.getByLabel('责任单位').press('Enter');
    await expect.poll(() => page.getByText('没有符合条件的问题').count()).toBe(1);
    await page.getByLabel('责任单位').fill('自然资源');
    await page.getByLabel('责任单位').press('Enter');
    await expect.poll(() => row.count()).toBe(1);

    await row.getByRole('link', { name: '预警测试用地受阻项目' }).click();
    await page.waitForURL(/\/app\/projects\/ALERT-Y1$/);
    await expect.poll(() => lightOf(page)).toBe('黄灯');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the dashboard shows the red and yellow projects per district, each count leading to its list', async () => {
    const live = await liveWhen(
      (l) =>
        l.byDistrict.find((d: any) => d.district === 'lianyun')?.alertRed === 1 &&
        l.byDistrict.find((d: any) => d.district === 'lianyun')?.alertYellow === 1 &&
        l.byDistrict.find((d: any) => d.district === 'guanyun')?.alertRed === 1,
    );
    expect(live.totals).toMatchObject({ alertRed: 2, alertYellow: 1, problemsOpen: 1, problemsOverdue: 1 });
    const { page, errors } = await signedIn('bureau');
    const headline = (key: string) => page.locator(`[data-live="${key}"] .number`).textContent();
    await expect.poll(() => headline('alertRed')).toBe('2');
    expect(await headline('alertYellow')).toBe('1');
    expect(await headline('problemsOpen')).toBe('1');
    expect(await headline('problemsOverdue')).toBe('1');

    const lianyun = page.getByRole('table', { name: '各地区预警与问题' }).getByRole('row', { name: /连云区/ });
    expect(await lianyun.getByRole('link').allTextContents()).toEqual(['1', '1', '1', '1']);
    const red = page.getByRole('link', { name: '连云区红灯项目：1 个，查看清单' });
    expect(await red.getAttribute('href')).toBe('/app/projects?alert=red&district=lianyun');
    expect(await page.getByRole('link', { name: '灌云县黄灯项目：0 个，查看清单' }).count()).toBe(0);
    await page.waitForTimeout(500); // the charts' first animation
    await screenshot(page, 'dashboard-alerts');

    await red.click();
    await page.waitForURL(/\/app\/projects\?alert=red&district=lianyun$/);
    await expect.poll(() => page.getByRole('link', { name: /^ALERT-/ }).allTextContents()).toEqual(['ALERT-R1']);
    await page.getByRole('menuitem', { name: '总览' }).click();
    await page.getByRole('link', { name: '未解决问题：1 个，查看清单', exact: true }).click();
    await page.waitForURL(/\/app\/problems$/);
    await expect.poll(() => page.getByRole('row', { name: /预警测试用地受阻项目/ }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('at a phone’s 390 px the project page with its problems and the chase list do not scroll sideways', async () => {
    const { page, errors } = await signedIn('district:lianyun', 390);
    for (const [name, path] of [
      ['project-problems', '/app/projects/ALERT-Y1'],
      ['problems', '/app/problems'],
    ] as const) {
      await page.goto(`${system.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await scrollsSideways(page)).toBe(false);
      await screenshot(page, name);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

/** What a download brought: its suggested name and its bytes. */
async function downloaded(page: Page, act: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), act()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** The first sheet of an .xlsx as rows of cell texts (the header row first). */
async function sheetRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return rows;
}

type Rollups = components['schemas']['RollupView'];

/** The year's rollups (as of `asOf`, if given), once `check` holds. */
async function standingWhen(check: (view: Rollups) => boolean, asOf?: string): Promise<Rollups> {
  const deadline = Date.now() + 20_000;
  const of = asOf ? yearOf(asOf) : year;
  for (;;) {
    const view = (await admin.GET('/rollups/{year}', { params: { path: { year: of }, query: asOf ? { asOf } : {} } })).data!;
    if (check(view) || Date.now() > deadline) return view;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A percentage as the page writes it. */
const pct = (rate: number, digits: number) => `${(rate * 100).toFixed(digits)}%`;
/** 同比 as the page writes it: +5.9%, −13.4%. */
const yoyText = (yoy: number | null) =>
  yoy === null ? '去年同期为 0' : `同比 ${yoy > 0 ? '+' : yoy < 0 ? '−' : ''}${(Math.abs(yoy) * 100).toFixed(1)}%`;
const gapText = (points: number) => `${points >= 0 ? '超序时' : '欠序时'} ${Math.abs(points).toFixed(2)} 个百分点`;
const GREEN = 'rgb(46, 125, 50)';
const RED = 'rgb(198, 40, 40)';

describe('the web app: where the year stands', () => {
  beforeAll(async () => {
    // Signed on the first day of last year, so that this year's 同比 has something to compare with
    // whatever today's date; terminated, so that it has no light (the alert counts above stay as they are).
    await admin.POST('/projects', {
      body: {
        projectId: 'LAST-YEAR-1',
        name: '去年签约的同比项目',
        investor: '同比测试投资有限公司',
        district: 'guannan',
        industry: 'logistics',
        agreedInvestment: 250_000_000,
        signedOn: `${year - 1}-01-01`,
      },
    });
    await admin.POST('/projects/{id}/terminate', {
      params: { path: { id: 'LAST-YEAR-1' } },
      body: { terminatedOn: `${year - 1}-01-01`, reason: '同比测试' },
    });
  });

  it('the bureau sets districts’ own targets on 目标, exactly as typed, and 总览 shows each district against its own', async () => {
    const { page, errors } = await signedIn('bureau');
    await page.getByRole('menuitem', { name: '目标' }).click();
    const signedOf = (district: string) => page.getByLabel(`${district}签约目标（个）`);
    const investmentOf = (district: string) => page.getByLabel(`${district}协议投资额目标（亿元）`);
    await expect.poll(() => signedOf('海州区').isEditable()).toBe(true);
    // Every district of the city has a row, blank (no target) until set.
    expect(await page.getByRole('table', { name: '各地区目标' }).locator('tbody tr').count()).toBe(10);
    expect(await investmentOf('灌南县').inputValue()).toBe('');

    // A wrong figure is named under its field, and nothing is saved.
    await investmentOf('赣榆区').fill('二十');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText('请填写不小于 0 的金额（亿元），最多 8 位小数').count()).toBe(1);
    expect(await investmentOf('赣榆区').getAttribute('aria-invalid')).toBe('true');
    expect((await admin.GET('/targets/{year}', { params: { path: { year } } })).data!.byDistrict).toBeUndefined();

    await investmentOf('赣榆区').fill('');
    await signedOf('海州区').fill('4');
    await investmentOf('海州区').fill('12.34');
    await signedOf('赣榆区').fill('2');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText(`${year}年目标已保存`).count()).toBe(1);
    const stored = (await admin.GET('/targets/{year}', { params: { path: { year } } })).data!;
    // 12.34 亿元 is 1,234,000,000 yuan exactly; blank fields are no target, not 0.
    expect(stored.byDistrict).toEqual({ haizhou: { signed: 4, agreedInvestment: 1_234_000_000 }, ganyu: { signed: 2 } });
    expect(stored).toMatchObject({ signed: 1000, agreedInvestment: 400_000_000_000, leadingShare: 0.7, sameYearStartRate: 0.5 });
    await page.reload();
    await expect.poll(() => investmentOf('海州区').inputValue()).toBe('12.34');
    expect(await signedOf('赣榆区').inputValue()).toBe('2');
    expect(await investmentOf('赣榆区').inputValue()).toBe('');
    await screenshot(page, 'targets-districts');

    const view = await standingWhen((v) => v.byDistrict.find((d) => d.district === 'haizhou')?.progress.signed.target === 4);
    const haizhou = view.byDistrict.find((d) => d.district === 'haizhou')!.progress;
    await page.getByRole('menuitem', { name: '总览' }).click();
    const table = page.getByRole('table', { name: '各地区目标完成情况' });
    const row = (name: string) => table.getByRole('row', { name: new RegExp(name) });
    await expect.poll(() => row('海州区').count()).toBe(1);
    const cells = async (name: string) => (await row(name).locator('td').allInnerTexts()).map((text) => text.trim());
    const haizhouCells = await cells('海州区');
    expect(haizhouCells).toContain(`${haizhou.signed.actual} / 4`);
    expect(haizhouCells).toContain(pct(haizhou.signed.completion!, 2));
    expect(haizhouCells).toContain(`${(haizhou.agreedInvestment.actual / 1e8).toFixed(2)} / 12.34`);
    expect(haizhouCells).toContain(pct(haizhou.agreedInvestment.completion!, 2));
    // A district without a target of its own says so, and has no gap to the time elapsed.
    expect(await cells('东海县')).toEqual(expect.arrayContaining(['未设目标', '—']));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the headline cards say 完成, 超序时 or 欠序时 (green or red) and 同比, as the API counts them', async () => {
    // Last year's signings (this file's, 400 days ago and on last year's first day) give 同比 a figure to compare with.
    const view = await standingWhen((v) => v.totals.progress.signed.lastYear > 0);
    const { signed, agreedInvestment } = view.totals.progress;
    const { page, errors } = await signedIn('viewer');
    const card = (key: string) => page.locator(`[data-figure="${key}"]`);
    await expect.poll(() => card('signed').locator('.number').textContent()).toBe(String(signed.actual));
    for (const [key, progress] of [
      ['signed', signed],
      ['agreedInvestment', agreedInvestment],
    ] as const) {
      const text = await card(key).textContent();
      expect(text).toContain(`完成 ${pct(progress.completion!, 2)}`);
      expect(text).toContain(gapText(progress.paceGap!));
      expect(text).toContain(yoyText(progress.yoy));
      const gap = card(key).getByText(/^(超|欠)序时/);
      // In the page, where the DOM's types (not in this project's lib) apply.
      expect(await gap.evaluate((e) => (globalThis as any).getComputedStyle(e).color)).toBe(progress.paceGap! >= 0 ? GREEN : RED);
    }
    expect(signed.yoy).not.toBeNull();
    const started = await card('startedInYear').textContent();
    expect(started).toContain('今年开工');
    expect(started).toContain(String(view.totals.startedInYear.actual));
    expect(started).toContain(yoyText(view.totals.startedInYear.yoy));

    // The start rate's projection, said to be an estimate, with how far off it was on last year.
    const projection = page.locator('[data-projection]');
    const { projection: p } = view;
    if (p.sameYearStartRate === null) expect(await projection.textContent()).toContain('往年数据不足');
    else {
      expect(await projection.textContent()).toContain(`预计年底 ${pct(p.sameYearStartRate, 1)}（目标 50%）`);
      expect(await projection.textContent()).toContain(`预计开工 ${Math.round(p.expectedStarts!)} 个`);
    }
    expect(await projection.textContent()).toContain(
      p.backtestMae === null ? `暂无回测` : `按 ${p.backtest.year} 年回测，平均误差 ±${(p.backtestMae * 100).toFixed(1)} 个百分点`,
    );
    expect(await projection.textContent()).toContain('是估计，不是承诺');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a 截至 date shows the figures as of that day, kept in the address across a reload; a date after today is not taken', async () => {
    const now = await standingWhen(() => true);
    // Ten days back (the test projects signed in the last two days are not counted then), or last year's end in early January.
    const asOf = today > `${year}-01-11` ? addDays(today, -10) : `${year - 1}-12-31`;
    const then = await standingWhen(() => true, asOf);
    expect(then.asOfDate).toBe(asOf);
    expect(then.totals.signed).not.toBe(now.totals.signed);

    const { page, errors } = await signedIn('bureau');
    await expect.poll(() => figure(page, 'signed')).toBe(String(now.totals.signed));
    await page.getByLabel('截至').fill(asOf);
    await page.getByLabel('截至').press('Enter');
    await page.waitForURL(new RegExp(`\\?asOf=${asOf}$`));
    await expect.poll(() => figure(page, 'signed')).toBe(String(then.totals.signed));
    expect(await page.locator('[data-figure="signed"]').textContent()).toContain(gapText(then.totals.progress.signed.paceGap!));
    expect(await page.getByText(`数据截至 ${asOf}`).count()).toBe(1);

    await page.reload();
    await expect.poll(() => figure(page, 'signed')).toBe(String(then.totals.signed));
    expect(await page.getByLabel('截至').inputValue()).toBe(asOf);

    // Tomorrow cannot be chosen: typed, it is not taken.
    await page.getByLabel('截至').fill(addDays(today, 1));
    await page.getByLabel('截至').press('Enter');
    await page.getByLabel('截至').press('Escape');
    await expect.poll(() => page.getByLabel('截至').inputValue()).toBe(asOf);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe(asOf);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('the districts rank by amount, or by completion of their own target with those without one last', async () => {
    const view = await standingWhen((v) => v.byDistrict.some((d) => d.progress.signed.target !== null));
    const byAmount = [...view.byDistrict].sort((a, b) => b.signed - a.signed)[0]!;
    const withTargets = view.byDistrict
      .filter((d) => d.progress.signed.completion !== null)
      .sort((a, b) => b.progress.signed.completion! - a.progress.signed.completion!)
      .map((d) => d.name);
    expect(withTargets).toHaveLength(2);

    const { page, errors } = await signedIn('viewer');
    const table = page.getByRole('table', { name: '各地区目标完成情况' });
    const districts = () => table.locator('tbody th').allTextContents();
    const ranks = () => table.locator('tbody td.rank').allTextContents();
    await expect.poll(async () => (await districts())[0]).toBe(byAmount.name);
    expect(await page.getByRole('radio', { name: '按数量' }).isChecked()).toBe(true);

    await page.getByRole('radiogroup', { name: '排名依据' }).getByText('按完成率').click();
    expect(await page.getByRole('radio', { name: '按完成率' }).isChecked()).toBe(true);
    await expect.poll(async () => (await districts()).slice(0, 2)).toEqual(withTargets);
    expect((await ranks()).map((r) => r.trim())).toEqual(['1', '2', ...Array(8).fill('—')]);
    expect(await table.getByRole('columnheader', { name: '完成率' }).first().getAttribute('aria-sort')).toBe('descending');
    await page.waitForTimeout(500); // the charts' first animation
    await screenshot(page, 'dashboard-standing');

    await page.getByRole('radiogroup', { name: '排名依据' }).getByText('按数量').click();
    await expect.poll(async () => (await districts())[0]).toBe(byAmount.name);

    // At a phone's width the table folds into four columns and the page does not scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => table.locator('thead th').count()).toBe(4);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'dashboard-standing');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

// Last: the register imported here is signed in 2025, red at once, which the counts above do not expect.
describe('the web app: spreadsheets', () => {
  it('项目库 exports exactly the list under its filters, as Excel or as CSV, under the file’s Chinese name', async () => {
    const { page, errors } = await signedIn('bureau');
    await page.goto(`${system.url}/app/projects?district=donghai`);
    await choose(page, '产业', '高端装备');
    await expect.poll(() => page.getByRole('link', { name: /^(PAGE|WEB)-/ }).count()).toBe(20);

    const xlsx = await downloaded(page, () => page.getByRole('button', { name: '导出 Excel' }).click());
    expect(xlsx.name).toBe(`项目清单-${today}.xlsx`);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    // Every page of the list, not the one on screen: the 41 equipment projects of 东海县, and nothing else.
    const [header, ...rows] = await sheetRows(xlsx.bytes);
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[column('项目编号')]).sort()).toEqual(
      Array.from({ length: 41 }, (_, i) => `PAGE-${String(i).padStart(2, '0')}`),
    );
    expect(new Set(rows.map((r) => r[column('所在地区')]))).toEqual(new Set(['东海县']));
    await expect.poll(() => page.getByText(`已导出：项目清单-${today}.xlsx`).count()).toBe(1);
    await screenshot(page, 'projects-exported');

    await page.getByRole('button', { name: '切换下拉选项' }).click();
    const csv = await downloaded(page, () => page.getByRole('menuitem', { name: 'CSV 文件（.csv）' }).click());
    expect(csv.name).toBe(`项目清单-${today}.csv`);
    const lines = csv.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^项目编号,项目名称,投资方,所在地区,产业,协议投资额（亿元）/);
    expect(lines).toHaveLength(1 + 41);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a district office asking for another district’s export is told why, in a message', async () => {
    const { page, errors } = await signedIn('district:haizhou');
    await page.goto(`${system.url}/app/projects?district=ganyu`);
    await expect.poll(() => page.getByRole('link', { name: 'WEB-2' }).count()).toBe(1);
    await page.getByRole('button', { name: '导出 Excel' }).click();
    await expect.poll(() => page.getByText(/^无权导出这些项目：.*haizhou/).count()).toBe(1);
    expect(errors.filter((e) => !e.includes('403'))).toEqual([]);
    await page.context().close();
  });

  it('总览 downloads the report workbook of the year on screen', async () => {
    const { page, errors } = await signedIn('viewer');
    await expect.poll(() => figure(page, 'signed')).not.toBe('');
    const report = await downloaded(page, () => page.getByRole('button', { name: '下载年度报表' }).click());
    expect(report.name).toMatch(new RegExp(`${year}年招商项目报表\\.xlsx$`));
    expect(report.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(report.bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['总表', '分县区', '新签约项目情况表', '分产业', '月度', '项目清单']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('导入 takes the bureau’s .xlsx register and shows each row’s result by its row in the sheet, every fault of the bad row named', async () => {
    const { page, errors } = await signedIn('bureau');
    await page.getByRole('menuitem', { name: '导入' }).click();
    await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles(join(FIXTURES, 'bureau-register.xlsx'));
    await expect.poll(() => page.getByText('bureau-register.xlsx').count()).toBe(1);
    await page.getByRole('button', { name: '开始导入' }).click();
    await expect.poll(() => page.getByText('共 5 行：新增 4，未变 0，失败 1').count(), { timeout: 60_000 }).toBe(1);

    const results = page.getByRole('table', { name: '逐行结果' }).last();
    const rowTexts = async () => (await results.locator('tbody tr').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    const texts = await rowTexts();
    expect(texts.slice(0, 4)).toEqual(['3 20250001 新增', '4 LYG-2025-002 新增', '6 LYG-2025-003 新增', '7 20250004 新增']);
    expect(texts[4]).toMatch(/^8 LYG-2025-005 失败 所在地区：.+协议投资额（亿元）：.*十亿/);
    expect(await page.getByText('已处理 5 / 5 行').count()).toBe(1);
    await page.waitForTimeout(700); // the progress bar's animation
    await screenshot(page, 'import-results');
    // The import is kept in the address: a reload shows it again.
    expect(new URL(page.url()).searchParams.get('import')).toMatch(/^[0-9A-Z]{26}$/);
    await page.reload();
    await expect.poll(() => page.getByText('共 5 行：新增 4，未变 0，失败 1').count()).toBe(1);
    // A signed row leads to its project.
    await results.getByRole('link', { name: 'LYG-2025-002' }).click();
    await page.waitForURL(/\/app\/projects\/LYG-2025-002$/);
    await expect.poll(() => page.getByText('创新药产业园').count()).toBeGreaterThan(0);

    // Again: nothing new; at a phone's width the results fit.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.url}/app/import`);
    await page.getByLabel('选择文件（.xlsx 或 .csv）').setInputFiles(join(FIXTURES, 'bureau-register.xlsx'));
    await page.getByRole('button', { name: '开始导入' }).click();
    await expect.poll(() => page.getByText('共 5 行：新增 0，未变 4，失败 1').count(), { timeout: 60_000 }).toBe(1);
    expect(await scrollsSideways(page)).toBe(false);
    await page.waitForTimeout(700);
    await screenshot(page, 'import-results');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the web app: foreign capital and size bands', () => {
  it('a clerk signs a dollar project (US$30M at 7.10, the B5 floor in dollars); 总览 counts it in 外资 and 5亿元以上, whose count opens the list', async () => {
    const before = (await admin.GET('/rollups/{year}', { params: { path: { year } } })).data!.totals;
    const { page, errors } = await signedIn('bureau');
    await page.getByRole('menuitem', { name: '登记签约' }).click();
    await page.getByLabel('项目编号').fill('WEB-USD-1');
    await page.getByLabel('项目名称').fill('外资美元签约项目');
    await page.getByLabel('投资方').fill('某美国投资有限公司');
    await page.getByLabel('所在地区').click();
    await page.getByRole('option', { name: '海州区' }).click();
    await page.getByLabel('产业').click();
    await page.getByRole('option', { name: /新材料/ }).click();
    // 内资 and 人民币 come chosen; a dollar project asks for 万美元, the rate and its date instead of 亿元.
    expect(await page.getByRole('radio', { name: '内资' }).isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: '人民币' }).isChecked()).toBe(true);
    await page.getByText('外资', { exact: true }).click();
    await page.getByText('美元', { exact: true }).click();
    expect(await page.getByLabel('协议投资额（亿元）').count()).toBe(0);
    await page.getByLabel('协议投资额（万美元）').fill('3000');
    await page.getByLabel('汇率（元/美元）').fill('7.1');
    await page.getByLabel('汇率（元/美元）').fill('7.10');
    await expect.poll(() => page.locator('[data-in-yuan]').textContent()).toContain('折合人民币 2.13 亿元');
    await page.getByLabel('签约日期').fill(earlier(3));
    await page.getByLabel('签约日期').press('Enter');
    // The rate's date is offered as the signing date's.
    await expect.poll(() => page.getByLabel('汇率日期').inputValue()).toBe(earlier(3));
    await screenshot(page, 'sign-usd');
    await page.getByRole('button', { name: '登记签约' }).click();
    await page.waitForURL(/\/app\/projects\/WEB-USD-1$/);
    const stored = (await admin.GET('/projects/{id}', { params: { path: { id: 'WEB-USD-1' } } })).data!;
    expect(stored).toMatchObject({
      capitalSource: 'foreign',
      currency: 'USD',
      agreedInvestmentOriginal: 30_000_000,
      fxRate: '7.10',
      fxRateOn: earlier(3),
      agreedInvestment: 213_000_000,
      bands: ['B1', 'B5'],
    });
    // Its page says it in dollars and in yuan, with the rate and the bands, named with their dollar
    // floors (its ¥2.13亿 is under ¥5亿: B5 is judged in dollars).
    for (const text of ['外资', '美元', '3,000.00', '2.13', '7.10', '5亿元（3000万美元）以上']) {
      await expect.poll(() => page.getByText(text, { exact: true }).count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'project-usd');

    // 总览: 外资 one more, its 亿美元 from the dollars; 5亿元以上 one more.
    let view = (await admin.GET('/rollups/{year}', { params: { path: { year } } })).data!;
    for (const deadline = Date.now() + 20_000; view.totals.foreign.count === before.foreign.count && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      view = (await admin.GET('/rollups/{year}', { params: { path: { year } } })).data!;
    }
    expect(view.totals.foreign.count).toBe(before.foreign.count + 1);
    expect(view.totals.foreign.agreedUsd).toBe(before.foreign.agreedUsd + 30_000_000);
    expect(view.totals.bands.B5.count).toBe(before.bands.B5.count + 1);
    await page.getByRole('menuitem', { name: '总览' }).click();
    const block = page.locator('[data-investment]');
    await expect.poll(() => block.locator('[data-source="foreign"] .number').textContent()).toBe(String(view.totals.foreign.count));
    expect(await block.locator('[data-usd]').textContent()).toContain(`${(view.totals.foreign.agreedUsd / 1e8).toFixed(2)} 亿美元`);
    expect(await block.locator('[data-source="domestic"] .number').textContent()).toBe(String(view.totals.domestic.count));
    const b5 = block.locator('[data-band="B5"] a');
    expect(await b5.textContent()).toBe(String(view.totals.bands.B5.count));
    expect(await block.locator('[data-band="B5"] td').last().textContent()).toBe((view.totals.bands.B5.agreedInvestment / 1e8).toFixed(2));
    await screenshot(page, 'dashboard-investment');

    // 5亿元（3000万美元）以上 opens 项目库 on the year's signings of that band, with this project among them.
    await page.getByRole('link', { name: `5亿元（3000万美元）以上：${view.totals.bands.B5.count} 个，查看清单` }).click();
    await page.waitForURL(new RegExp(`/app/projects\\?(?=.*year=${year})(?=.*band=B5)`));
    await expect.poll(() => page.getByRole('link', { name: 'WEB-USD-1' }).count()).toBe(1);
    expect(await page.getByRole('row', { name: /WEB-USD-1/ }).textContent()).toContain('3,000.00 万美元');
    await screenshot(page, 'projects-band');

    // 外资 opens the list of the year's foreign signings: as many rows as the count.
    await page.goBack();
    await page.getByRole('link', { name: `外资：${view.totals.foreign.count} 个，查看清单` }).click();
    await page.waitForURL(/capitalSource=foreign/);
    const rows = page.getByRole('table', { name: '项目列表' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(view.totals.foreign.count);

    // 更正 of the rate alone sends the rate alone: the yuan follow it, the dollar bands stay.
    await page.getByRole('link', { name: 'WEB-USD-1' }).click();
    await page.getByRole('button', { name: '更正', exact: true }).click();
    expect(await page.getByLabel('协议投资额（万美元）').last().inputValue()).toBe('3000');
    await page.getByLabel('汇率（元/美元）').last().fill('6.5');
    await expect.poll(() => page.getByText('折合人民币 1.95 亿元').count()).toBe(1);
    await page.getByLabel('原因').last().fill('按合同汇率更正');
    await screenshot(page, 'correct-usd');
    const sent = page.waitForRequest((r) => r.method() === 'PATCH');
    await page.getByRole('button', { name: '保存' }).click();
    expect((await sent).postDataJSON()).toEqual({ reason: '按合同汇率更正', fxRate: '6.5' });
    await expect.poll(() => page.getByText('6.5', { exact: true }).count()).toBeGreaterThan(0);
    expect((await admin.GET('/projects/{id}', { params: { path: { id: 'WEB-USD-1' } } })).data).toMatchObject({
      agreedInvestment: 195_000_000,
      agreedInvestmentOriginal: 30_000_000,
      bands: ['B1', 'B5'],
    });

    // Back to yuan: the currency switched in 更正 starts from the project's yuan, and the history
    // tells the new amount in yuan, not in dollars.
    await page.getByRole('button', { name: '更正', exact: true }).click();
    await page.getByRole('radio', { name: '人民币' }).last().check({ force: true });
    await expect.poll(() => page.getByLabel('协议投资额（亿元）').last().inputValue()).toBe('1.95');
    await page.getByLabel('原因').last().fill('按人民币合同更正');
    await page.getByRole('button', { name: '保存' }).click();
    await expect
      .poll(async () => (await admin.GET('/projects/{id}', { params: { path: { id: 'WEB-USD-1' } } })).data?.currency)
      .toBe('CNY');
    await expect.poll(() => page.getByText('3,000.00 万美元 → 1.95 亿元').count()).toBe(1);
    expect(errors).toEqual([]);

    // At a phone's width the block fits.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${system.url}/app/`);
    await expect.poll(() => block.locator('[data-source="foreign"] .number').textContent()).toBe(String(view.totals.foreign.count));
    expect(await scrollsSideways(page)).toBe(false);
    await block.screenshot({ path: join(SCREENS_DIR, 'dashboard-investment-block-390.png') });
    await page.context().close();
  });
});
