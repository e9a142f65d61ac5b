// The library benchmark (issue 16): a page pays only for what it shows.
//
//   node bench/library.mjs            (after node scripts/build.mjs; BENCH_RUNS=5 by default)
//
// What it does, in one run:
//  1. Writes 100 documents (bench/library-variants.mjs: the six real documents of this repository
//     and variants of them that differ in their text) and compiles libraries of the first 1, 10
//     and 100 with the release CLI (`clause-cite compile --library`), and one of 99 to see what
//     adding a document changes.
//  2. Takes the widget's two engines from the package (pkg/dist/): the one with the embedded
//     corpus and no library code, which a page that names no library loads, and the one with the
//     library code and no corpus inside, which a page that names a library loads.
//  3. Serves everything through a simulated network (one link of 400 kB/s shared by all
//     responses, 400 ms from request to first byte, bodies brotli-compressed at quality 11) and
//     times, each in a fresh Node process running the npm package, median of BENCH_RUNS:
//     - today's one-document card page (HTML, widget script, the card engine with the embedded
//       corpus, lookup) and a library card page (HTML, widget script, library engine and the catalog in
//       parallel, then the cited document's shard, lookup), also with the catalog preloaded by a
//       <link rel=preload> in the page, and with the card's prefetch attribute naming its
//       document's file (fetched alongside the engine and the catalog);
//     - a search typed at 200 ms per keystroke (and one with a pause between two IME words, and
//       both IME queries typed a second after the box got focus) once the catalog is loaded (each keystroke starts a search, as a search box does): the time
//       from the last keystroke to the first result;
//     - the reader: one whole document.
//  4. Times native search over the whole library with everything a query needs loaded
//     (examples/library_bench.rs), beside one corpus of the same documents, in one process.
// Prints Markdown tables. Numbers are medians; ratios are taken within this run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { plan, pools, writeDocument } from './library-variants.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const work = join(target, 'bench-library');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RTT_MS = 400;
const BYTES_PER_SECOND = 400_000;
const KEYSTROKE_MS = 200;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)];
};
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

// ------------------------------------------------------------------ child: one page scenario
if (process.argv[2] === '--child') {
  const scenario = JSON.parse(process.argv[3]);
  const { open } = await import(pathToFileURL(join(scenario.package, 'node.js')).href);
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  // A fetch that can be started early (as a preload or a parallel request does) and taken later.
  const early = new Map();
  const realFetch = globalThis.fetch;
  globalThis.fetch = (url, init) => early.get(String(url)) ?? realFetch(url, init);
  const prefetch = (url) => {
    const response = realFetch(url).then(async (got) => new Response(await got.arrayBuffer(), { status: got.status, statusText: got.statusText }));
    early.set(String(url), response);
    return response;
  };
  const bytesOf = async (url) => new Uint8Array(await (await fetch(url)).arrayBuffer());
  const result = {};
  if (scenario.kind === 'card-today') {
    await bytesOf(scenario.html);
    await bytesOf(scenario.script);
    const corpus = await open({ wasm: await bytesOf(scenario.wasm) });
    result.id = corpus.lookup(scenario.reference).id;
    result.milliseconds = elapsed();
  } else if (scenario.kind === 'card-library') {
    await bytesOf(scenario.html);
    if (scenario.preload) prefetch(scenario.catalog);
    await bytesOf(scenario.script);
    const wasm = bytesOf(scenario.wasm);
    // As the widget's open() does in a browser: the catalog, and the files the card's prefetch
    // attribute names, are asked for as the engine is.
    if (!scenario.preload) prefetch(scenario.catalog);
    for (const name of scenario.prefetch ?? []) prefetch(new URL(name, scenario.library).href);
    const library = await open({ library: scenario.library, wasm: await wasm, prefetch: scenario.prefetch });
    result.id = (await library.lookupAsync(scenario.reference)).id;
    result.milliseconds = elapsed();
    result.loadedFiles = library.loadedFiles();
  } else if (scenario.kind === 'reader') {
    const library = await open({ library: scenario.library, wasm: readFileSync(scenario.wasmFile) });
    const opened = elapsed();
    const document = await library.documentAsync(scenario.document);
    result.clauses = document.clauses.length;
    result.milliseconds = elapsed() - opened;
  } else if (scenario.kind === 'search') {
    const library = await open({ library: scenario.library, wasm: readFileSync(scenario.wasmFile) });
    // The catalog is loaded: typing starts now.
    const typingStarted = performance.now();
    let lastKeystroke = 0;
    let first;
    let final;
    const keystrokes = scenario.keystrokes;
    // A search box that got focus `focusLead` ms before the first keystroke has fetched the
    // search table since (as <clause-search> does); otherwise the first keystroke asks for it.
    const focusLead = scenario.focusLeadMilliseconds ?? 0;
    if (focusLead > 0) library.prepareSearch();
    const done = new Promise((resolve) => {
      keystrokes.forEach((text, index) => {
        setTimeout(() => {
          if (index === 0 && focusLead === 0) library.prepareSearch();
          const at = performance.now();
          const last = index === keystrokes.length - 1;
          if (last) lastKeystroke = at;
          const report = (hits) => {
            if (last && hits.length > 0 && first === undefined) first = performance.now() - lastKeystroke;
          };
          library
            .searchAsync(text, undefined, { onProgress: report })
            .then((hits) => {
              report(hits);
              if (last) {
                final = { milliseconds: performance.now() - lastKeystroke, top: hits[0]?.id ?? null, hits: hits.length };
                resolve();
              }
            })
            .catch((error) => {
              if (last) {
                final = { error: error.message };
                resolve();
              }
            });
        }, focusLead + index * scenario.keystrokeMilliseconds);
      });
    });
    await done;
    result.firstMilliseconds = first ?? null;
    result.final = final;
    result.typingMilliseconds = lastKeystroke - typingStarted;
    result.loadedFiles = library.loadedFiles();
  }
  process.stdout.write(JSON.stringify(result));
  process.exit(0);
}

// ------------------------------------------------------------------ 1. the documents and the libraries
function buildDocuments(count) {
  const folder = join(work, 'documents');
  const marker = join(folder, `ready-${count}`);
  const documents = plan(count).map((_, index) => join(folder, String(index).padStart(3, '0')));
  if (existsSync(marker)) return documents;
  const cli = join(target, 'release', 'clause-cite');
  const shared = pools(root);
  plan(count).forEach(({ base, number }, index) => {
    for (let attempt = 0; ; attempt += 1) {
      writeDocument(root, documents[index], base, number, shared, attempt);
      const check = spawnSync(cli, ['compile', documents[index], '-o', join(work, 'check.ccc')], { encoding: 'utf8' });
      if (check.status === 0) break;
      if (attempt === 8) throw new Error(`variant ${index} of ${base} does not compile:\n${check.stderr}`);
    }
  });
  writeFileSync(marker, '');
  return documents;
}

function buildLibrary(name, documents) {
  const folder = join(work, name);
  rmSync(folder, { recursive: true, force: true });
  const started = performance.now();
  run(join(target, 'release', 'clause-cite'), ['compile', '--library', folder, '--id', name, '--title', name, ...documents]);
  return { folder, buildMilliseconds: performance.now() - started };
}

function filesOf(folder) {
  const files = new Map();
  const walk = (directory, prefix) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(directory, entry.name), `${prefix}${entry.name}/`);
      else files.set(`${prefix}${entry.name}`, readFileSync(join(directory, entry.name)));
    }
  };
  walk(folder, '');
  return files;
}

// ------------------------------------------------------------------ 3. the simulated network
function simulatedNetwork(routes) {
  let linkFreeAt = 0;
  const compressed = new Map();
  const log = [];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const body = routes(path);
    await new Promise((resolve) => setTimeout(resolve, RTT_MS));
    if (!body) {
      response.statusCode = 404;
      response.end();
      return;
    }
    if (!compressed.has(path)) compressed.set(path, brotli(body));
    const bytes = compressed.get(path);
    log.push({ path, bytes: bytes.length });
    response.writeHead(200, { 'content-encoding': 'br', 'content-length': bytes.length, 'content-type': 'application/octet-stream' });
    // Every response shares one link: each piece waits for the link to be free.
    for (let offset = 0; offset < bytes.length; offset += 4096) {
      const piece = bytes.subarray(offset, offset + 4096);
      const now = performance.now();
      linkFreeAt = Math.max(linkFreeAt, now) + (piece.length / BYTES_PER_SECOND) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, linkFreeAt - now)));
      response.write(piece);
    }
    response.end();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, log, close: () => server.close() }));
  });
}

function child(scenario) {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(scenario)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    process_.stdout.on('data', (data) => (output += data));
    process_.stderr.on('data', (data) => (errors += data));
    process_.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`scenario ${scenario.kind} failed: ${errors}`))));
  });
}

// ------------------------------------------------------------------ the run
console.error('bench/library: building the release CLI and the native benchmark');
run('cargo', ['build', '--release', '--quiet', '-p', 'clause-cite-cli']);
run('cargo', ['build', '--release', '--quiet', '--example', 'library_bench']);
mkdirSync(work, { recursive: true });
console.error('bench/library: writing and checking 100 documents');
const documents = buildDocuments(100);
const libraries = new Map();
for (const count of [1, 10, 99, 100]) {
  console.error(`bench/library: compiling a library of ${count}`);
  libraries.set(count, buildLibrary(`library-${count}`, documents.slice(0, count)));
}
const embeddedPackage = join(root, 'pkg');
const lean = embeddedPackage;
const leanWasmFile = join(embeddedPackage, 'dist', 'clause_cite_library_bg.wasm');
if (!existsSync(leanWasmFile)) throw new Error('pkg/dist/ is not built: run node scripts/build.mjs first');

const widgetScript = readFileSync(join(root, 'www', 'dist', 'clause-cite.js'));
const embeddedWasm = readFileSync(join(embeddedPackage, 'dist', 'clause_cite_bg.wasm'));
const leanWasm = readFileSync(leanWasmFile);
const html = Buffer.from(`<!doctype html><meta charset=utf-8><title>A post</title><p>${'A paragraph of the post. '.repeat(40)}</p><clause-cite ref="LAC Policy Paper, Development Program (10) ¶2"></clause-cite>`);
// The card names its document (the variants have headings of the same names).
const reference = 'LAC Policy Paper, Development Program (10) ¶2';

const network = await simulatedNetwork((path) => {
  if (path === '/post.html') return html;
  if (path === '/dist/clause-cite.js') return widgetScript;
  if (path === '/dist/embedded.wasm') return embeddedWasm;
  if (path === '/dist/lean.wasm') return leanWasm;
  const [, name, ...rest] = path.split('/');
  const library = [...libraries.values()].find((entry) => entry.folder.endsWith(`/${name}`));
  if (!library) return null;
  const file = join(library.folder, ...rest);
  return existsSync(file) ? readFileSync(file) : null;
});
const at = (path) => `${network.url}${path}`;

async function scenario(options, runs = RUNS) {
  const results = [];
  for (let index = 0; index < runs; index += 1) {
    const start = network.log.length;
    const result = await child(options);
    result.transferred = network.log.slice(start).reduce((sum, entry) => sum + entry.bytes, 0);
    result.requests = network.log.slice(start).map((entry) => entry.path);
    results.push(result);
  }
  return results;
}

const rows = [];
const today = await scenario({ kind: 'card-today', package: embeddedPackage, html: at('/post.html'), script: at('/dist/clause-cite.js'), wasm: at('/dist/embedded.wasm'), reference });
const todayTime = median(today.map((result) => result.milliseconds));
const todayBytes = median(today.map((result) => result.transferred));

const searchQueries = [
  { label: 'BeiDou satellite', keystrokes: [...'BeiDou satellite'].map((_, index, all) => all.slice(0, index + 1).join('')) },
  { label: 'sponge cities', keystrokes: [...'sponge cities'].map((_, index, all) => all.slice(0, index + 1).join('')) },
  { label: '北斗 卫星 (IME: 北斗, 北斗 卫星)', keystrokes: ['北斗', '北斗 卫星'] },
  // The same words with the pause a reader takes between two IME words: the first word's files
  // are in when the second is typed, which needs its own index chunk.
  { label: '北斗 卫星 (IME, a second between the words)', keystrokes: ['北斗', '北斗 卫星'], keystrokeMilliseconds: 1000 },
  // The IME words again, typed a second after the box got focus (which fetches the search table).
  { label: '北斗 卫星 (IME, 200 ms apart, a second after focus)', keystrokes: ['北斗', '北斗 卫星'], focusLeadMilliseconds: 1000 },
  { label: '北斗 卫星 (IME, a second apart, a second after focus)', keystrokes: ['北斗', '北斗 卫星'], keystrokeMilliseconds: 1000, focusLeadMilliseconds: 1000 },
  { label: 'urban renewal', keystrokes: [...'urban renewal'].map((_, index, all) => all.slice(0, index + 1).join('')) },
];

const byCount = [];
for (const count of [1, 10, 100]) {
  const { folder } = libraries.get(count);
  const name = `library-${count}`;
  console.error(`bench/library: timing the library of ${count}`);
  const card = await scenario({ kind: 'card-library', package: lean, html: at('/post.html'), script: at('/dist/clause-cite.js'), wasm: at('/dist/lean.wasm'), catalog: at(`/${name}/catalog.ccl`), library: at(`/${name}/`), reference });
  const shardName = `documents/${readdirSync(join(folder, 'documents')).find((file) => file.startsWith('policy-paper.'))}`;
  const hinted = await scenario({ kind: 'card-library', prefetch: [shardName], package: lean, html: at('/post.html'), script: at('/dist/clause-cite.js'), wasm: at('/dist/lean.wasm'), catalog: at(`/${name}/catalog.ccl`), library: at(`/${name}/`), reference });
  const preloaded = await scenario({ kind: 'card-library', preload: true, package: lean, html: at('/post.html'), script: at('/dist/clause-cite.js'), wasm: at('/dist/lean.wasm'), catalog: at(`/${name}/catalog.ccl`), library: at(`/${name}/`), reference });
  const reader = await scenario({ kind: 'reader', package: lean, wasmFile: leanWasmFile, library: at(`/${name}/`), document: 'policy-paper' });
  const searches = [];
  for (const query of searchQueries) {
    const results = await scenario({ kind: 'search', package: lean, wasmFile: leanWasmFile, library: at(`/${name}/`), keystrokes: query.keystrokes, keystrokeMilliseconds: query.keystrokeMilliseconds ?? KEYSTROKE_MS, focusLeadMilliseconds: query.focusLeadMilliseconds });
    searches.push({ query: query.label, first: median(results.map((result) => result.firstMilliseconds ?? Infinity)), final: median(results.map((result) => result.final?.milliseconds ?? Infinity)), bytes: median(results.map((result) => result.transferred)), top: results[0].final?.top, requests: median(results.map((result) => result.requests.length)) });
  }
  const files = filesOf(folder);
  const total = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const catalog = files.get('catalog.ccl');
  byCount.push({
    count,
    total,
    catalog: catalog.length,
    catalogBrotli: brotli(catalog).length,
    cardTime: median(card.map((result) => result.milliseconds)),
    cardBytes: median(card.map((result) => result.transferred)),
    cardFiles: card[0].requests,
    preloadTime: median(preloaded.map((result) => result.milliseconds)),
    hintedTime: median(hinted.map((result) => result.milliseconds)),
    hintedBytes: median(hinted.map((result) => result.transferred)),
    readerTime: median(reader.map((result) => result.milliseconds)),
    readerBytes: median(reader.map((result) => result.transferred)),
    searches,
  });
}

// What adding the hundredth document changed.
const before = filesOf(libraries.get(99).folder);
const after = filesOf(libraries.get(100).folder);
let unchangedFiles = 0;
let unchangedBytes = 0;
let shardsKept = 0;
for (const [name, bytes] of before) {
  if (after.has(name) && after.get(name).equals(bytes)) {
    unchangedFiles += 1;
    unchangedBytes += bytes.length;
    if (name.startsWith('documents/')) shardsKept += 1;
  }
}
const afterBytes = [...after.values()].reduce((sum, bytes) => sum + bytes.length, 0);

// 4. Native search over the whole library.
const queries = JSON.parse(readFileSync(join(root, 'bench', 'queries', 'keywords.json'), 'utf8')).queries.map((query) => query.query);
const native = JSON.parse(run(join(target, 'release', 'examples', 'library_bench'), [libraries.get(100).folder], { input: JSON.stringify({ repeat: 25, queries }) }));
network.close();

// ------------------------------------------------------------------ the report
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`# Library benchmark\n`);
console.log(`Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}. Command: \`node bench/library.mjs\` (BENCH_RUNS=${RUNS}). Network: one link of ${BYTES_PER_SECOND / 1000} kB/s shared by all responses, ${RTT_MS} ms from request to first byte, brotli 11. Medians of ${RUNS} runs, each in a fresh Node process.\n`);
console.log(`Files: widget script ${kb(brotli(widgetScript).length)}, card engine (embedded corpus, no library code) ${kb(brotli(embeddedWasm).length)}, library engine (library code, no corpus inside) ${kb(brotli(leanWasm).length)} (brotli).\n`);
console.log('| documents | library files | catalog | card page: bytes | card page: time | with catalog preload | with the card\'s prefetch: bytes | with the card\'s prefetch: time | search: first result after last keystroke | search: bytes | reader: time | reader: bytes |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
console.log(`| today, embedded (3) | – | – | ${kb(todayBytes)} (1.00×) | ${todayTime.toFixed(0)} ms (1.00×) | – | – | – | – | – | – | – |`);
for (const row of byCount) {
  const firsts = row.searches.map((search) => search.first);
  console.log(`| ${row.count} | ${kb(row.total)} | ${kb(row.catalog)} (${kb(row.catalogBrotli)} br) | ${kb(row.cardBytes)} (${(row.cardBytes / todayBytes).toFixed(3)}×) | ${row.cardTime.toFixed(0)} ms (${(row.cardTime / todayTime).toFixed(2)}×) | ${row.preloadTime.toFixed(0)} ms (${(row.preloadTime / todayTime).toFixed(2)}×) | ${kb(row.hintedBytes)} (${(row.hintedBytes / todayBytes).toFixed(3)}×) | ${row.hintedTime.toFixed(0)} ms (${(row.hintedTime / todayTime).toFixed(2)}×) | median ${median(firsts).toFixed(0)} ms, worst ${Math.max(...firsts).toFixed(0)} ms | ${kb(median(row.searches.map((search) => search.bytes)))} | ${row.readerTime.toFixed(0)} ms | ${kb(row.readerBytes)} |`);
}
console.log('\nSearch, typed at 200 ms per keystroke (one query with a second between its IME words) once the catalog is loaded (first result / final hits after the last keystroke, bytes fetched during typing):\n');
console.log('| documents | query | first result | final hits | bytes | requests | top hit |');
console.log('|---|---|---|---|---|---|---|');
for (const row of byCount) {
  for (const search of row.searches) console.log(`| ${row.count} | ${search.query} | ${search.first.toFixed(0)} ms | ${search.final.toFixed(0)} ms | ${kb(search.bytes)} | ${search.requests} | ${search.top} |`);
}
const libraryTimes = native.results.map((result) => result.library_microseconds);
const corpusTimes = native.results.map((result) => result.corpus_microseconds);
const p = (values, percentile) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * percentile) / 100))];
console.log(`\nNative search over the library of ${native.documents} (${native.results.length} keyword queries, everything they need loaded, median of 25 runs each): p50 ${(p(libraryTimes, 50) / 1000).toFixed(3)} ms, p99 ${(p(libraryTimes, 99) / 1000).toFixed(3)} ms; one corpus of the same documents: p50 ${(p(corpusTimes, 50) / 1000).toFixed(3)} ms (library/corpus ${(p(libraryTimes, 50) / p(corpusTimes, 50)).toFixed(2)}×); same hits for ${native.results.filter((result) => result.same_hits).length} of ${native.results.length} queries. Opening the catalog: ${(native.open_microseconds / 1000).toFixed(2)} ms; building the corpus's index: ${(native.corpus_index_build_microseconds / 1000).toFixed(0)} ms; loaded after all queries: ${kb(native.loaded_bytes)} in ${native.loaded_files} files of ${kb(byCount.at(-1).total)}.`);
console.log(`\nAdding the 100th document to a library of 99: ${unchangedFiles} of ${before.size} files unchanged (${shardsKept} of 99 shards), ${kb(unchangedBytes)} of ${kb(afterBytes)} kept; the card page of one document loads ${byCount.at(-1).cardFiles.filter((path) => path.includes('/library-')).length} library files.`);
