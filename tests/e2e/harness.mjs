// Shared set-up for the browser tests: one static server for www/ and pkg/, and a headless
// Chromium driven by playwright-core. Console errors and page errors are collected per page so
// every test can assert there were none.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSiteServer, listen } from '../../scripts/serve.mjs';

export const artifacts = fileURLToPath(new URL('../artifacts/', import.meta.url));
mkdirSync(artifacts, { recursive: true });

export const chromePath = process.env.CHROME_PATH || '/usr/bin/chromium';

/** Starts the site server on a free port; returns { url, close }. */
export async function startSite() {
  const { server, url } = await listen(createSiteServer(), 18080 + Math.floor(Math.random() * 1000));
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser(options = {}) {
  return chromium.launch({
    executablePath: chromePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    ...options,
  });
}

/** Opens a page that records console errors and uncaught page errors in `page.problems`. */
export async function openPage(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  return { context, page };
}

/**
 * Registers hooks that start one site server and one browser before a test file's tests and
 * close them after; returns an object whose `site` and `browser` are set once the hook ran.
 */
export function useSiteAndBrowser() {
  const shared = { site: null, browser: null };
  before(async () => {
    shared.site = await startSite();
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.site?.close();
  });
  return shared;
}
