// Consumer environment (a): a plain HTML page with <script type="module">, no bundler, served
// statically, importing the package's browser entry from /pkg/index.js.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReport } from './expectations.mjs';
import { reportFromPage } from './browser.mjs';
import { fixtures, serveStatic } from './support.mjs';

test('a plain module script page looks up clauses through the package', async () => {
  const site = await serveStatic(fixtures);
  try {
    const { report, quote, wasmResponses } = await reportFromPage(`${site.url}plain/`);
    checkReport(report, 'plain page');
    assert.ok(quote.startsWith('China stands ready to work with the LAC side'), 'the page rendered the quoted clause');
    assert.equal(wasmResponses.length, 1, `the wasm module is fetched once per page; got ${wasmResponses.join(', ')}`);
    assert.equal(site.requests.get('/pkg/clause_cite_bg.wasm'), 1, 'the server saw one wasm request');
  } finally {
    await site.close();
  }
});
