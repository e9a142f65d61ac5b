// What the browser benchmarks share: the static site and headless Chromium of the end-to-end
// tests, the machine line they print, fresh pages that count the bytes they load, and medians.
import { startSite, launchBrowser } from '../tests/e2e/harness.mjs';
import { cpus } from 'node:os';

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Starts the site and the browser, and prints what the benchmark runs on. */
export async function startBenchmark(title) {
  const site = await startSite();
  const browser = await launchBrowser();
  console.log(`${title}, headless ${browser.version()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
  return {
    site,
    browser,
    async close() {
      await browser.close();
      await site.close();
    },
  };
}

/**
 * A page in a fresh browser context (a cold cache) that counts the bytes on the wire, bodies
 * and headers (Chrome DevTools Protocol `encodedDataLength`): `bytes()` for every response,
 * `wasmBytes()` for the `.wasm` ones.
 */
export async function countingPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  const urls = new Map();
  let total = 0;
  let wasm = 0;
  client.on('Network.responseReceived', (event) => urls.set(event.requestId, event.response.url));
  client.on('Network.loadingFinished', (event) => {
    total += event.encodedDataLength;
    if (urls.get(event.requestId)?.endsWith('.wasm')) wasm += event.encodedDataLength;
  });
  return { context, page, bytes: () => total, wasmBytes: () => wasm };
}
