/**
 * What the browser tests share: a real server over a fresh demo database on a free port, and
 * Debian's Chromium driven by playwright-core (which cannot download browsers here).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../../src/app.js';
import { operatorActor } from '../../src/platform/actor.js';
import { systemClock } from '../../src/platform/clock.js';
import { openDatabase } from '../../src/platform/database.js';
import { seedDemo } from '../../src/demo/seed-demo.js';

export const CHROMIUM_PATH = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM_PATH);
export const isCi = process.env.CI === 'true' || process.env.CI === '1';

/** Where the run saves screenshots of the main pages (ignored by git). */
export const SCREENSHOT_DIRECTORY = fileURLToPath(new URL('./screenshots/', import.meta.url));

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

/** The app as `gatehouse demo` serves it, over a temporary SQLite file seeded with the demo. */
export async function startDemoServer(): Promise<RunningServer> {
  const directory = mkdtempSync(join(tmpdir(), 'gatehouse-e2e-'));
  const database = await openDatabase({ sqlitePath: join(directory, 'demo.db') });
  const context = { database, clock: systemClock };
  await seedDemo(context, operatorActor('demo'));
  const app = await buildApp(context, { logLevel: 'silent', bodyLimitBytes: 1_048_576 });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  if (!hasChromium) throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: apt-get install -y chromium fonts-noto-cjk (or set GATEHOUSE_CHROMIUM)`);
  mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context (its own cookies), signed in through the sign-in form, in English. */
export async function signIn(browser: Browser, baseUrl: string, login: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'en-GB' });
  // Long enough for a loaded shared machine, short enough that a broken step fails quickly.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(`demo-${login}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('who').waitFor();
  return { context, page, errors };
}

/**
 * One signed-in browser context per login, signed in once through the form and reused: the server
 * limits sign-ins per login and per address (access/sign-in-limiter.ts), as it should, and a test
 * run signs in far more often than a person would. Each use gets a fresh page in that context.
 */
export class Sessions {
  private readonly contexts = new Map<string, BrowserContext>();

  constructor(
    private readonly browser: Browser,
    private readonly baseUrl: string,
  ) {}

  /** Keeps a context signed in elsewhere (by signIn) for later pages of the same login. */
  adopt(login: string, context: BrowserContext): void {
    this.contexts.set(login, context);
  }

  async open(login: string, path = '/', viewport = DESKTOP): Promise<{ page: Page; errors: string[] }> {
    let context = this.contexts.get(login);
    if (context === undefined) {
      const signedIn = await signIn(this.browser, this.baseUrl, login);
      context = signedIn.context;
      await signedIn.page.close();
      this.contexts.set(login, context);
    }
    const page = await context.newPage();
    await page.setViewportSize(viewport);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${this.baseUrl}${path}`);
    await page.getByTestId('who').waitFor();
    return { page, errors };
  }

  async close(): Promise<void> {
    for (const context of this.contexts.values()) await context.close();
    this.contexts.clear();
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOT_DIRECTORY, `${name}.png`), fullPage: true });
}

/** The page is no wider than the window: nothing sticks out sideways (tables scroll in their own box). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Form controls without a label or an accessible name; an empty list is what we want. */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((element) => {
        const control = element as HTMLInputElement;
        if (control.type === 'hidden') return false;
        const hasLabel = 'labels' in control && control.labels !== null && control.labels.length > 0;
        const name = control.getAttribute('aria-label') ?? control.getAttribute('aria-labelledby') ?? (element.tagName === 'BUTTON' ? element.textContent?.trim() : '');
        return !hasLabel && (name === null || name === undefined || name === '');
      })
      .map((element) => element.outerHTML.slice(0, 120)),
  );
}

/**
 * How much of each chart canvas is drawn: the share of pixels that are not transparent. An empty
 * chart (no data, or a failed draw) leaves the canvas nearly blank.
 */
export async function canvasCoverage(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (context === null) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) drawn += 1;
    return drawn / (canvas.width * canvas.height);
  });
}
