// `npm run size`: the bytes three kinds of page download, raw, gzip -9 and brotli -11, per file
// and in total, beside the floor (the corpus text itself, every version, compressed the same way):
//   api    — a page importing the npm package's browser entry (pkg/index.js and the wasm);
//   card   — a blog post with cards: the widget bundle (pkg/dist/clause-cite.js) and the widget's
//            engine for pages that name no library (the default corpus inside, no library code);
//   library — a post whose cards read a library: the bundle and the widget's library engine (no
//            corpus inside; the catalog and the cited documents' shards come on top, and depend
//            on the library).
// The api and card pages carry the whole default corpus inside the wasm. Exits 1 when any page's
// total brotli size grows more than 2% over size-baseline.json; `npm run size --
// --update-baseline` rewrites that file (do it only deliberately, in a commit that says why). The card page's budget (115 KB,
// issue 14) is reported, not enforced: see ARCHITECTURE.md, "Size", for where the bytes go.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const baselinePath = `${root}size-baseline.json`;
const tolerance = 0.02;
const budget = { card: 115 * 1024 };

/** The files a browser fetches for each kind of page, under pkg/. */
export const pages = {
  api: ['index.js', 'clause_cite_bg.wasm'],
  card: ['dist/clause-cite.js', 'dist/clause_cite_bg.wasm'],
  library: ['dist/clause-cite.js', 'dist/clause_cite_library_bg.wasm'],
};

/** The files a browser fetches when a page imports pkg/index.js (kept for older callers). */
export const browserFiles = pages.api;

export function measure(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}

/**
 * The floor: the text of every version of every document, once — each clause's text in each
 * version, in document order, one per line — read through the built package itself.
 */
async function corpusText() {
  const { open } = await import(pathToFileURL(`${root}pkg/node.js`).href);
  const corpus = await open();
  const lines = [];
  for (const summary of corpus.documents()) {
    const document = corpus.document(summary.id);
    for (const version of document.versions) {
      for (const clause of document.clauses) {
        if (clause.texts[version.id] !== undefined) lines.push(clause.texts[version.id]);
      }
    }
  }
  return Buffer.from(lines.join('\n'));
}

const kilobytes = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const row = (name, size) =>
  `${name.padEnd(24)}${String(size.raw).padStart(9)}${String(size.gzip).padStart(9)}${String(size.brotli).padStart(9)}`;

export async function report() {
  if (!existsSync(`${root}pkg/package.json`)) throw new Error('size: pkg/ is not built; run `npm run build` first.');
  const result = {};
  for (const [page, names] of Object.entries(pages)) {
    const files = names.map((name) => ({ name, size: measure(readFileSync(`${root}pkg/${name}`)) }));
    const total = files.reduce(
      (sum, file) => ({ raw: sum.raw + file.size.raw, gzip: sum.gzip + file.size.gzip, brotli: sum.brotli + file.size.brotli }),
      { raw: 0, gzip: 0, brotli: 0 },
    );
    result[page] = { files, total };
  }
  const floor = measure(await corpusText());
  // `files` and `total` are the api page's, for callers written before the card page was measured.
  return { ...result.api, pages: result, floor };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { pages: measured, floor } = await report();
  console.log(`${'file (pkg/)'.padEnd(24)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'br -11'.padStart(9)}`);
  for (const [page, { files, total }] of Object.entries(measured)) {
    for (const file of files) console.log(row(file.name, file.size));
    console.log(row(`total: ${page} page`, total));
  }
  console.log(row('floor: corpus text', floor));
  const card = measured.card.total;
  console.log(`card page: brotli ${kilobytes(card.brotli)} against a budget of ${kilobytes(budget.card)} (${((card.brotli / budget.card) * 100).toFixed(0)}%); ${(card.brotli / floor.brotli).toFixed(2)}× the floor`);

  if (process.argv.includes('--update-baseline')) {
    const baseline = {
      note: 'Total brotli -11 bytes of each page kind (see scripts/size.mjs); raise only deliberately.',
      pages: Object.fromEntries(Object.entries(measured).map(([page, { files, total }]) => [page, { files: Object.fromEntries(files.map((file) => [file.name, file.size])), total }])),
    };
    writeFileSync(baselinePath, `${JSON.stringify(baseline, null, 2)}\n`);
    console.log(`size: wrote ${baselinePath}`);
  } else if (!existsSync(baselinePath)) {
    console.error('size: size-baseline.json is missing; create it with `npm run size -- --update-baseline`.');
    process.exit(1);
  } else {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
    let failed = false;
    for (const [page, { total }] of Object.entries(measured)) {
      const before = baseline.pages?.[page]?.total?.brotli;
      if (before === undefined) {
        console.error(`size: size-baseline.json has no ${page} page; update it with \`npm run size -- --update-baseline\`.`);
        failed = true;
        continue;
      }
      const limit = Math.floor(before * (1 + tolerance));
      if (total.brotli > limit) {
        console.error(
          `size: the ${page} page's brotli size ${total.brotli} B grew more than 2% over the baseline ${before} B (limit ${limit} B). ` +
            'Find what grew (twiggy top target/wasm32-unknown-unknown/release/clause_cite_web.wasm) or, if the growth is deliberate, update the baseline in a commit that says why.',
        );
        failed = true;
      } else {
        console.log(`size: the ${page} page is within 2% of the baseline (${before} B brotli; limit ${limit} B)`);
      }
    }
    if (failed) process.exit(1);
  }
}
