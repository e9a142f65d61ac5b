// `npm run size`: the bytes a page downloads for lookup and search — the browser entry of the
// npm package (pkg/), JS glue and wasm with the corpus embedded — raw, gzip -9 and brotli -11,
// per file and in total, beside the floor (the corpus text itself, every version, compressed the
// same way) and the budget. Exits 1 when the total brotli size grows more than 2% over
// size-baseline.json; `npm run size -- --update-baseline` rewrites that file (do it only
// deliberately, in a commit that says why).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const baselinePath = `${root}size-baseline.json`;
const tolerance = 0.02;
const budget = { gzip: 70 * 1024, brotli: 52 * 1024 };

/** The files a browser fetches when a page imports pkg/index.js (a minified bundle of the JS). */
export const browserFiles = ['index.js', 'clause_cite_bg.wasm'];

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
  const files = browserFiles.map((name) => ({ name, size: measure(readFileSync(`${root}pkg/${name}`)) }));
  const total = files.reduce(
    (sum, file) => ({ raw: sum.raw + file.size.raw, gzip: sum.gzip + file.size.gzip, brotli: sum.brotli + file.size.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  );
  const floor = measure(await corpusText());
  return { files, total, floor };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { files, total, floor } = await report();
  console.log(`${'file (pkg/)'.padEnd(24)}${'raw'.padStart(9)}${'gzip -9'.padStart(9)}${'br -11'.padStart(9)}`);
  for (const file of files) console.log(row(file.name, file.size));
  console.log(row('total', total));
  console.log(row('floor: corpus text', floor));
  console.log(
    `total vs budget: brotli ${kilobytes(total.brotli)} of ${kilobytes(budget.brotli)}, gzip ${kilobytes(total.gzip)} of ${kilobytes(budget.gzip)}; ` +
      `brotli is ${(total.brotli / floor.brotli).toFixed(2)}× the floor`,
  );

  if (process.argv.includes('--update-baseline')) {
    const baseline = { note: 'Total brotli -11 bytes of the browser files of pkg/; raise only deliberately.', files: Object.fromEntries(files.map((file) => [file.name, file.size])), total };
    writeFileSync(baselinePath, `${JSON.stringify(baseline, null, 2)}\n`);
    console.log(`size: wrote ${baselinePath}`);
  } else if (!existsSync(baselinePath)) {
    console.error('size: size-baseline.json is missing; create it with `npm run size -- --update-baseline`.');
    process.exit(1);
  } else {
    const baseline = JSON.parse(readFileSync(baselinePath, 'utf8'));
    const limit = Math.floor(baseline.total.brotli * (1 + tolerance));
    if (total.brotli > limit) {
      console.error(
        `size: the total brotli size ${total.brotli} B grew more than 2% over the baseline ${baseline.total.brotli} B (limit ${limit} B). ` +
          'Find what grew (twiggy top pkg/clause_cite_bg.wasm) or, if the growth is deliberate, update the baseline in a commit that says why.',
      );
      process.exit(1);
    }
    console.log(`size: within 2% of the baseline (${baseline.total.brotli} B brotli; limit ${limit} B)`);
  }
}
