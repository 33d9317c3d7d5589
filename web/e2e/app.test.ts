/**
 * The web app end to end, in Debian's Chromium, against a real server over a fresh demo
 * database: every role signs in; an applicant files an application whose evaluation follows the
 * quantity as it is typed; a reviewer recommends and an approver decides (two people); four eyes
 * are enforced by the server and its refusal is shown; the dashboard's charts are drawn from the
 * data and its figures move with the new licences; customs verifies the licence. Screenshots of the main pages go to web/e2e/screenshots/.
 *
 * An approver runs an allocation round (open, preview with every method side by side, commit);
 * a vendor checks a purchase order, reserves and ships against the new licence, customs clears
 * the shipment and the vendor records its delivery.
 *
 * Without Chromium the suite fails in CI (CI=true) and is skipped, saying so, elsewhere.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canvasCoverage, CHROMIUM_PATH, hasChromium, horizontalOverflow, isCi, launchChromium, PHONE, screenshot, Sessions, signIn, startDemoServer, unlabelledControls, type RunningServer } from './support';

if (!hasChromium && !isCi) process.stdout.write(`\nBrowser tests SKIPPED: no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium fonts-noto-cjk). In CI they fail instead.\n`);

const STEP_TIMEOUT_MS = 120_000;

/** What each role's navigation shows, by its English labels; the first is where it lands. */
const ROLES: { login: string; role: string; navigation: string[] }[] = [
  { login: 'policy-admin', role: 'Policy administrator', navigation: ['Dashboard', 'Review queue', 'Allocation rounds', 'Licences', 'Policy', 'Audit log'] },
  { login: 'reviewer', role: 'Reviewer', navigation: ['Dashboard', 'Review queue', 'Allocation rounds', 'Licences', 'Policy'] },
  { login: 'approver', role: 'Approver', navigation: ['Dashboard', 'Review queue', 'Allocation rounds', 'Licences', 'Policy'] },
  { login: 'approver-2', role: 'Approver', navigation: ['Dashboard', 'Review queue', 'Allocation rounds', 'Licences', 'Policy'] },
  { login: 'auditor', role: 'Auditor', navigation: ['Dashboard', 'Review queue', 'Allocation rounds', 'Licences', 'Policy', 'Audit log'] },
  { login: 'applicant-bytedance', role: 'Applicant', navigation: ['My applications', 'New application', 'Fleet declaration', 'Licences', 'Policy'] },
  { login: 'applicant-alibaba', role: 'Applicant', navigation: ['My applications', 'New application', 'Fleet declaration', 'Licences', 'Policy'] },
  { login: 'applicant-china-mobile', role: 'Applicant', navigation: ['My applications', 'New application', 'Fleet declaration', 'Licences', 'Policy'] },
  { login: 'applicant-lingxi', role: 'Applicant', navigation: ['My applications', 'New application', 'Fleet declaration', 'Licences', 'Policy'] },
  { login: 'vendor-nvidia', role: 'Vendor', navigation: ['Purchase-order check', 'Reservations and shipments', 'Licences'] },
  { login: 'customs-officer', role: 'Customs', navigation: ['Verify a licence', 'Clearance'] },
];

const DASHBOARD_CHARTS = ['chart-quota-units', 'chart-quota-tpp', 'chart-approvals-organisation', 'chart-approvals-category', 'chart-adoption', 'chart-funnel', 'chart-queue-age'];

/** "417,000" → 417000. */
function units(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

async function dashboardFigures(page: Page) {
  await page.getByTestId('quota-table').waitFor();
  return {
    usedH200: units(await page.getByTestId('used-units-H200').textContent()),
    licensed: units(await page.getByTestId('kpi-licensed-units').locator('.kpi-value').textContent()),
    approved: units(await page.getByTestId('kpi-approved-units').locator('.kpi-value').textContent()),
  };
}

/** The funnel's counts and units, stage by stage, as the dashboard's table shows them. */
const FUNNEL_ROWS = ['approvals', 'licences', 'reservations', 'shipments', 'clearances', 'deliveries', 'openReservations', 'cancelledReservations', 'expiredReservations', 'lapsedApprovals'] as const;

async function funnelFigures(page: Page): Promise<Record<(typeof FUNNEL_ROWS)[number], { count: number; units: number }>> {
  await page.getByTestId('funnel-table').waitFor();
  const figures = {} as Record<(typeof FUNNEL_ROWS)[number], { count: number; units: number }>;
  for (const row of FUNNEL_ROWS) {
    figures[row] = { count: units(await page.getByTestId(`funnel-${row}-count`).textContent()), units: units(await page.getByTestId(`funnel-${row}-units`).textContent()) };
  }
  return figures;
}

async function waitForChartsDrawn(page: Page): Promise<Record<string, number>> {
  const coverage: Record<string, number> = {};
  for (const chart of DASHBOARD_CHARTS) {
    await page.getByTestId(chart).locator('canvas').first().waitFor();
    // echarts draws on the next frame after setOption; give it a moment to finish.
    await expect.poll(() => canvasCoverage(page, chart), { timeout: 10_000 }).toBeGreaterThan(0.01);
    coverage[chart] = await canvasCoverage(page, chart);
  }
  return coverage;
}

describe.skipIf(!hasChromium && !isCi)('the web app in Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let sessions: Sessions;
  const state: { applicationId?: string; licenceNumber?: string; licenceId?: string; before?: Awaited<ReturnType<typeof dashboardFigures>>; funnelBefore?: Awaited<ReturnType<typeof funnelFigures>> } = {};

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    sessions = new Sessions(browser, server.baseUrl);
  }, STEP_TIMEOUT_MS);
  afterAll(async () => {
    await sessions?.close();
    await browser?.close();
    await server?.close();
  });

  it(
    'signs in as each role and shows that role its navigation',
    async () => {
      for (const { login, role, navigation } of ROLES) {
        const { context, page, errors } = await signIn(browser, server.baseUrl, login);
        await expect.poll(() => page.getByTestId('role').textContent()).toBe(role);
        const links = await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link').allTextContents();
        expect(links, login).toEqual(navigation);
        // The landing page is the first entry, marked as the current page.
        await expect.poll(() => page.locator('nav a[aria-current="page"]').textContent()).toBe(navigation[0]);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await horizontalOverflow(page), `${login}: page wider than the window`).toBeLessThanOrEqual(0);
        expect(await unlabelledControls(page), `${login}: controls without a label`).toEqual([]);
        await screenshot(page, `home-${login}`);
        expect(errors, login).toEqual([]);
        await page.close();
        sessions.adopt(login, context);
      }
    },
    STEP_TIMEOUT_MS * 2,
  );

  it(
    'signs out, and a page opened afterwards asks to sign in again',
    async () => {
      // Its own sign-in: signing out ends this session only, not the one the other tests reuse.
      const { context, page } = await signIn(browser, server.baseUrl, 'reviewer');
      await page.getByTestId('sign-out').click();
      await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
      await page.goto(`${server.baseUrl}/review`);
      await page.getByRole('heading', { name: 'Sign in to Gatehouse' }).waitFor();
      // A wrong password is refused with the server's words.
      await page.getByLabel('Login').fill('reviewer');
      await page.getByLabel('Password').fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByTestId('problem-detail').textContent()).toBeTruthy();
      await context.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'draws the dashboard charts from the demo data',
    async () => {
      const { page, errors } = await sessions.open('approver');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      const coverage = await waitForChartsDrawn(page);
      for (const chart of DASHBOARD_CHARTS) expect(coverage[chart], chart).toBeGreaterThan(0.01);
      state.before = await dashboardFigures(page);
      // The demo's first batch: ByteDance, Alibaba and Tencent (415,000) and Kingsoft Cloud (2,000).
      expect(state.before).toEqual({ usedH200: 417_000, licensed: 417_000, approved: 417_000 });
      await expect.poll(() => page.getByTestId('adoption-method').textContent()).toContain('From fleet declarations and licences');
      // The way to delivery, every stage counted by the server: its approvals agree with the key figures.
      state.funnelBefore = await funnelFigures(page);
      expect(state.funnelBefore.approvals.units).toBe(state.before.approved);
      expect(state.funnelBefore.licences.units).toBe(state.before.licensed);
      expect(await page.getByTestId('funnel-outcomes').textContent()).toContain('Lapsed approvals');
      await screenshot(page, 'dashboard');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lets an applicant file an application whose evaluation follows the quantity typed',
    async () => {
      const { page, errors } = await sessions.open('applicant-alibaba');
      await page.getByRole('link', { name: 'New application' }).first().click();
      await page.getByTestId('new-application-form').waitFor();
      await page.getByLabel('Item').selectOption({ label: 'NVIDIA H200 SXM 141 GB' });
      // The policy asks why domestic chips do not serve (foreign items): without it the evaluation admits nothing.
      await page.getByLabel('Justification').fill('Model training for Qwen');
      await page.getByLabel('Why domestic chips do not meet the need').fill('Memory bandwidth and software stack');
      const quantity = page.getByTestId('quantity');
      await quantity.fill('1000');
      await expect.poll(() => page.getByTestId('admissible-units').textContent(), { timeout: 15_000 }).toBe('1,000 of 1,000 units admissible');
      // Past what the policy admits (the platforms' category budget has 5,000 units left): the evaluation says so as the number changes.
      await quantity.fill('190000');
      await expect.poll(() => page.getByTestId('admissible-units').textContent(), { timeout: 15_000 }).toMatch(/^[\d,]+ of 190,000 units admissible$/);
      expect(units((await page.getByTestId('admissible-units').textContent())?.split(' of ')[0] ?? '')).toBeLessThan(190_000);
      expect(await page.getByTestId('evaluation').locator('tr.binding').textContent()).toContain('Category budget');
      await screenshot(page, 'new-application');
      await quantity.fill('2000');
      await expect.poll(() => page.getByTestId('admissible-units').textContent(), { timeout: 15_000 }).toBe('2,000 of 2,000 units admissible');
      expect(await unlabelledControls(page)).toEqual([]);
      await page.getByTestId('save-and-submit').click();
      await page.waitForURL(/\/applications\/[^/]+$/);
      state.applicationId = page.url().split('/').pop() ?? '';
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('submitted');
      await page.getByTestId('timeline').getByText('Submitted').waitFor();
      // It is listed among the applicant's own.
      await page.getByRole('link', { name: 'My applications', exact: true }).click();
      await expect.poll(() => page.getByTestId('my-applications').textContent()).toContain('Submitted');
      await page.getByRole('heading', { name: 'Allocation rounds that decided your applications' }).waitFor();
      await screenshot(page, 'applicant-portal');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lets a reviewer take it from the queue and recommend it, showing who reviewed',
    async () => {
      const { page, errors } = await sessions.open('reviewer');
      await page.getByRole('link', { name: 'Review queue' }).click();
      await page.getByTestId('queue-table').waitFor();
      await page.getByLabel('State').selectOption('submitted');
      await page.locator(`a[href="/applications/${state.applicationId}"]`).click();
      await page.getByTestId('take').click();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('under-review');
      expect(await page.getByTestId('people').textContent()).toContain('you (');
      const form = page.getByTestId('recommend-form');
      await form.getByLabel('Decision').selectOption('approve');
      await expect.poll(() => form.getByLabel('Units').inputValue()).toBe('2000');
      await form.getByLabel('Note').fill('Within every limit of the policy');
      await page.getByTestId('recommend').click();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('recommended');
      await page.getByTestId('evaluate-now').click();
      await expect.poll(() => page.getByTestId('evaluation').count()).toBe(2);
      await screenshot(page, 'application-reviewer');
      // A reviewer is never offered the decision.
      expect(await page.getByTestId('decide-form').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lets an approver, another person, decide it; the licence is issued',
    async () => {
      const { page, errors } = await sessions.open('approver');
      await page.goto(`${server.baseUrl}/applications/${state.applicationId}`);
      const form = page.getByTestId('decide-form');
      await form.waitFor();
      await form.getByLabel('Note').fill('Approved as recommended');
      await page.getByTestId('decide').click();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('approved');
      await page.getByTestId('licence-link').click();
      await page.getByTestId('licence-facts').waitFor();
      state.licenceNumber = (await page.getByTestId('licence-number').textContent()) ?? '';
      state.licenceId = page.url().split('/').pop() ?? '';
      expect(state.licenceNumber).toMatch(/^GH-\d{4}-\d{8}-\d{2}$/);
      await screenshot(page, 'licence');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the server’s four-eyes refusal, and takes the second approval from another approver',
    async () => {
      // China Mobile (a telecom operator, under tight control) waits with the approver's first signature.
      const first = await sessions.open('approver');
      await first.page.getByRole('link', { name: 'Review queue' }).click();
      await first.page.getByLabel('State').selectOption('awaiting-second-approval');
      await first.page.getByTestId('queue-link').filter({ hasText: 'China Mobile' }).click();
      const form = first.page.getByTestId('decide-form');
      await form.waitFor();
      expect(await form.textContent()).toContain('You signed the first approval');
      await form.getByLabel('Note').fill('signing twice');
      await first.page.getByTestId('decide').click();
      await expect.poll(() => form.getByRole('alert').textContent()).toContain('The server refused');
      const detail = await form.getByTestId('problem-detail').textContent();
      expect(detail).toMatch(/approver/i);
      await screenshot(first.page, 'four-eyes-refusal');
      const url = first.page.url();
      await first.page.close();

      const second = await sessions.open('approver-2');
      await second.page.goto(url);
      await second.page.getByTestId('decide-form').getByLabel('Note').fill('second approval');
      await second.page.getByTestId('decide').click();
      await expect.poll(() => second.page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('approved');
      expect(second.errors).toEqual([]);
      await second.page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'runs an allocation round: opened, previewed with every method side by side, committed',
    async () => {
      // The reviewer recommends two more applications: Baidu (a platform; the 3,000 units left in
      // the platforms' budget, proposed from a fresh evaluation) and China Telecom (a telecom
      // operator, which needs a first approval before a round may decide it).
      const reviewer = await sessions.open('reviewer', '/review');
      for (const organisation of ['Baidu', 'China Telecom']) {
        await reviewer.page.getByLabel('State').selectOption('submitted');
        await reviewer.page.getByTestId('queue-link').filter({ hasText: organisation }).click();
        await reviewer.page.getByTestId('take').click();
        const form = reviewer.page.getByTestId('recommend-form');
        await form.waitFor();
        if (organisation === 'Baidu') await expect.poll(() => form.getByLabel('Units').inputValue()).toBe('3000');
        await form.getByLabel('Note').fill('For the second batch');
        await reviewer.page.getByTestId('recommend').click();
        await expect.poll(() => reviewer.page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('recommended');
        await reviewer.page.getByRole('link', { name: 'Review queue' }).click();
      }
      await reviewer.page.close();

      const { page, errors } = await sessions.open('approver', '/rounds');
      const form = page.getByTestId('open-round-form');
      await form.getByLabel('Title').fill('H200, second batch');
      await form.getByLabel('Item').selectOption({ label: 'NVIDIA H200 SXM 141 GB' });
      await page.getByTestId('round-budget').fill('3000');
      await page.getByTestId('round-method').selectOption('pro-rata');
      await page.getByTestId('open-round').click();
      await page.waitForURL(/\/rounds\/[^/]+$/);
      await page.getByTestId('round-preview-button').click();
      await page.getByTestId('round-preview').waitFor();
      // One chart per method, side by side, each drawn.
      for (const method of ['fcfs', 'pro-rata', 'max-min', 'weighted', 'tiered']) {
        await page.getByTestId(`round-chart-${method}`).locator('canvas').first().waitFor();
        await expect.poll(() => canvasCoverage(page, `round-chart-${method}`), { timeout: 10_000 }).toBeGreaterThan(0.01);
      }
      expect(await page.getByTestId('method-comparison').locator('tbody tr').count()).toBe(5);
      expect(await page.getByTestId('round-lines').textContent()).toContain('Baidu');
      expect(await page.getByTestId('round-excluded').textContent()).toContain('needs a first approval');
      await screenshot(page, 'round-preview');
      await page.getByTestId('round-commit').click();
      await page.getByTestId('round-commitment').waitFor();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('committed');
      expect(await page.getByTestId('round-granted').textContent()).toMatch(/^3,000 of 3,000 units/);
      expect(await page.getByTestId('round-grants').getByRole('link', { name: 'Open the licence' }).count()).toBe(1);
      await screenshot(page, 'round-committed');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'moves the dashboard with the new licences',
    async () => {
      const { page } = await sessions.open('approver');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await waitForChartsDrawn(page);
      const after = await dashboardFigures(page);
      // 2,000 for Alibaba, 20,000 for China Mobile and 3,000 for Baidu in the round.
      expect(after).toEqual({ usedH200: (state.before?.usedH200 ?? 0) + 25_000, licensed: (state.before?.licensed ?? 0) + 25_000, approved: (state.before?.approved ?? 0) + 25_000 });
      await screenshot(page, 'dashboard-after');
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'follows the licence from a purchase order to delivery: coverage, reservation, shipment, clearance, delivery',
    async () => {
      const number = state.licenceNumber ?? '';
      const customs = await sessions.open('customs-officer');
      const verify = async (remaining: string) => {
        await customs.page.goto(`${server.baseUrl}/customs`);
        await customs.page.getByTestId('verify-number').fill(number.toLowerCase());
        await customs.page.getByTestId('verify').click();
        await expect.poll(() => customs.page.getByTestId('verify-answer').getAttribute('data-in-force')).toBe('true');
        await expect.poll(() => customs.page.getByTestId('verify-remaining').textContent()).toBe(remaining);
      };
      await verify('2,000');
      await screenshot(customs.page, 'customs-verify');

      // The vendor checks an order against Alibaba's licences, then reserves on the new one.
      const vendor = await sessions.open('vendor-nvidia');
      await vendor.page.getByTestId('coverage-buyer').selectOption({ label: 'Alibaba Group Holding Limited' });
      await vendor.page.getByLabel('Item').selectOption({ label: 'NVIDIA H200 SXM 141 GB' });
      await vendor.page.getByTestId('coverage-quantity').fill('1500');
      await vendor.page.getByTestId('coverage-reference').fill('PO-2026-0042');
      await vendor.page.getByTestId('coverage-check').click();
      await expect.poll(() => vendor.page.getByTestId('coverage-answer').getAttribute('data-covered')).toBe('true');
      const row = vendor.page.getByTestId('coverage-licences').locator('tr', { hasText: number });
      expect(await row.textContent()).toContain('2,000');
      await screenshot(vendor.page, 'vendor-coverage');
      await row.getByTestId('reserve').click();
      await vendor.page.getByTestId('reservation').waitFor();
      const reservationId = (await vendor.page.getByTestId('reservation-id').textContent()) ?? '';
      expect(await vendor.page.getByTestId('reservation').getAttribute('data-state')).toBe('reserved');
      await vendor.page.getByTestId('open-reservation').click();
      const form = vendor.page.getByTestId('ship-form');
      await form.getByLabel('Serial numbers (optional)').fill('SN-0001, SN-0002');
      await vendor.page.getByTestId('ship').click();
      await expect.poll(() => vendor.page.getByTestId('reservation').getAttribute('data-state')).toBe('shipped');
      await screenshot(vendor.page, 'vendor-shipment');

      // Customs clears it by the reservation id on the papers.
      await customs.page.goto(`${server.baseUrl}/customs/clearance`);
      await customs.page.getByTestId('clearance-id').fill(reservationId);
      await customs.page.getByTestId('clearance-find').click();
      await customs.page.getByTestId('clearance-form').getByLabel('Customs declaration reference').fill('CD-2026-000077');
      await customs.page.getByTestId('clear').click();
      await expect.poll(() => customs.page.getByTestId('reservation').getAttribute('data-state')).toBe('cleared');
      await screenshot(customs.page, 'customs-clearance');

      // The vendor records delivery; the licence now covers what was not shipped.
      await vendor.page.goto(`${server.baseUrl}/vendor/shipments?id=${reservationId}`);
      await vendor.page.getByTestId('reservation-delivery').click();
      await expect.poll(() => vendor.page.getByTestId('reservation').getAttribute('data-state')).toBe('delivered');
      // The vendor's list comes from the server: the reservation is there, delivered, also when filtered by state.
      await vendor.page.goto(`${server.baseUrl}/vendor/shipments`);
      const listed = vendor.page.getByTestId('shipments-table').locator(`tr[data-id="${reservationId}"]`);
      await expect.poll(() => listed.getAttribute('data-state')).toBe('delivered');
      expect(await listed.textContent()).toContain('PO-2026-0042');
      expect(await listed.textContent()).toContain(number);
      await vendor.page.getByLabel('State').selectOption({ label: 'Reserved' });
      await expect.poll(() => vendor.page.getByTestId('shipments-table').locator(`tr[data-id="${reservationId}"]`).count()).toBe(0);
      await vendor.page.getByLabel('State').selectOption({ label: 'Delivered' });
      await expect.poll(() => vendor.page.getByTestId('shipments-table').locator(`tr[data-id="${reservationId}"]`).count()).toBe(1);
      await screenshot(vendor.page, 'vendor-reservations');
      // The licence's ledger history shows the way it went.
      await vendor.page.goto(`${server.baseUrl}/licences/${state.licenceId}`);
      const ledger = vendor.page.getByTestId('licence-ledger');
      await ledger.waitFor();
      await expect.poll(async () => ledger.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')))).toEqual(['issue', 'reservation', 'shipment', 'clearance', 'delivery']);
      expect(await ledger.locator('tr[data-kind="clearance"]').textContent()).toContain('CD-2026-000077');
      // An order beyond what remains is not covered.
      await vendor.page.goto(`${server.baseUrl}/vendor`);
      await vendor.page.getByTestId('coverage-buyer').selectOption({ label: 'Alibaba Group Holding Limited' });
      await vendor.page.getByTestId('coverage-quantity').fill('500000');
      await vendor.page.getByTestId('coverage-reference').fill('PO-2026-0043');
      await vendor.page.getByTestId('coverage-check').click();
      await expect.poll(() => vendor.page.getByTestId('coverage-answer').getAttribute('data-covered')).toBe('false');
      expect(vendor.errors).toEqual([]);
      await vendor.page.close();

      await verify('500');
      expect(customs.errors).toEqual([]);
      await customs.page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'suspends, reinstates and amends a licence',
    async () => {
      const { page, errors } = await sessions.open('approver');
      await page.goto(`${server.baseUrl}/licences`);
      await page.getByTestId('licence-search').fill(state.licenceNumber ?? '');
      await expect.poll(() => page.getByTestId('licence-row-link').count()).toBe(1);
      await page.getByTestId('licence-row-link').click();
      await page.getByTestId('licence-suspension').getByLabel('Reason (recorded in the audit log)').fill('inspection of the facility');
      await page.getByTestId('licence-suspension').getByRole('button').click();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('suspended');
      await page.getByTestId('licence-reinstatement').getByLabel('Reason (recorded in the audit log)').fill('inspection passed');
      await page.getByTestId('licence-reinstatement').getByRole('button').click();
      await expect.poll(() => page.locator('.page-header [data-state]').getAttribute('data-state')).toBe('active');
      const amend = page.getByTestId('licence-amend');
      await amend.getByLabel('Extend the validity by (days)').fill('30');
      await amend.getByLabel('Reason (recorded in the audit log)').fill('delivery delayed');
      await amend.getByRole('button').click();
      await page.getByText('The licence is amended.').waitFor();
      await expect.poll(() => page.getByTestId('licence-available').textContent()).toBe('500');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the policy with its history and diff, the audit chain verified, and the rounds list',
    async () => {
      const { page, errors } = await sessions.open('auditor');
      await page.getByRole('link', { name: 'Policy' }).click();
      await page.getByTestId('policy-hash').waitFor();
      await page.getByTestId('holds-table').waitFor();
      await page.getByTestId('compare').click();
      await page.getByTestId('diff-empty').waitFor();
      await screenshot(page, 'policy');
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByTestId('verify-chain').click();
      await expect.poll(() => page.getByTestId('chain-result').getAttribute('data-ok')).toBe('true');
      expect(await page.getByTestId('audit-table').locator('tbody tr').count()).toBeGreaterThan(10);
      await screenshot(page, 'audit');
      await page.getByRole('link', { name: 'Allocation rounds' }).click();
      await expect.poll(() => page.getByTestId('round-link').count()).toBe(1);
      // Only approvers open rounds.
      expect(await page.getByTestId('open-round-form').count()).toBe(0);
      await screenshot(page, 'rounds');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'switches to Simplified Chinese, including the evaluation’s own sentences',
    async () => {
      const { page } = await sessions.open('reviewer');
      await page.getByTestId('language-zh').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await expect.poll(() => page.locator('nav a[aria-current="page"]').textContent()).toBe('总览');
      await waitForChartsDrawn(page);
      await screenshot(page, 'dashboard-zh');
      await page.goto(`${server.baseUrl}/applications/${state.applicationId}`);
      await expect.poll(() => page.getByTestId('evaluation-sentence').textContent()).toMatch(/可批准/);
      await screenshot(page, 'application-zh');
      // The choice is remembered in this browser.
      await page.reload();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
      await page.getByTestId('language-en').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'moves the funnel with the reservation, the shipment, the clearance and the delivery',
    async () => {
      const { page, errors } = await sessions.open('approver');
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
      await waitForChartsDrawn(page);
      const before = state.funnelBefore;
      expect(before).toBeDefined();
      const after = await funnelFigures(page);
      // One reservation of 1,500 units, shipped whole, cleared and delivered.
      for (const stage of ['reservations', 'shipments', 'clearances', 'deliveries'] as const) {
        expect({ stage, ...after[stage] }).toEqual({ stage, count: (before?.[stage].count ?? 0) + 1, units: (before?.[stage].units ?? 0) + 1_500 });
      }
      expect(after.openReservations).toEqual(before?.openReservations);
      await screenshot(page, 'dashboard-funnel');
      expect(errors).toEqual([]);
      await page.close();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'keeps every main page within a phone’s width',
    async () => {
      const pages: [string, string][] = [
        ['approver', '/dashboard'],
        ['approver', '/review'],
        ['approver', `/applications/${state.applicationId}`],
        ['approver', `/licences/${state.licenceId}`],
        ['approver', '/policy'],
        ['approver', '/rounds'],
        ['applicant-alibaba', '/portal'],
        ['applicant-alibaba', '/portal/new'],
        ['applicant-alibaba', '/portal/fleet'],
        ['vendor-nvidia', '/vendor'],
        ['vendor-nvidia', '/vendor/shipments'],
        ['customs-officer', '/customs/clearance'],
        ['customs-officer', '/customs'],
        ['auditor', '/audit'],
      ];
      for (const [login, path] of pages) {
        const { page } = await sessions.open(login, path, PHONE);
        await page.locator('main h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        expect(await horizontalOverflow(page), `${path} at ${PHONE.width} px`).toBeLessThanOrEqual(0);
        expect(await unlabelledControls(page), path).toEqual([]);
        await screenshot(page, `phone${path.replaceAll('/', '-')}`);
        await page.close();
      }
    },
    STEP_TIMEOUT_MS * 2,
  );
});
