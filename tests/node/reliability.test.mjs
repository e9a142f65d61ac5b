// Reliability of the npm package in Node (issue 19): a trap inside the WebAssembly engine costs
// only the call that hit it (the instance is discarded and a fresh one serves the next call), and
// citations written to be slow answer quickly through every way in.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requirePackage } from './support.mjs';
import { buildTestLibrary } from '../../scripts/build-test-library.mjs';

requirePackage();
const { open, ClauseCiteError } = await import('../../pkg/node.js');

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc');

/** The resident memory of this process after a full garbage collection, in MiB. */
function residentMiB() {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().rss / 1048576;
}

const isTrapError = (error) => error instanceof ClauseCiteError && error.code === 'internal-error' && /RuntimeError/.test(error.message);

test('10,000 deliberate traps: each fails alone with internal-error, memory stays flat, and a normal lookup then works', async () => {
  const corpus = await open();
  assert.equal(corpus.lookup('Preface ¶3').id, 'policy-paper__preface__para_3');
  let afterFirstThousand = 0;
  for (let trap = 1; trap <= 10_000; trap += 1) {
    assert.throws(() => corpus.__trapForTesting(), isTrapError);
    if (trap === 1_000) afterFirstThousand = residentMiB();
  }
  const afterAll = residentMiB();
  // Each trap leaves 1 KB of stack behind in the instance it hit, so a kept instance would fail
  // every call ("memory access out of bounds") after about a thousand; and 9,000 discarded
  // instances kept alive would hold gigabytes.
  assert.ok(afterAll - afterFirstThousand < 100, `memory grew from ${afterFirstThousand.toFixed(1)} to ${afterAll.toFixed(1)} MiB over 9,000 traps`);
  assert.equal(corpus.lookup('Development Program (9) ¶3').id, 'policy-paper__pt_3__prog_2__sec_9__para_3');
  assert.match(corpus.cite('Development Program (9) ¶3', { style: 'chicago' }), /Development Program \(9\) ¶3/);
  assert.ok(corpus.search('北斗').length > 0);
  assert.equal(corpus.id, 'lac-2025');
  // A second open() shares the same corpus object, and it works on the fresh instance too.
  assert.equal((await open()).lookup('Preface ¶3').id, 'policy-paper__preface__para_3');
});

test('a trap between two calls costs neither of them, on the shared corpus and on a library', async () => {
  const corpus = await open();
  const before = corpus.document('commentary');
  const card = corpus.card('Preface ¶3', { language: 'en' });
  assert.throws(() => corpus.__trapForTesting(), isTrapError);
  assert.deepEqual(corpus.document('commentary'), before);
  assert.deepEqual(corpus.card('Preface ¶3', { language: 'en' }), card);
  // The core's own errors are still the core's, not traps.
  assert.throws(() => corpus.lookup('Development Program (18)'), (error) => error instanceof ClauseCiteError && error.code !== 'internal-error');

  // A library is opened again from its catalog on the fresh instance, and reads its files again.
  const folder = buildTestLibrary(mkdtempSync(join(tmpdir(), 'clause-cite-reliability-')));
  try {
    const library = await open({ library: folder });
    const lookedUp = library.lookup('Urban Renewal Law Art. 5');
    assert.throws(() => corpus.__trapForTesting(), isTrapError);
    assert.deepEqual(library.lookup('Urban Renewal Law Art. 5'), lookedUp);
    assert.deepEqual(await library.lookupAsync('Urban Renewal Law Art. 5'), lookedUp);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** The audit's input: each repeat of the tail made parsing three times slower. */
function auditInput(repeats) {
  return `Chinas Policy Paper on Latin me~ica a d the"a’${' e"C’'.repeat(repeats)}`;
}

test('citations written to be slow answer in under 50 ms through lookup, cite, card and search within', async () => {
  const corpus = await open();
  const inputs = [auditInput(5), auditInput(7), auditInput(190), 'Developmnt Progrm Tax Cooperatoin '.repeat(29), '(9)'.repeat(333), '发展工成'.repeat(250)];
  const calls = {
    lookup: (input) => corpus.lookup(input),
    cite: (input) => corpus.cite(input, { style: 'mla' }),
    card: (input) => corpus.card(input, { language: 'en' }),
    'search within': (input) => corpus.search('cooperation', { within: input }),
  };
  // The name tables and the index are built by the first calls, not timed here.
  corpus.lookup('Preface ¶3');
  corpus.prepareSearch();
  const slow = [];
  for (const input of inputs) {
    for (const [name, call] of Object.entries(calls)) {
      // CPU time of this process, so a loaded machine does not fail the test; best of three.
      let best = Infinity;
      for (let run = 0; run < 3; run += 1) {
        const started = process.cpuUsage();
        try {
          call(input);
        } catch (error) {
          assert.ok(error instanceof ClauseCiteError, `${name}: ${error}`);
          assert.notEqual(error.code, 'internal-error', `${name}: ${error.message}`);
        }
        const used = process.cpuUsage(started);
        best = Math.min(best, (used.user + used.system) / 1000);
      }
      if (best >= 50) slow.push(`${name}(${JSON.stringify(input.slice(0, 40))}…): ${best.toFixed(1)} ms`);
    }
  }
  assert.deepEqual(slow, []);
});

test('a document can be read page by page, and the pages add up to the whole document', async () => {
  const corpus = await open();
  const whole = corpus.document('policy-paper');
  const clauses = [];
  const divergences = new Map();
  let first = 0;
  let pages = 0;
  while (first !== null) {
    const page = corpus.document('policy-paper', { first, limit: 50 });
    assert.equal(page.page.clause_count, whole.clauses.length);
    assert.equal(page.page.first, first);
    assert.ok(page.clauses.length <= 50 && page.clauses.length > 0);
    assert.deepEqual(page.versions, whole.versions);
    clauses.push(...page.clauses);
    for (const divergence of page.divergences) divergences.set(JSON.stringify(divergence), divergence);
    first = page.page.next;
    pages += 1;
  }
  assert.equal(pages, Math.ceil(whole.clauses.length / 50));
  assert.deepEqual(clauses, whole.clauses);
  assert.equal(divergences.size, whole.divergences.length);
  const past = corpus.document('policy-paper', { first: 10_000, limit: 5 });
  assert.deepEqual([past.clauses, past.page.next], [[], null]);
  for (const options of [{ first: -1, limit: 5 }, { first: 0, limit: 0 }, { first: 1.5, limit: 5 }, { limit: '5' }, { first: 3 }, { page: 2 }]) {
    assert.throws(() => corpus.document('policy-paper', options), (error) => error instanceof ClauseCiteError && ['invalid-argument', 'bad-limit'].includes(error.code), JSON.stringify(options));
  }
});
