// The npm package's library path: open({ library }) from disk in Node and over HTTP. A library
// of the default corpus and the three test documents (scripts/build-test-library.mjs) must give
// the embedded corpus's answers for its documents, fetch only the files a call needs (the server
// counts requests), load synchronously from disk, refuse synchronous calls that need a file not
// fetched yet with `not-loaded`, and fail only the calls of a document whose file is missing
// (`shard-unavailable`) or damaged (`checksum-mismatch`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageFolder, requirePackage } from './support.mjs';
import { listen } from '../../scripts/serve.mjs';
import { buildTestLibrary } from '../../scripts/build-test-library.mjs';

let open;
let folder;
let server;

/**
 * Serves `root` over HTTP, counting requests by path; `/broken/` serves it with one file missing
 * and one damaged; `/slow/` answers documents 100 ms late; `/gated/` holds the catalog back until another file has been asked for (or
 * two seconds have passed), and records which came first in `gate`.
 */
async function serve(root) {
  const requests = [];
  // What happened, in order: `request <path>` when a request arrives, `sent <path>` once its response is sent.
  const events = [];
  const gate = { waiting: null, openedBy: null };
  const http = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    requests.push(path);
    events.push(`request ${path}`);
    const [, prefix, ...rest] = path.split('/');
    const name = rest.join('/');
    // /slow/ answers each document 100 ms late, so that requests made together arrive together.
    if (prefix === 'slow' && name.startsWith('documents/')) await new Promise((resolve) => setTimeout(resolve, 100));
    if (prefix === 'gated' && name === 'catalog.ccl') {
      gate.openedBy = await new Promise((resolve) => {
        gate.waiting = resolve;
        setTimeout(() => resolve('timeout'), 2000);
      });
    } else if (prefix === 'gated') {
      gate.waiting?.('another request');
    }
    try {
      let bytes = readFileSync(join(root, name));
      if (prefix === 'broken' && name.startsWith('documents/urban-renewal-law.')) throw new Error('gone');
      if (prefix === 'broken' && name.startsWith('documents/wetland-white-paper.')) {
        bytes = Buffer.from(bytes);
        bytes[200] ^= 0x01;
      }
      response.setHeader('content-type', 'application/octet-stream');
      response.end(bytes, () => events.push(`sent ${path}`));
    } catch {
      response.statusCode = 404;
      response.end('Not found\n');
    }
  });
  const address = await listen(http, 24080 + Math.floor(Math.random() * 500));
  return { url: address.url ?? address, requests, events, gate, close: () => new Promise((done) => http.close(done)) };
}

before(async () => {
  requirePackage();
  ({ open } = await import(pathToFileURL(join(packageFolder, 'node.js')).href));
  folder = buildTestLibrary(mkdtempSync(join(tmpdir(), 'clause-cite-library-')));
  server = await serve(folder);
});

after(async () => {
  await server?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const base = (prefix) => new URL(`/${prefix}/`, server.url).href;
const kinds = (paths) => paths.map((path) => path.replace(/^\/[a-z]+\//, '').replace(/\.[0-9a-f]{16}\./, '.'));

test('a library on disk answers as the embedded corpus does, loading what each call needs', async () => {
  const corpus = await open();
  const library = await open({ library: folder });
  assert.equal(library.id, 'test-library');
  const ids = library.documents().map((document) => document.id);
  assert.deepEqual(ids.slice(0, 3), corpus.documents().map((document) => document.id));
  assert.deepEqual(ids.slice(3), ['urban-renewal-law', 'wetland-white-paper', 'pacific-islands-policy-paper']);
  assert.deepEqual(library.loadedFiles(), [], 'the list of documents comes from the catalog');
  for (const reference of ['Development Program (10) ¶2', '发展工程（九）第3段', 'pt_3__prog_2__sec_9__para_3', 'Zhou Zhiwei ¶2']) {
    assert.deepEqual(library.lookup(reference), corpus.lookup(reference), reference);
    assert.equal(library.cite(reference, { style: 'apa' }), corpus.cite(reference, { style: 'apa' }), reference);
  }
  assert.deepEqual(kinds(library.loadedFiles()), ['documents/policy-paper.ccc', 'documents/commentary.ccc'].sort());
  const text = 'As Development Program (9) ¶3 says, and 发展工程（十）第2段 adds.';
  assert.deepEqual(library.findCitations(text), corpus.findCitations(text));
  // A search filtered to one document ranks as a corpus of that document alone: its shard.
  const shard = await open({ corpus: join(folder, readdirSync(join(folder, 'documents')).map((name) => `documents/${name}`).find((name) => name.startsWith('documents/policy-paper.'))) });
  const options = { documents: ['policy-paper'], limit: 5 };
  assert.deepEqual(library.search('北斗', options), shard.search('北斗', options));
  assert.deepEqual(await library.searchAsync('sponge cities', options), shard.search('sponge cities', options));
  const whole = library.search('城市更新');
  assert.equal(whole[0].document, 'urban-renewal-law');
  assert.equal(library.lookup('Urban Renewal Law Art. 5').id, 'urban-renewal-law__ch_1__art_5');
  assert.equal((await library.documentAsync('wetland-white-paper')).id, 'wetland-white-paper');
});

test('over HTTP a card fetches the catalog and its document only, and synchronous calls wait for async ones', async () => {
  server.requests.length = 0;
  const library = await open({ library: base('ok') });
  assert.deepEqual(kinds(server.requests), ['catalog.ccl']);
  assert.throws(() => library.lookup('Development Program (10) ¶2'), (error) => error.name === 'ClauseCiteError' && error.code === 'not-loaded' && /lookupAsync/.test(error.message));
  const [first, second] = await Promise.all([library.lookupAsync('Development Program (10) ¶2'), library.lookupAsync('发展工程（九）第3段')]);
  assert.equal(first.id, 'policy-paper__pt_3__prog_2__sec_10__para_2');
  assert.equal(second.id, 'policy-paper__pt_3__prog_2__sec_9__para_3');
  assert.deepEqual(kinds(server.requests), ['catalog.ccl', 'documents/policy-paper.ccc'], 'one fetch for two calls that need the same file');
  assert.equal(library.lookup('Development Program (9) ¶3').id, 'policy-paper__pt_3__prog_2__sec_9__para_3', 'a loaded document answers synchronously');
  // Auto-linking reads the outline, never a document.
  server.requests.length = 0;
  const found = await library.findCitationsAsync('See 《中国的湿地保护》三、（一） and Urban Renewal Law Art. 5.');
  assert.deepEqual(found.map((citation) => citation.id), ['wetland-white-paper__sec_3__sub_1', 'urban-renewal-law__ch_1__art_5']);
  assert.deepEqual(kinds(server.requests), [kinds([readdirSync(folder).find((name) => name.startsWith('outline.'))].map((name) => `/ok/${name}`))[0]]);
});

test('prefetch fetches the named files with the catalog, and names it cannot use are listed with why', async () => {
  const shard = `documents/${readdirSync(join(folder, 'documents')).find((name) => name.startsWith('urban-renewal-law.'))}`;
  const stale = 'documents/policy-paper.0123456789abcdef.ccc';
  server.requests.length = 0;
  const library = await open({ library: base('gated'), prefetch: [shard, `./${shard}`, stale, '../outside.ccc', 'https://elsewhere.example/x.ccc', 'index/unknown.cct'] });
  // The named files were asked for while the catalog was still on its way.
  assert.equal(server.gate.openedBy, 'another request');
  const ignored = Object.fromEntries(library.ignoredPrefetch.map(({ name, error }) => [name, error]));
  assert.deepEqual(Object.keys(ignored).sort(), [stale, '../outside.ccc', 'https://elsewhere.example/x.ccc', 'index/unknown.cct'].sort());
  assert.equal(ignored['../outside.ccc'].code, 'invalid-argument');
  assert.equal(ignored['https://elsewhere.example/x.ccc'].code, 'invalid-argument');
  assert.equal(ignored['index/unknown.cct'].code, 'library-file');
  const current = `documents/${readdirSync(join(folder, 'documents')).find((name) => name.startsWith('policy-paper.'))}`;
  assert.equal(ignored[stale].code, 'library-file');
  assert.deepEqual([...ignored[stale].suggestions], [current], 'a stale document file names the current one');
  // The card's call takes the prefetched file: it asks for nothing more. The file named twice
  // was fetched once, and nothing outside the folder was asked for (the names the catalog does
  // not list may still be on their way; their bytes are dropped).
  assert.equal((await library.lookupAsync('Urban Renewal Law Art. 5')).id, 'urban-renewal-law__ch_1__art_5');
  const fetched = kinds(server.requests);
  assert.deepEqual(fetched.filter((name) => name === 'catalog.ccl' || name === 'documents/urban-renewal-law.ccc'), ['catalog.ccl', 'documents/urban-renewal-law.ccc'].sort());
  assert.ok(fetched.every((name) => ['catalog.ccl', 'documents/policy-paper.ccc', 'documents/urban-renewal-law.ccc', 'index/unknown.cct'].includes(name)), fetched.join(' '));
  server.requests.length = 0;
  assert.deepEqual(kinds(library.loadedFiles()), ['documents/urban-renewal-law.ccc']);
  // Unloaded, the file is fetched again when needed.
  library.unload(shard);
  assert.equal((await library.lookupAsync('Urban Renewal Law Art. 5')).id, 'urban-renewal-law__ch_1__art_5');
  assert.equal(kinds(server.requests).filter((name) => name === 'documents/urban-renewal-law.ccc').length, 1);
  // A prefetched file that is missing fails its document's calls as a late fetch would.
  const broken = await open({ library: base('broken'), prefetch: [shard] });
  await assert.rejects(broken.lookupAsync('Urban Renewal Law Art. 5'), (error) => error.code === 'shard-unavailable' && /404/.test(error.message));
  await assert.rejects(open({ library: base('ok'), prefetch: shard }), (error) => error.code === 'invalid-argument' && /list of file names/.test(error.message));
});

test('a search over HTTP fetches the search table, its chunks and its hits\' documents, and reports progress', async () => {
  const onDisk = await open({ library: folder });
  const expected = onDisk.search('湿地 保护');
  server.requests.length = 0;
  const library = await open({ library: base('ok') });
  const partial = [];
  const hits = await library.searchAsync('湿地 保护', undefined, { onProgress: (found) => partial.push(found) });
  assert.deepEqual(hits, expected);
  const fetched = kinds(server.requests);
  assert.ok(fetched.includes('search.ccs'), fetched.join(' '));
  assert.ok(fetched.some((name) => name.endsWith('.cct')), fetched.join(' '));
  const documents = fetched.filter((name) => name.startsWith('documents/'));
  assert.ok(documents.length >= 1 && documents.length < 6, `only the documents of the hits: ${documents.join(' ')}`);
  for (const list of partial) assert.ok(list.length > 0 && list.length <= 10);
  assert.deepEqual(library.search('湿地 保护'), expected, 'once loaded, the synchronous search answers');
});

test('a search showing progress fetches its best hit\'s document alone, then the others together', async () => {
  const onDisk = await open({ library: folder });
  const expected = onDisk.search('cooperation development');
  const fresh = await open({ library: base('slow') });
  server.requests.length = 0;
  server.events.length = 0;
  const firsts = [];
  const hits = await fresh.searchAsync('cooperation development', undefined, { onProgress: (partial) => firsts.push(partial[0]?.id) });
  assert.deepEqual(hits, expected);
  const documents = server.requests.filter((path) => path.includes('/documents/'));
  assert.ok(documents.length > 1, `the hits come from several documents: ${documents.join(' ')}`);
  assert.match(documents[0], new RegExp(`/documents/${expected[0].document}\\.`), 'the best hit\'s document first');
  // Every other document was asked for only once the first had been sent.
  const sent = server.events.indexOf(`sent ${documents[0]}`);
  assert.ok(sent >= 0);
  for (const path of documents.slice(1)) assert.ok(server.events.indexOf(`request ${path}`) > sent, `${path} was asked for before the best hit's document arrived`);
  assert.ok(firsts.includes(expected[0].id), 'the best hit was shown before the final answer');
});

test('a missing or damaged document fails only its own calls, with a clear error', async () => {
  const library = await open({ library: base('broken') });
  await assert.rejects(library.lookupAsync('Urban Renewal Law Art. 5'), (error) => error.code === 'shard-unavailable' && /urban-renewal-law/.test(error.message) && /404/.test(error.message));
  await assert.rejects(library.lookupAsync('《中国的湿地保护》三、（一）'), (error) => error.code === 'checksum-mismatch' && /wetland-white-paper/.test(error.message));
  assert.equal((await library.lookupAsync('Development Program (10) ¶2')).id, 'policy-paper__pt_3__prog_2__sec_10__para_2');
  assert.equal((await library.lookupAsync('Pacific Islands Policy Paper (IX)')).document, 'pacific-islands-policy-paper');
  const hits = await library.searchAsync('城市更新 湿地');
  assert.ok(hits.every((hit) => hit.document !== 'urban-renewal-law' && hit.document !== 'wetland-white-paper'));
});

test('bad library options and unreachable catalogs are refused clearly', async () => {
  await assert.rejects(open({ library: 5 }), (error) => error.code === 'invalid-argument');
  await assert.rejects(open({ library: folder, corpus: new Uint8Array(4) }), (error) => error.code === 'invalid-argument');
  await assert.rejects(open({ library: base('nowhere-no') + 'missing/' }), (error) => error.code === 'corpus-unavailable' && /catalog\.ccl/.test(error.message));
  const damaged = mkdtempSync(join(tmpdir(), 'clause-cite-damaged-'));
  try {
    cpSync(folder, damaged, { recursive: true });
    const catalog = readFileSync(join(damaged, 'catalog.ccl'));
    catalog[40] ^= 0x10;
    writeFileSync(join(damaged, 'catalog.ccl'), catalog);
    await assert.rejects(open({ library: damaged }), (error) => error.code === 'checksum-mismatch');
  } finally {
    rmSync(damaged, { recursive: true, force: true });
  }
  // The embedded default is still what open() gives.
  assert.equal((await open()).id, 'lac-2025');
});
