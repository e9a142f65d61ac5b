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
//   4. with --gloo: the builder crate built with its `gloo` feature (a dropped file read by
//      gloo-file in Rust, compiles debounced by gloo-timers) against the shipped module, in
//      bytes, and reading and decoding a 10 MB file through gloo-file against the page's
//      `file.arrayBuffer()` handed to the same decoder, medians of RUNS alternating runs.
// Usage: node bench/builder.mjs [runs] [--gloo]   (after node scripts/build.mjs)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measure } from '../scripts/size.mjs';
import { countingPage, median, startBenchmark } from './browser.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv.find((argument) => /^\d+$/.test(argument))) || 7;
const gloo = process.argv.includes('--gloo');

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
if (gloo) await compareGloo(browser);
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

/** Builds the `gloo` variant into www/builder/dist/gloo/ and compares it with the shipped module. */
async function compareGloo(browser) {
  const folder = `${root}www/builder/dist/gloo/`;
  const run = (command, args) => {
    const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
  };
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  try {
    run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'clause-cite-builder', '--lib', '--features', 'gloo']);
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', folder, '--out-name', 'builder', `${root}target/wasm32-unknown-unknown/release/clause_cite_builder.wasm`]);
    const features = ['--enable-bulk-memory', '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-reference-types', '--enable-multivalue'];
    run(`${root}node_modules/binaryen/bin/wasm-opt`, [...features, '-Oz', '--strip-debug', '--strip-producers', `${folder}builder_bg.wasm`, '-o', `${folder}builder_bg.wasm`]);
    const shipped = measure(readFileSync(`${root}www/builder/dist/builder_bg.wasm`));
    const variant = measure(readFileSync(`${folder}builder_bg.wasm`));
    const glue = measure(readFileSync(`${folder}builder.js`));
    console.log('gloo variant (web-sys, gloo-file, gloo-timers, wasm-bindgen-futures) against the shipped module:');
    console.log(`  wasm: ${variant.raw} B raw, ${variant.brotli} B brotli, against ${shipped.raw} B raw, ${shipped.brotli} B brotli (+${variant.raw - shipped.raw} B raw, +${variant.brotli - shipped.brotli} B brotli); its glue ${glue.raw} B raw`);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(new URL('test-pages/blank.html', site.url).href);
    const times = await page.evaluate(async (runs) => {
      const module = await import('/builder/dist/gloo/builder.js');
      await module.default();
      let text = '城市更新应当坚持以人民为中心。Urban renewal shall be people-centred. 2025\n\n';
      while (text.length * 2 < 10 * 1024 * 1024) text += text;
      const file = new File([text], 'big.txt', { type: 'text/plain' });
      const result = { gloo: [], javascript: [], size: file.size };
      for (let run = 0; run < runs; run++) {
        let started = performance.now();
        const viaGloo = await module.readFile(file);
        result.gloo.push(performance.now() - started);
        started = performance.now();
        const viaJavaScript = module.decode(file.name, new Uint8Array(await file.arrayBuffer()));
        result.javascript.push(performance.now() - started);
        if (viaGloo.length !== viaJavaScript.length) throw new Error('the two reads differ');
      }
      return result;
    }, runs);
    console.log(`  reading and decoding a ${(times.size / 1048576).toFixed(1)} MB file: gloo-file median ${median(times.gloo).toFixed(0)} ms, file.arrayBuffer() median ${median(times.javascript).toFixed(0)} ms (${runs} runs each, alternating)`);
    await context.close();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
