// The sandbox's web page in a real browser: Debian's Chromium, headless, driven by playwright-core
// (which never downloads a browser of its own). Without Chromium the test is skipped, saying why.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourSpread, decodePng } from '../helpers/png.js';
import { copyArticles, killChildren, LONGEST, type NodeProcess, startInteractive } from './harness.js';

/** The one browser API used here (the project's types do not include the DOM). */
interface BrowserWindow {
  getComputedStyle(node: unknown): { borderLeftColor: string };
}

function findChromium(): string | undefined {
  const names = ['chromium', 'chromium-browser'];
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  return [process.env.CHROMIUM_PATH, ...dirs.flatMap((dir) => names.map((name) => join(dir, name))), '/usr/bin/chromium'].find((path): path is string => !!path && existsSync(path));
}

const executablePath = findChromium();
const SKIP_REASON = 'the sandbox page browser test needs Chromium (apt-get install chromium, or set CHROMIUM_PATH); skipped';
if (!executablePath) process.stderr.write(`${SKIP_REASON}\n`);

describe.skipIf(!executablePath)('the sandbox page in headless Chromium', () => {
  let dir: string;
  let sandbox: NodeProcess;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'news-sandbox-page-'));
    await copyArticles(join(dir, 'articles'));
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(DISCORD_|DATABASE_PATH|ARTICLES_DIR|LOG_)/.test(e[0])));
    sandbox = startInteractive('scripts/dev-local.ts', env, dir);
    await sandbox.waitForOutput(/Type help\./);
    url = /Web page: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(sandbox.stdout)![1]!;
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    sandbox?.child.stdin?.end('quit\n');
    await sandbox?.exited;
    await killChildren();
    await rm(dir, { recursive: true, force: true });
  });

  it('shows a command typed in the page as Discord would, presses Next, and draws a page that is not blank', async () => {
    // A fresh profile each run; only the sandbox itself may be reached (article images stay unloaded).
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.locator('body[data-ready="true"]').waitFor();
    const blank = colourSpread(decodePng(await page.screenshot({ clip: { x: 600, y: 300, width: 200, height: 100 } })));
    expect(blank.dominantShare).toBe(1);

    await page.fill('#command', `/news read article:${LONGEST}`);
    await page.press('#command', 'Enter');
    const answer = page.locator('.message', { has: page.getByRole('button', { name: 'Next' }) });
    await expect.poll(() => answer.count()).toBe(1);
    await expect.poll(() => answer.locator('.embed-footer').textContent()).toContain('page 1 of');
    // The colour bar: the embed's left border in the server's colour (the default blue here).
    expect(await answer.locator('.embed').evaluate((node) => (globalThis as unknown as BrowserWindow).getComputedStyle(node).borderLeftColor)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    expect(await answer.locator('.message-command').textContent()).toBe('@admin used /news');

    await answer.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => answer.locator('.embed-footer').textContent()).toContain('page 2 of');

    await page.fill('#command', '/config show');
    await page.press('#command', 'Enter');
    const settings = page.locator('.message.ephemeral', { hasText: 'News settings for Sandbox' });
    await expect.poll(() => settings.locator('.ephemeral-note').textContent()).toBe('Only you can see this');

    const shot = colourSpread(decodePng(await page.screenshot()));
    expect(shot.distinct).toBeGreaterThan(50);
    expect(shot.dominantShare).toBeLessThan(0.9);
    expect(errors).toEqual([]);
    await context.close();
  });
});
