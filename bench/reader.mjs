// Benchmark (not a test): how long the reader (`/`) takes to render the whole corpus, and how
// many bytes it loads, in headless Chromium. Medians of RUNS runs (default 5), each in a fresh
// browser context (cold cache). Usage: node bench/reader.mjs [runs]
//
// The reader marks the end of its first render on <html>: `data-ready="true"` and
// `data-render-ms` (from its module starting, wasm instantiation included, to everything shown).
import { countingPage, median, startBenchmark } from './browser.mjs';

const runs = Number(process.argv[2]) || 5;

const { site, browser, close } = await startBenchmark(`clause-cite reader benchmark: ${runs} runs`);
const fromNavigation = [];
const fromModule = [];
const transferred = [];
const wasmBytes = [];
let rows = 0;
for (let run = 0; run < runs; run += 1) {
  const { context, page, bytes, wasmBytes: wasm } = await countingPage(browser);
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
  transferred.push(bytes());
  wasmBytes.push(wasm());
  rows = result.rows;
  await context.close();
}
await close();

console.log('\n| navigation → corpus rendered | reader module → corpus rendered | bytes transferred | of which wasm | clause rows |');
console.log('|---:|---:|---:|---:|---:|');
console.log(`| ${median(fromNavigation).toFixed(0)} ms | ${median(fromModule).toFixed(0)} ms | ${(median(transferred) / 1024).toFixed(1)} KiB | ${(median(wasmBytes) / 1024).toFixed(1)} KiB | ${rows} |`);
console.log('\nServed uncompressed by the local dev server; bytes are Chrome DevTools Protocol encodedDataLength (bodies and headers).');
