// Benchmark (not a test): how long the reader (`/`) takes to render the whole corpus, and how
// many bytes it loads, in headless Chromium. Medians of RUNS runs (default 5), each in a fresh
// browser context (cold cache). Usage: node bench/reader.mjs [runs]
//
// The reader marks the end of its first render on <html>: `data-ready="true"` and
// `data-render-ms` (from its module starting, wasm instantiation included, to everything shown).
import { startSite, launchBrowser } from '../tests/e2e/harness.mjs';
import { cpus } from 'node:os';

const runs = Number(process.argv[2]) || 5;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const site = await startSite();
const browser = await launchBrowser();
console.log(`clause-cite reader benchmark: ${runs} runs, headless ${browser.version()}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`);
const fromNavigation = [];
const fromModule = [];
const transferred = [];
const wasmBytes = [];
let rows = 0;
for (let run = 0; run < runs; run += 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  const urls = new Map();
  client.on('Network.responseReceived', (event) => urls.set(event.requestId, event.response.url));
  let total = 0;
  let wasm = 0;
  client.on('Network.loadingFinished', (event) => {
    total += event.encodedDataLength;
    if (urls.get(event.requestId)?.endsWith('.wasm')) wasm += event.encodedDataLength;
  });
  await page.goto(new URL('./', site.url).href);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
  const result = await page.evaluate(() => ({
    now: performance.now(),
    renderMs: Number(document.documentElement.dataset.renderMs),
    rows: document.querySelectorAll('.clause[data-clause]').length,
  }));
  await page.waitForLoadState('networkidle');
  fromNavigation.push(result.now);
  fromModule.push(result.renderMs);
  transferred.push(total);
  wasmBytes.push(wasm);
  rows = result.rows;
  await context.close();
}
await browser.close();
await site.close();

console.log('\n| navigation → corpus rendered | reader module → corpus rendered | bytes transferred | of which wasm | clause rows |');
console.log('|---:|---:|---:|---:|---:|');
console.log(`| ${median(fromNavigation).toFixed(0)} ms | ${median(fromModule).toFixed(0)} ms | ${(median(transferred) / 1024).toFixed(1)} KiB | ${(median(wasmBytes) / 1024).toFixed(1)} KiB | ${rows} |`);
console.log('\nServed uncompressed by the local dev server; bytes are Chrome DevTools Protocol encodedDataLength (bodies and headers).');
