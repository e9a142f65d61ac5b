// What `npm pack` ships: the API entry as before, the widget (exports["./widget"]) with its wasm
// next to it, the reader page with every file it loads, and a release record whose SRI hashes
// are those of the files shipped. Also: the package's URL layout works unchanged from a CDN
// (the widget finds its wasm and the reader its modules by relative URLs inside the package).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageFolder, requirePackage } from './support.mjs';

function packList() {
  requirePackage();
  const run = spawnSync('npm', ['pack', '--dry-run', '--json'], { cwd: packageFolder, encoding: 'utf8' });
  assert.equal(run.status, 0, `npm pack --dry-run failed:\n${run.stderr}`);
  return JSON.parse(run.stdout)[0].files.map((file) => file.path);
}

test('npm pack --dry-run lists the API, the widget with its wasm and the reader', () => {
  const files = packList();
  for (const file of ['index.js', 'node.js', 'index.d.ts', 'clause_cite_bg.wasm', 'dist/clause-cite.js', 'dist/clause_cite_bg.wasm', 'dist/clause_cite_library_bg.wasm', 'dist/clause-cite-default.ccc', 'dist/release.js', 'index.html', 'reader/main.js', 'reader/reader.css', 'demo/index.html', 'cdn.js', 'CHANGELOG.md', 'README.md', 'package.json']) {
    assert.ok(files.includes(file), `the tarball has ${file}`);
  }
  const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
  assert.equal(manifest.exports['./widget'], './dist/clause-cite.js');
  assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', browser: './index.js', node: './node.js', default: './index.js' }, 'the API entry is unchanged');
  for (const field of ['jsdelivr', 'unpkg']) assert.ok(files.includes(manifest[field].replace(/^\.\//, '')), `the ${field} default file ships`);
});

test('every file the reader page and the widget load by relative URL is in the tarball', () => {
  const files = new Set(packList());
  const missing = [];
  const visit = (file) => {
    const text = readFileSync(join(packageFolder, file), 'utf8');
    const references = [
      ...[...text.matchAll(/(?:src|href)="([^"#:?]+)"/g)].map((match) => match[1]),
      ...[...text.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => match[1]),
      // Files fetched at run time next to the module (the wasm); a `new URL` of a .js file is a
      // message's address (the API entry's wrong-entry hint), not a load.
      ...[...text.matchAll(/new URL\(\s*["'`]([\w./-]+\.wasm)["'`]\s*,\s*import\.meta\.url/g)].map((match) => match[1]),
    ].filter((reference) => !reference.includes('${'));
    for (const reference of references) {
      let target = posix.normalize(posix.join(posix.dirname(file), reference));
      if (reference.endsWith('/')) target = posix.join(target, 'index.html');
      if (!files.has(target)) missing.push(`${file} → ${reference}`);
      else if (/\.(js|html)$/.test(target) && !visited.has(target)) {
        visited.add(target);
        visit(target);
      }
    }
  };
  const visited = new Set(['index.html', 'dist/clause-cite.js']);
  visit('index.html');
  visit('dist/clause-cite.js');
  assert.deepEqual(missing, []);
  for (const file of ['reader/main.js', 'reader/api.js', 'reader/cite-panel.js', 'dist/release.js', 'dist/clause_cite_bg.wasm', 'demo/index.html']) assert.ok(visited.has(file) || file.endsWith('.wasm'), `${file} is reached from the reader or the widget`);
});

test('the release record gives the SRI hash and size of each shipped widget file', async () => {
  const { default: release } = await import(pathToFileURL(join(packageFolder, 'dist/release.js')).href);
  const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
  assert.equal(release.version, manifest.version);
  assert.equal(release.cdn.jsdelivr, `https://cdn.jsdelivr.net/npm/${manifest.name}@${manifest.version}/`);
  for (const [file, { bytes, integrity }] of Object.entries(release.files)) {
    const content = readFileSync(join(packageFolder, file));
    assert.equal(bytes, content.length, `${file}: size`);
    assert.equal(integrity, `sha384-${createHash('sha384').update(content).digest('base64')}`, `${file}: SRI hash`);
  }
  assert.deepEqual(Object.keys(release.files).sort(), ['dist/clause-cite-default.ccc', 'dist/clause-cite.js', 'dist/clause_cite_bg.wasm', 'dist/clause_cite_library_bg.wasm']);
});
