// The widget's two engines (scripts/build-package.mjs): each is the same crate as the package's
// module with fewer features, driven by the package's one glue. Each row opens a source with one
// engine in a fresh Node process (one wasm instance per process) and expects either the same
// answers as the package's full module or the named error; `check` runs the table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildTestLibrary } from '../../scripts/build-test-library.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const entry = pathToFileURL(join(root, 'pkg/node.js')).href;
const engines = {
  full: join(root, 'pkg/clause_cite_bg.wasm'),
  card: join(root, 'pkg/dist/clause_cite_bg.wasm'),
  library: join(root, 'pkg/dist/clause_cite_library_bg.wasm'),
};
const defaultCorpus = join(root, 'pkg/dist/clause-cite-default.ccc');
let folder;

before(() => {
  folder = buildTestLibrary(mkdtempSync(join(tmpdir(), 'clause-cite-engines-')));
});
after(() => folder && rmSync(folder, { recursive: true, force: true }));

/**
 * Opens `source` ('default', 'default-file' or 'library') with `engine` in a fresh process and
 * gives what it answered: the cited clause's id and first version's text for two citations,
 * the document ids, and a search's first hit, or the error's code and message.
 */
function answer(engine, source) {
  const script = `
    import { readFileSync } from 'node:fs';
    const { open } = await import(${JSON.stringify(entry)});
    const wasm = readFileSync(${JSON.stringify(engines[engine])});
    const options = ${JSON.stringify(source)} === 'library' ? { library: ${JSON.stringify(folder ?? '')}, wasm }
      : ${JSON.stringify(source)} === 'default-file' ? { corpus: readFileSync(${JSON.stringify(defaultCorpus)}), wasm } : { wasm };
    try {
      const corpus = await open(options);
      const lookup = async (text) => { const found = corpus.lookupAsync ? await corpus.lookupAsync(text) : corpus.lookup(text); return found.id ?? found.clause?.id; };
      const ids = [await lookup('LAC Policy Paper, Preface ¶3'), await lookup('LAC Policy Paper, Development Program (10) ¶2')];
      const found = corpus.searchAsync ? await corpus.searchAsync('BeiDou') : corpus.search('BeiDou');
      const hits = Array.isArray(found) ? found : found.hits;
      console.log(JSON.stringify({ ids, documents: corpus.documents().map((d) => d.id), first: hits[0]?.id }));
    } catch (error) {
      console.log(JSON.stringify({ code: error.code, message: error.message }));
    }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

const table = [
  // [engine, source, expected: 'same as full' or an error code and a pattern of its message]
  ['card', 'default', 'same'],
  ['card', 'default-file', 'same'],
  ['card', 'library', { code: 'wasm-unavailable', message: /without library support/ }],
  ['library', 'library', 'same'],
  ['library', 'default-file', 'same'],
  ['library', 'default', { code: 'corpus-unavailable', message: /no embedded corpus/ }],
];

function check([engine, source, expected]) {
  const got = answer(engine, source);
  if (expected === 'same') {
    const full = answer('full', source);
    assert.equal(full.code, undefined, `the full module opens ${source}: ${full.message}`);
    assert.ok(full.ids.every(Boolean) && full.first && full.documents.length > 0, `the full module answers: ${JSON.stringify(full)}`);
    assert.deepEqual(got, full, `${engine} engine, ${source}: the full module's answers`);
  } else {
    assert.equal(got.code, expected.code, `${engine} engine, ${source}: ${JSON.stringify(got)}`);
    assert.match(got.message, expected.message);
  }
}

for (const row of table) test(`the ${row[0]} engine with ${row[1]}`, () => check(row));
