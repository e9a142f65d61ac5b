// The size gate's other half: the corpus compiler is the "Add a document" page's alone. Its
// WebAssembly (www/builder/dist/builder_bg.wasm) is loaded by that page's worker only; the
// widget's files (www/dist/, the same bytes in pkg/dist/), the npm package's browser entry and
// the reader never include or load it, so a blog post and the reader pay nothing for it.
//
// The compiler is recognised by messages only it can give (the text of its errors is in the
// module's data as UTF-8). The first test checks that the builder's module has them, so the
// check can see a compiler where there is one; the second that the widget's files have none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const builderWasm = `${root}www/builder/dist/builder_bg.wasm`;

/** Messages of the compiler (src/compiler/), none of which the lookup, search or cite code has. */
const COMPILER_MESSAGES = [
  'does not read as a translation',
  'is not UTF-8 text: byte',
  'starts the article numbers again',
  'cannot all be applied',
];

/** Every file the widget ships (www/dist/) and the npm package's browser entry and wasm. */
function widgetFiles() {
  const files = readdirSync(`${root}www/dist`).map((name) => `www/dist/${name}`);
  for (const name of ['index.js', 'clause_cite_bg.wasm']) files.push(`pkg/${name}`);
  for (const name of readdirSync(`${root}pkg/dist`)) files.push(`pkg/dist/${name}`);
  return files;
}

test('the builder page\u2019s module holds the compiler (so the check below can find one)', () => {
  assert.ok(existsSync(builderWasm), 'www/builder/dist/ is built (node scripts/build.mjs)');
  const bytes = readFileSync(builderWasm);
  for (const message of COMPILER_MESSAGES) assert.ok(bytes.includes(Buffer.from(message)), `the builder's wasm has \u201c${message}\u201d`);
});

test('the widget\u2019s files and the package\u2019s browser entry hold no compiler and name nothing of the builder', () => {
  const builderBytes = readFileSync(builderWasm);
  for (const file of widgetFiles()) {
    const bytes = readFileSync(`${root}${file}`);
    assert.ok(!bytes.equals(builderBytes), `${file} is not the builder's module`);
    for (const message of COMPILER_MESSAGES) assert.ok(!bytes.includes(Buffer.from(message)), `${file} has the compiler's \u201c${message}\u201d`);
    for (const name of ['builder_bg.wasm', 'builder/dist']) assert.ok(!bytes.includes(Buffer.from(name)), `${file} names ${name}`);
  }
});

test('the reader only links to the builder page, and loads nothing of it', () => {
  const html = readFileSync(`${root}www/index.html`, 'utf8');
  assert.match(html, /<a href="builder\/">Add a document<\/a>/, 'the reader links to Add a document');
  const mentions = [...html.matchAll(/builder/g)].length;
  assert.equal(mentions, 1, 'the link is the reader page\u2019s only mention of the builder');
  for (const name of readdirSync(`${root}www/reader`)) {
    const code = readFileSync(`${root}www/reader/${name}`, 'utf8');
    assert.doesNotMatch(code, /builder_bg|builder\/dist|builder\/worker/, `www/reader/${name} loads nothing of the builder`);
  }
});
