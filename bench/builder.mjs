// Benchmark (not a test) of "Add a document" (www/builder/), in headless Chromium:
//   1. time from paste to reviewed alignment for the default policy paper: its three versions
//      (the Chinese original and the unofficial English translation from the blog source, the
//      official English translation) pasted into a fresh page, until the review's rows are
//      shown and laid out (a paste compiles at once; typing waits for a 400 ms pause), split by
//      the page's User Timing marks into pasting, the worker's compile and showing the review;
//      medians of RUNS runs (default 7), each in a fresh browser context;
//   2. the bytes of the builder page's own files (raw, gzip -9, brotli -11);
//   3. the widget's files (www/dist/): bytes and SHA-256, to compare with a build without the
//      builder (they must not change).
// Usage: node bench/builder.mjs [runs]   (after node scripts/build.mjs)
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure } from '../scripts/size.mjs';
import { countingPage, median, startBenchmark } from './browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2]) || 7;

/** Lines `first..=last` (1-based) of a source of the default corpus, as the manifest cuts them. */
function lines(file, first, last) {
  return readFileSync(`${root}corpus/lac-2025/sources/${file}`, 'utf8').split('\n').slice(first - 1, last).join('\n');
}
const manifest = JSON.parse(readFileSync(`${root}corpus/lac-2025/policy-paper.json`, 'utf8'));
const corpus = JSON.parse(readFileSync(`${root}corpus/lac-2025/corpus.json`, 'utf8'));
const versions = manifest.versions.map((version) => ({
  text: lines(corpus.sources[version.source_file].file.replace('sources/', ''), ...version.lines),
  fields: { lang: version.lang, title: version.title, publisher: version.publisher.en, date: version.date },
  role: version.role,
}));

const { site, browser, close } = await startBenchmark(`clause-cite builder benchmark: ${runs} runs`);
const totals = [];
const compiles = [];
const waits = [];
const renders = [];
const loads = [];
let summary = '';
for (let run = 0; run < runs; run += 1) {
  const { context, page } = await countingPage(browser);
  const loadStarted = Date.now();
  await page.goto(new URL('builder/', site.url).href);
  await page.waitForSelector('html[data-ready="true"]');
  loads.push(Date.now() - loadStarted);
  // The third version needs a fieldset, and the metadata is typed before the texts are pasted,
  // so the timed compile is the one of the whole document.
  await page.click('#add-version');
  for (const [index, version] of versions.entries()) {
    if (index > 0) await page.selectOption(`#version-${index}-role`, version.role);
    for (const [key, value] of Object.entries(version.fields)) await page.fill(`#version-${index}-${key}`, value);
  }
  await page.waitForFunction(() => document.getElementById('review-section').getAttribute('aria-busy') === 'false');
  const result = await page.evaluate(async (texts) => {
    const compiled = Number(document.documentElement.dataset.compiled ?? 0);
    const started = performance.now();
    texts.forEach((text, index) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.getElementById(`version-${index}-text`).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await new Promise((resolve) => {
      const check = () => {
        const done = Number(document.documentElement.dataset.compiled ?? 0) > compiled && document.getElementById('review-section').getAttribute('aria-busy') === 'false';
        if (done) resolve();
        else requestAnimationFrame(check);
      };
      check();
    });
    const status = document.getElementById('status').textContent;
    const last = (name) => performance.getEntriesByName(name).at(-1)?.startTime ?? NaN;
    return {
      total: performance.now() - started,
      waited: last('builder-compile-sent') - started,
      compile: last('builder-compile-answered') - last('builder-compile-sent'),
      render: last('builder-review-shown') - last('builder-compile-answered'),
      status, summary: document.getElementById('summary').textContent, rows: document.querySelectorAll('#rows-body tr').length };
  }, versions.map((version) => version.text));
  totals.push(result.total);
  compiles.push(result.compile);
  waits.push(result.waited);
  renders.push(result.render);
  summary = `${result.summary} (${result.rows} rows shown)`;
  await context.close();
}
await close();

console.log(`policy paper (3 versions): ${summary}`);
console.log(`  paste to reviewed alignment: median ${median(totals).toFixed(0)} ms (runs: ${totals.map((value) => value.toFixed(0)).join(', ')})`);
console.log(`  of which: pasting until the compile is sent ${median(waits).toFixed(0)} ms, the worker's compile and review ${median(compiles).toFixed(0)} ms, showing the review and its first rows ${median(renders).toFixed(0)} ms (medians)`);
console.log(`  page load to ready (cold cache, module worker started): median ${median(loads)} ms`);

const row = (name, size) => `  ${name.padEnd(34)}${String(size.raw).padStart(9)}${String(size.gzip).padStart(9)}${String(size.brotli).padStart(9)}`;
const pageFiles = ['index.html', 'builder.css', 'dist/main.js', 'dist/worker.js', 'dist/builder_bg.wasm'];
console.log(`builder page files (www/builder/)${'raw'.padStart(11)}${'gzip -9'.padStart(9)}${'br -11'.padStart(9)}`);
const sum = { raw: 0, gzip: 0, brotli: 0 };
for (const name of pageFiles) {
  const size = measure(readFileSync(`${root}www/builder/${name}`));
  for (const key of Object.keys(sum)) sum[key] += size[key];
  console.log(row(name, size));
}
console.log(row('total', sum));
console.log('widget files (www/dist/), loaded by the builder page only for its preview card:');
for (const name of readdirSync(`${root}www/dist`).sort()) {
  const bytes = readFileSync(`${root}www/dist/${name}`);
  const size = measure(bytes);
  console.log(`${row(name, size)}  sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`);
}
