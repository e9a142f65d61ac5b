// Benchmark (not a test): a card page reading a library, in headless Chromium, against today's
// card page whose corpus is inside the wasm, under the throttling of the layout-shift runs
// (400 kB/s, 400 ms round trip, 4× CPU), each run in a fresh browser context (a cold cache).
//
//   node bench/library-browser.mjs [runs]      (after node scripts/build.mjs; default 5 runs)
//
// Three posts, the same paragraph and the same card, the widget from /dist/:
//   - today: the card engine, the default corpus inside;
//   - library: `library="/library/"`, the sample library npm start serves (the default corpus and
//     the three test documents), so the library engine, the catalog, then the cited document;
//   - library with prefetch: the same card naming its document's file, fetched with the engine.
// The runs take the three posts in turn, so that a slow moment of the machine falls on all
// three. Prints the medians of the time to the first upgraded card and of the bytes on the wire,
// with their ratios to today's post.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { countingPage, median, startBenchmark } from './browser.mjs';
import { THROTTLING } from '../tests/e2e/layout-shift-run.mjs';
import { SAMPLE_LIBRARY } from '../scripts/build-test-library.mjs';

const runs = Number(process.argv[2]) || 5;
const shard = `documents/${readdirSync(join(SAMPLE_LIBRARY, 'documents')).find((name) => name.startsWith('policy-paper.'))}`;
const reference = 'LAC Policy Paper, Development Program (10) ¶2';
const quote = 'China welcomes LAC countries to use the BeiDou Navigation Satellite System.';

function post(attributes) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A post</title>
<script type="module" src="/dist/clause-cite.js"></script></head><body><main><p>${'A paragraph of the post. '.repeat(40)}</p>
<clause-cite ref="${reference}" loading="eager"${attributes}><blockquote lang="en">${quote}</blockquote></clause-cite></main></body></html>`;
}

const posts = [
  { name: "today's card page (the card engine, the corpus inside)", path: '/bench-posts/today.html', html: post('') },
  { name: 'library card page', path: '/bench-posts/library.html', html: post(' library="/library/"') },
  { name: 'library card page with prefetch', path: '/bench-posts/prefetch.html', html: post(` library="/library/" prefetch="${shard}"`) },
];

const { site, browser, close } = await startBenchmark(`clause-cite library card benchmark: ${runs} throttled runs per post (${THROTTLING.downloadThroughput / 1000} kB/s, ${THROTTLING.latency} ms, ${THROTTLING.cpuRate}× CPU)`);
const figures = posts.map(() => ({ first: [], bytes: [] }));
for (let run = 0; run < runs; run += 1) {
  for (const [index, target] of posts.entries()) {
    const { context, page, bytes } = await countingPage(browser);
    // The post itself comes from the site's origin, as a blog's page would.
    await page.route(new URL(target.path, site.url).href, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: target.html }));
    await page.addInitScript(() => {
      window.__upgraded = [];
      document.addEventListener('clause-cite:upgraded', () => window.__upgraded.push(performance.now()));
    });
    const client = await context.newCDPSession(page);
    await client.send('Network.enable');
    await client.send('Network.emulateNetworkConditions', { offline: false, latency: THROTTLING.latency, downloadThroughput: THROTTLING.downloadThroughput, uploadThroughput: THROTTLING.uploadThroughput });
    await client.send('Emulation.setCPUThrottlingRate', { rate: THROTTLING.cpuRate });
    await page.goto(new URL(target.path, site.url).href, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__upgraded.length >= 1, null, { timeout: 60000, polling: 50 });
    const ready = await page.evaluate(() => document.querySelector('clause-cite').ready);
    if (ready !== true) throw new Error(`${target.name}: the card did not upgrade`);
    await page.waitForLoadState('networkidle');
    figures[index].first.push(await page.evaluate(() => window.__upgraded[0]));
    figures[index].bytes.push(bytes());
    await context.close();
  }
}
await close();

const today = { first: median(figures[0].first), bytes: median(figures[0].bytes) };
console.log('\n| post | first card (median) | runs | bytes on the wire (median) |');
console.log('|---|---:|---|---:|');
for (const [index, target] of posts.entries()) {
  const first = median(figures[index].first);
  const bytes = median(figures[index].bytes);
  const all = figures[index].first.map((value) => value.toFixed(0)).join(', ');
  console.log(`| ${target.name} | ${first.toFixed(0)} ms (${(first / today.first).toFixed(2)}×) | ${all} | ${(bytes / 1000).toFixed(1)} kB (${(bytes / today.bytes).toFixed(3)}×) |`);
}
