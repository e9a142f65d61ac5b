// The search benchmark: this project's search against MiniSearch, FlexSearch and Orama, over the
// same clause-level documents (one per clause, with every version's text) and the same queries,
// in one Node process. Each peer runs in its default configuration and in its best CJK
// configuration. Prints Markdown tables: quality (recall@1, recall@3, MRR@10) and latency
// (median and p99 of each query's median over the runs) per engine and query set, then index
// build time and index memory per engine.
//
//   npm run bench                 (bootstrap, build the package, then this file)
//   node bench/search.mjs         (BENCH_RUNS=7 for more runs; default 5)
//
// clause-cite is measured twice when the npm package in pkg/ has search: through the package
// (WebAssembly, called from this Node process, results converted to JS objects) and natively
// (the `search_bench` example, timed inside Rust). Without pkg/ only the native row is shown.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import MiniSearch from 'minisearch';
import { Document as FlexDocument, Charset } from 'flexsearch';
import { create as oramaCreate, insertMultiple as oramaInsertMultiple, search as oramaSearch } from '@orama/orama';
import { exportCorpus } from './make-queries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

// Memory is measured between forced collections, which needs --expose-gc: re-run with it.
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(child.status ?? 1);
}

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS || 5));
const LIMIT = 10;

// ---------------------------------------------------------------- corpus and query sets
const corpus = exportCorpus(process.env.BENCH_EXPORT);
const clauseDocuments = corpus.documents.flatMap((document) =>
  document.clauses.map((clause) => ({
    id: clause.id,
    zh: clause.texts.zh ?? '',
    en: clause.texts.en ?? '',
    enBlog: clause.texts['en-blog'] ?? '',
  })),
);
const textBytes = corpus.documents
  .flatMap((document) => document.clauses)
  .reduce((sum, clause) => sum + Object.values(clause.texts).reduce((s, t) => s + Buffer.byteLength(t), 0), 0);

const querySets = readdirSync(`${root}bench/queries`)
  .filter((name) => name.endsWith('.json'))
  .sort((a, b) => ['keywords', 'paraphrase', 'spans', 'misspelled'].indexOf(a.slice(0, -5)) - ['keywords', 'paraphrase', 'spans', 'misspelled'].indexOf(b.slice(0, -5)))
  .map((name) => JSON.parse(readFileSync(`${root}bench/queries/${name}`, 'utf8')));

/** The documents a peer indexes for a set: all versions, or only the set's versions. */
function documentsFor(versions) {
  if (!versions) return clauseDocuments;
  const keep = new Set(versions.map((version) => (version === 'en-blog' ? 'enBlog' : version)));
  return clauseDocuments.map((document) => ({
    id: document.id,
    zh: keep.has('zh') ? document.zh : '',
    en: keep.has('en') ? document.en : '',
    enBlog: keep.has('enBlog') ? document.enBlog : '',
  }));
}

// ---------------------------------------------------------------- tokenizers for peers' CJK configs
const HAN = /\p{Script=Han}/u;
/** Lower-cased words, and for Chinese runs overlapping bigrams plus (when indexing) unigrams. */
function bigramTokens(text, withUnigrams = true) {
  const tokens = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(/\p{Script=Han}+|[\p{L}\p{N}]+/gu)) {
    const run = match[0];
    if (HAN.test(run)) {
      const characters = [...run];
      if (withUnigrams || characters.length === 1) tokens.push(...characters);
      for (let index = 0; index + 1 < characters.length; index += 1) tokens.push(characters[index] + characters[index + 1]);
    } else {
      tokens.push(run);
    }
  }
  return tokens;
}
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
function segmenterTokens(text) {
  const tokens = [];
  for (const part of segmenter.segment(text.normalize('NFKC').toLowerCase())) {
    if (part.isWordLike) tokens.push(part.segment);
  }
  return tokens;
}
const isLatin = (term) => !HAN.test(term);

// ---------------------------------------------------------------- engines
const FIELDS = ['zh', 'en', 'enBlog'];

function flexIds(results) {
  // FlexSearch returns one ranked list per field: merge them by best rank, then field order.
  const best = new Map();
  for (const { result } of results) {
    result.forEach((id, rank) => {
      if (!best.has(id) || best.get(id) > rank) best.set(id, rank);
    });
  }
  return [...best.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id).slice(0, LIMIT);
}

const peers = [
  {
    engine: 'MiniSearch 7',
    config: 'default',
    build: (documents) => {
      const index = new MiniSearch({ fields: FIELDS, idField: 'id' });
      index.addAll(documents);
      return index;
    },
    search: (index, query) => index.search(query).slice(0, LIMIT).map((hit) => hit.id),
  },
  {
    engine: 'MiniSearch 7',
    config: 'bigram tokenizer + fuzzy 0.2 (Latin) + prefix',
    best: true,
    build: (documents) => {
      const index = new MiniSearch({
        fields: FIELDS,
        idField: 'id',
        tokenize: (text) => bigramTokens(text, true),
        searchOptions: {
          tokenize: (text) => bigramTokens(text, false),
          fuzzy: (term) => (isLatin(term) && term.length >= 5 ? 0.2 : false),
          prefix: (term, index, terms) => isLatin(term) && index === terms.length - 1,
          combineWith: 'OR',
        },
      });
      index.addAll(documents);
      return index;
    },
    search: (index, query) => index.search(query).slice(0, LIMIT).map((hit) => hit.id),
  },
  {
    engine: 'MiniSearch 7',
    config: 'Intl.Segmenter tokenizer + fuzzy 0.2 + prefix',
    build: (documents) => {
      const index = new MiniSearch({
        fields: FIELDS,
        idField: 'id',
        tokenize: segmenterTokens,
        searchOptions: {
          fuzzy: (term) => (isLatin(term) && term.length >= 5 ? 0.2 : false),
          prefix: (term, index, terms) => isLatin(term) && index === terms.length - 1,
          combineWith: 'OR',
        },
      });
      index.addAll(documents);
      return index;
    },
    search: (index, query) => index.search(query).slice(0, LIMIT).map((hit) => hit.id),
  },
  {
    engine: 'FlexSearch 0.8',
    config: 'default',
    build: (documents) => {
      const index = new FlexDocument({ document: { id: 'id', index: FIELDS } });
      for (const document of documents) index.add(document);
      return index;
    },
    search: (index, query) => flexIds(index.search(query, { limit: LIMIT })),
  },
  {
    engine: 'FlexSearch 0.8',
    config: 'Charset.CJK + tokenize "forward" (zh), LatinBalance "forward" (en)',
    build: (documents) => {
      const index = new FlexDocument({
        document: {
          id: 'id',
          index: [
            { field: 'zh', encoder: Charset.CJK, tokenize: 'forward' },
            { field: 'en', encoder: Charset.LatinBalance, tokenize: 'forward' },
            { field: 'enBlog', encoder: Charset.LatinBalance, tokenize: 'forward' },
          ],
        },
      });
      for (const document of documents) index.add(document);
      return index;
    },
    search: (index, query) => flexIds(index.search(query, { limit: LIMIT })),
  },
  {
    engine: 'FlexSearch 0.8',
    config: 'bigram encoder (all fields)',
    best: true,
    build: (documents) => {
      const encode = (text) => bigramTokens(text, true);
      const index = new FlexDocument({
        document: { id: 'id', index: FIELDS.map((field) => ({ field, encode })) },
      });
      for (const document of documents) index.add(document);
      return index;
    },
    search: (index, query) => flexIds(index.search(query, { limit: LIMIT })),
  },
  {
    engine: 'Orama 3',
    config: 'default',
    build: (documents) => {
      const db = oramaCreate({ schema: { zh: 'string', en: 'string', enBlog: 'string' } });
      oramaInsertMultiple(db, documents);
      return db;
    },
    search: (db, query) => oramaSearch(db, { term: query, limit: LIMIT }),
    ids: (result) => result.hits.map((hit) => hit.id),
  },
  {
    engine: 'Orama 3',
    config: 'bigram tokenizer + tolerance 1',
    best: true,
    build: (documents) => {
      const db = oramaCreate({
        schema: { zh: 'string', en: 'string', enBlog: 'string' },
        components: {
          tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw) => bigramTokens(raw ?? '', true) },
        },
      });
      oramaInsertMultiple(db, documents);
      return db;
    },
    search: (db, query) => oramaSearch(db, { term: query, limit: LIMIT, tolerance: 1 }),
    ids: (result) => result.hits.map((hit) => hit.id),
  },
];

// ---------------------------------------------------------------- measurement helpers
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0;
};

function quality(set, rankings) {
  let hit1 = 0;
  let hit3 = 0;
  let reciprocal = 0;
  set.queries.forEach((query, position) => {
    const ranking = rankings[position] ?? [];
    const rank = ranking.slice(0, LIMIT).findIndex((id) => query.expected.includes(id));
    if (rank === 0) hit1 += 1;
    if (rank >= 0 && rank < 3) hit3 += 1;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
  });
  const count = set.queries.length;
  return { r1: hit1 / count, r3: hit3 / count, mrr: reciprocal / count };
}

function heapUsed() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function measurePeer(peer) {
  const rows = [];
  const builds = {};
  for (const set of querySets) {
    const key = set.versions ? set.versions.join('+') : 'all';
    if (!builds[key]) {
      const documents = documentsFor(set.versions);
      const times = [];
      let index;
      for (let run = 0; run < RUNS; run += 1) {
        index = undefined;
        const before = heapUsed();
        const started = performance.now();
        index = peer.build(documents);
        times.push(performance.now() - started);
        if (run === 0) builds[key] = { memory: heapUsed() - before };
      }
      builds[key].index = index;
      builds[key].milliseconds = median(times);
    }
    const index = builds[key].index;
    const latencies = set.queries.map(() => []);
    let rankings = [];
    for (let run = 0; run < RUNS; run += 1) {
      rankings = [];
      for (const [position, query] of set.queries.entries()) {
        const started = performance.now();
        let result = peer.search(index, query.query);
        if (result && typeof result.then === 'function') result = await result;
        latencies[position].push((performance.now() - started) * 1000);
        rankings.push(peer.ids ? peer.ids(result) : result);
      }
    }
    const perQuery = latencies.map(median);
    rows.push({ set: set.name, ...quality(set, rankings), p50: median(perQuery), p99: percentile(perQuery, 99) });
  }
  const all = builds.all ?? Object.values(builds)[0];
  return { engine: peer.engine, config: peer.config, best: peer.best, rows, buildMs: all.milliseconds, memory: all.memory };
}

// ---------------------------------------------------------------- clause-cite, natively
function measureNative() {
  const build = spawnSync('cargo', ['build', '--release', '--quiet', '--example', 'search_bench'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('cargo build --example search_bench failed');
  const binary = `${process.env.CARGO_TARGET_DIR || `${root}target`}/release/examples/search_bench`;
  const rows = [];
  let stats;
  const buildTimes = [];
  for (const set of querySets) {
    const request = { repeat: RUNS, queries: set.queries.map((query) => ({ query: query.query, versions: set.versions ?? [] })) };
    const run = spawnSync(binary, ['--bench'], { input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 64 << 20 });
    if (run.status !== 0) throw new Error(`search_bench failed: ${run.stderr}`);
    const output = JSON.parse(run.stdout);
    stats = output.stats;
    buildTimes.push(output.build_microseconds / 1000);
    const perQuery = output.results.map((result) => result.microseconds);
    rows.push({ set: set.name, ...quality(set, output.results.map((result) => result.ids)), p50: median(perQuery), p99: percentile(perQuery, 99) });
  }
  return {
    engine: 'clause-cite (native Rust)',
    config: 'default (timed inside Rust)',
    rows,
    buildMs: median(buildTimes),
    memory: stats.memory_bytes,
    memoryNote: 'index bytes (counted)',
    stats,
  };
}

// ---------------------------------------------------------------- clause-cite through the npm package
async function measurePackage() {
  const entry = `${root}pkg/node.js`;
  if (!existsSync(entry)) return null;
  const { open } = await import(pathToFileURL(entry).href);
  const shared = await open();
  if (typeof shared.search !== 'function') return null;
  try {
    shared.search('北斗', {});
  } catch (error) {
    console.error(`pkg/ search is not usable yet (${error.message}); measuring natively only.`);
    return null;
  }
  // Build time: fresh corpora from the compiled bytes, index built by prepareSearch().
  const buildTimes = [];
  let memory = null;
  if (typeof shared.prepareSearch === 'function') {
    const folder = mkdtempSync(`${tmpdir()}/clause-cite-bench-`);
    const file = `${folder}/default.ccc`;
    const compile = spawnSync('cargo', ['run', '--release', '--quiet', '--bin', 'clause-cite', '--', 'compile', 'corpus/lac-2025', '-o', file], { cwd: root, encoding: 'utf8' });
    if (compile.status === 0) {
      const bytes = new Uint8Array(readFileSync(file));
      for (let run = 0; run < RUNS; run += 1) {
        const fresh = await open({ corpus: bytes });
        const started = performance.now();
        fresh.prepareSearch();
        buildTimes.push(performance.now() - started);
      }
    }
    rmSync(folder, { recursive: true, force: true });
  }
  const rows = [];
  for (const set of querySets) {
    const options = { limit: LIMIT, ...(set.versions ? { versions: set.versions } : {}) };
    const latencies = set.queries.map(() => []);
    let rankings = [];
    for (let run = 0; run < RUNS; run += 1) {
      rankings = [];
      for (const [position, query] of set.queries.entries()) {
        const started = performance.now();
        const hits = shared.search(query.query, options);
        latencies[position].push((performance.now() - started) * 1000);
        rankings.push(hits.map((hit) => hit.id));
      }
    }
    const perQuery = latencies.map(median);
    rows.push({ set: set.name, ...quality(set, rankings), p50: median(perQuery), p99: percentile(perQuery, 99) });
  }
  return {
    engine: 'clause-cite (npm pkg, wasm)',
    config: 'default (search + JS conversion)',
    rows,
    buildMs: buildTimes.length ? median(buildTimes) : null,
    memory,
  };
}

// ---------------------------------------------------------------- run and report
const results = [];
const packaged = await measurePackage();
if (packaged) results.push(packaged);
const native = measureNative();
results.push(native);
for (const peer of peers) results.push(await measurePeer(peer));
if (packaged && packaged.memory === null) {
  packaged.memory = native.memory;
  packaged.memoryNote = 'same index as native (counted)';
}

const format = (value, digits = 2) => (value === null || value === undefined ? '—' : value.toFixed(digits));
const lines = [];
lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; ${RUNS} runs, per-query median, then median/p99 over queries; top ${LIMIT}.`);
lines.push(`Corpus: ${clauseDocuments.length} clauses, ${textBytes} bytes of clause text (UTF-8). Query sets: ${querySets.map((set) => `${set.name} (${set.queries.length})`).join(', ')}.`);
lines.push('');
lines.push('| engine | config | set | R@1 | R@3 | MRR@10 | p50 µs | p99 µs |');
lines.push('|---|---|---|---:|---:|---:|---:|---:|');
for (const result of results) {
  for (const row of result.rows) {
    lines.push(`| ${result.engine} | ${result.config}${result.best ? ' **(best)**' : ''} | ${row.set} | ${format(row.r1)} | ${format(row.r3)} | ${format(row.mrr, 3)} | ${format(row.p50, 1)} | ${format(row.p99, 1)} |`);
  }
}
lines.push('');
lines.push('| engine | config | build ms (all versions) | index memory |');
lines.push('|---|---|---:|---:|');
for (const result of results) {
  const memory = result.memory === null || result.memory === undefined ? '—' : `${(result.memory / 1024).toFixed(0)} KiB${result.memoryNote ? ` (${result.memoryNote})` : ' (heap delta)'}`;
  lines.push(`| ${result.engine} | ${result.config} | ${format(result.buildMs, 2)} | ${memory} |`);
}
if (native.stats) {
  lines.push('');
  lines.push(`clause-cite index: ${native.stats.fields} fields, ${native.stats.words} English stems, ${native.stats.cjk_terms} CJK terms, ${native.stats.posting_bytes} posting bytes; ${native.stats.memory_bytes} bytes = ${(native.stats.memory_bytes / native.stats.text_bytes).toFixed(2)}× the ${native.stats.text_bytes} bytes of version text.`);
}
console.log(lines.join('\n'));
