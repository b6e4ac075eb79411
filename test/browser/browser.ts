// Real Chromium for the dashboard's browser tests: Debian's package driven by playwright-core
// (no browser is ever downloaded), headless, with a fresh profile and no background traffic
// (the machine has no network; Chromium's own connections would only fail and log).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { REPO } from '../helpers/service.js';

export const CHROMIUM = process.env.VC_CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO, 'test', 'browser', 'screenshots');
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 860 };

/** Why the browser tests cannot run here, or null when they can. */
export function browserMissing(): string | null {
  if (fs.existsSync(CHROMIUM)) return null;
  return `Chromium not found at ${CHROMIUM}: \`make setup\` installs Debian's chromium (apt-get, as root). Browser tests skipped.`;
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions since the last take(). */
  errors: string[];
  takeErrors(): string[];
  close(): Promise<void>;
}

export async function launch(baseURL: string): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    baseURL,
    viewport: DESKTOP,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`exception: ${e.message}`));
  return {
    context,
    page,
    errors,
    takeErrors: () => errors.splice(0),
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** Width the page scrolls sideways by, in CSS pixels (0 = none). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

export async function screenshot(page: Page, name: string, opts: { scrollTop?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // A full-page shot of a scrolled page draws the sticky header mid-page.
  if (opts.scrollTop !== false) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The checks every page gets: a screenshot at desktop width, axe, then at 390 px no sideways
 * scrolling and a second screenshot; no console errors throughout.
 */
export async function checkPage(b: Browser, name: string, opts: { allowErrors?: RegExp } = {}): Promise<void> {
  const { page } = b;
  await screenshot(page, `${name}-desktop`);
  expect(await seriousViolations(page), `axe on ${name}`).toEqual([]);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(50);
  expect(await horizontalOverflow(page), `sideways scroll on ${name} at 390 px`).toBeLessThanOrEqual(0);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(DESKTOP);
  const errors = b.takeErrors().filter((e) => !opts.allowErrors?.test(e));
  expect(errors, `console errors on ${name}`).toEqual([]);
}
