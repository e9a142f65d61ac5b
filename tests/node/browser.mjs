// Loads a page in headless Chromium and returns the report the shared scenario left on
// `window.report`, failing with the page's own error when it left `window.failure` instead.
import assert from 'node:assert/strict';
import { launchBrowser, openPage } from '../e2e/harness.mjs';

export async function reportFromPage(url) {
  const browser = await launchBrowser();
  try {
    const { page } = await openPage(browser);
    const wasmResponses = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.wasm')) wasmResponses.push(response.url());
    });
    await page.goto(url);
    await page.waitForFunction(() => window.report !== undefined || window.failure !== undefined, null, { timeout: 20000 });
    const failure = await page.evaluate(() => window.failure);
    assert.equal(failure, undefined, `the page failed: ${failure}`);
    const report = await page.evaluate(() => window.report);
    const quote = await page.evaluate(() => document.getElementById('quote')?.textContent ?? null);
    assert.deepEqual(page.problems, [], 'no console errors or page errors');
    return { report, quote, wasmResponses };
  } finally {
    await browser.close();
  }
}
