// `npm start`'s server (scripts/serve.mjs) sends what a public CDN sends for the widget and the
// package, so a page on another local origin loads them in development: CORS, the right types,
// a long immutable cache on the versioned path (revalidation elsewhere) and compression.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSiteServer, listen } from '../../scripts/serve.mjs';
import { SAMPLE_LIBRARY } from '../../scripts/build-test-library.mjs';
import { packageFolder, requirePackage } from './support.mjs';

test('the dev server serves /dist, /pkg, /npm/clause-cite@<version>/ and the sample /library/ with CDN headers, compressed', async () => {
  requirePackage();
  const { version } = JSON.parse(readFileSync(`${packageFolder}/package.json`, 'utf8'));
  const { server, url } = await listen(createSiteServer(), 24080 + Math.floor(Math.random() * 500));
  try {
    const cases = [
      { path: '/dist/clause-cite.js', type: /^text\/javascript/, cache: 'no-cache' },
      { path: '/dist/clause_cite_bg.wasm', type: /^application\/wasm$/, cache: 'no-cache' },
      { path: '/pkg/index.js', type: /^text\/javascript/, cache: 'no-cache' },
      { path: `/npm/clause-cite@${version}/dist/clause-cite.js`, type: /^text\/javascript/, cache: 'public, max-age=31536000, immutable' },
      { path: `/npm/clause-cite@${version}/dist/clause_cite_bg.wasm`, type: /^application\/wasm$/, cache: 'public, max-age=31536000, immutable' },
      // The sample library: its catalog revalidated, its files (named by their checksums) immutable.
      { path: '/library/catalog.ccl', type: /^application\/octet-stream/, cache: 'no-cache' },
      { path: `/library/documents/${readdirSync(join(SAMPLE_LIBRARY, 'documents')).find((name) => name.startsWith('urban-renewal-law.'))}`, type: /^application\/octet-stream/, cache: 'public, max-age=31536000, immutable' },
    ];
    for (const { path, type, cache } of cases) {
      for (const encoding of ['br', 'gzip']) {
        const response = await fetch(new URL(path, url), { headers: { 'accept-encoding': encoding, origin: 'http://blog.example' } });
        assert.equal(response.status, 200, `${path}: found`);
        assert.equal(response.headers.get('access-control-allow-origin'), '*', `${path}: CORS`);
        assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin', `${path}: CORP`);
        assert.match(response.headers.get('content-type'), type, `${path}: type`);
        assert.equal(response.headers.get('cache-control'), cache, `${path}: cache`);
        assert.equal(response.headers.get('content-encoding'), encoding, `${path}: compressed with ${encoding}`);
      }
    }
    const other = await fetch(new URL('/npm/clause-cite@0.0.1/dist/clause-cite.js', url));
    assert.equal(other.status, 404, 'only this build’s version is served under /npm/');
    const page = await fetch(new URL('/', url));
    assert.match(page.headers.get('content-type'), /^text\/html/);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
