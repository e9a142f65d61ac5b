// Benchmark (not a test): time from navigation to every card upgraded, and bytes transferred,
// in headless Chromium, on the demo post and on the 200-card page (lazy: the cards near the
// first screen; ?eager: all 200 at once). Medians of RUNS runs (default 7), each in a fresh
// browser context (cold cache). Then the throttled scroll-before-load runs (layout shift and the
// first card's upgrade time), THROTTLED runs each (default 5).
// Usage: node bench/widget.mjs [runs] [throttled]
import { countingPage, median, startBenchmark } from './browser.mjs';
import { SCROLL_BEFORE_LOAD, THROTTLING, throttledScrollBeforeLoad } from '../tests/e2e/layout-shift-run.mjs';

const runs = Number(process.argv[2]) || 7;
const pages = [
  // `cards`: how many cards, from the top, to wait for: on the lazy pages, the first three (those
  // within the first two screens, which the IntersectionObserver upgrades at once).
  { name: 'demo post (6 cards, auto-links, search box), first 3 cards', path: 'demo/', cards: 3 },
  { name: '200-card page, lazy, first 3 cards', path: 'test-pages/many.html', cards: 3 },
  { name: '200-card page, ?eager, all 200 cards', path: 'test-pages/many.html?eager', cards: 200 },
];

const throttledRuns = Number(process.argv[3]) || 5;
const { site, browser, close } = await startBenchmark(`clause-cite widget benchmark: ${runs} runs per page, ${throttledRuns} throttled runs per scenario`);
const rows = [];
for (const target of pages) {
  const times = [];
  const firsts = [];
  const bytes = [];
  let counted = 0;
  for (let run = 0; run < runs; run += 1) {
    const { context, page, bytes: transferred } = await countingPage(browser);
    // Each card's upgrade time is recorded by the page itself (performance.now() since navigation).
    await page.addInitScript(() => {
      window.__upgraded = [];
      document.addEventListener('clause-cite:upgraded', (event) => {
        if (event.target.parentElement?.closest('clause-cite-popup, clause-search')) return;
        window.__upgraded.push(performance.now());
      });
    });
    await page.goto(new URL(target.path, site.url).href);
    const result = await page.evaluate(async (cards) => {
      await customElements.whenDefined('clause-cite');
      const wanted = [...document.querySelectorAll('body clause-cite')].slice(0, cards);
      await Promise.all(wanted.map((element) => element.ready));
      return { count: wanted.length, times: window.__upgraded.slice().sort((a, b) => a - b) };
    }, target.cards);
    await page.waitForLoadState('networkidle');
    times.push(result.times[result.count - 1]);
    firsts.push(result.times[0]);
    bytes.push(transferred());
    counted = result.count;
    await context.close();
  }
  rows.push({ page: target.name, cards: counted, first: median(firsts), all: median(times), bytes: median(bytes) });
}

// Layout shift and the first card under throttling (400 kB/s, 400 ms RTT, 4x CPU), the page
// scrolled before the wasm arrives: the same run tests/e2e/layout-shift.test.mjs asserts on.
const throttledRows = [];
for (const scenario of SCROLL_BEFORE_LOAD) {
  const figures = { cls: [], all: [], first: [], html: [], wasmFirstByte: [], wasmReceived: [] };
  for (let run = 0; run < throttledRuns; run += 1) {
    const context = await browser.newContext(scenario.contextOptions);
    const page = await context.newPage();
    const result = await throttledScrollBeforeLoad(page, new URL(scenario.path, site.url).href, scenario);
    figures.cls.push(result.clsAfterScroll);
    figures.all.push(result.cls);
    figures.first.push(result.firstCard);
    figures.html.push(result.timing.htmlReceived ?? NaN);
    figures.wasmFirstByte.push(result.timing.wasmFirstByte ?? NaN);
    figures.wasmReceived.push(result.timing.wasmReceived ?? NaN);
    await context.close();
  }
  throttledRows.push({ name: scenario.name, cls: median(figures.cls), worst: Math.max(...figures.cls), all: median(figures.all), allWorst: Math.max(...figures.all), first: median(figures.first), html: median(figures.html), wasmFirstByte: median(figures.wasmFirstByte), wasmReceived: median(figures.wasmReceived) });
}
await close();

console.log('\n| page | cards waited for | first card upgraded | all those cards upgraded | bytes transferred |');
console.log('|---|---:|---:|---:|---:|');
for (const row of rows) {
  console.log(`| ${row.page} | ${row.cards} | ${row.first.toFixed(0)} ms | ${row.all.toFixed(0)} ms | ${(row.bytes / 1024).toFixed(1)} KiB |`);
}
console.log('\nTimes are from navigation start (performance.now()) to the clause-cite:upgraded events; bytes are every response body and header on the wire (Chrome DevTools Protocol encodedDataLength), served uncompressed by the local dev server.');

console.log(`\nThrottled (${THROTTLING.downloadThroughput / 1000} kB/s, ${THROTTLING.latency} ms RTT, ${THROTTLING.cpuRate}x CPU), scrolled before the wasm arrives, medians of ${throttledRuns} runs:\n`);
console.log('| page | CLS from the scroll on (median) | (worst run) | CLS with the page\'s first render (median) | (worst run) | first card upgraded |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const row of throttledRows) console.log(`| ${row.name} | ${row.cls.toFixed(4)} | ${row.worst.toFixed(4)} | ${row.all.toFixed(4)} | ${row.allWorst.toFixed(4)} | ${row.first.toFixed(0)} ms |`);
console.log('\nWhere the time to the first card goes (same runs, medians, from navigation start):\n');
console.log('| page | HTML received | engine (wasm): first byte | engine: last byte | first card upgraded |');
console.log('|---|---:|---:|---:|---:|');
for (const row of throttledRows) console.log(`| ${row.name} | ${row.html.toFixed(0)} ms | ${row.wasmFirstByte.toFixed(0)} ms | ${row.wasmReceived.toFixed(0)} ms | ${row.first.toFixed(0)} ms |`);

// What a compressing static host would send for the two files a page loads.
const { readFileSync } = await import('node:fs');
const { gzipSync, brotliCompressSync, constants } = await import('node:zlib');
console.log('\n| file | raw | gzip -9 | brotli -11 |');
console.log('|---|---:|---:|---:|');
let totals = [0, 0, 0];
for (const name of ['clause-cite.js', 'clause_cite_bg.wasm']) {
  const bytes = readFileSync(new URL(`../www/dist/${name}`, import.meta.url));
  const sizes = [bytes.length, gzipSync(bytes, { level: 9 }).length, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length];
  totals = totals.map((total, index) => total + sizes[index]);
  console.log(`| www/dist/${name} | ${sizes.map((size) => `${(size / 1024).toFixed(1)} KiB`).join(' | ')} |`);
}
console.log(`| total | ${totals.map((size) => `${(size / 1024).toFixed(1)} KiB`).join(' | ')} |`);
