// Consumer environment (d): the package inside a module Web Worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkReport } from './expectations.mjs';
import { reportFromPage } from './browser.mjs';
import { fixtures, serveStatic } from './support.mjs';

test('a module Web Worker looks up clauses through the package', async () => {
  const site = await serveStatic(fixtures);
  try {
    const { report } = await reportFromPage(`${site.url}plain/worker.html`);
    assert.equal(report.inWorker, true, 'the scenario ran inside the worker');
    checkReport(report, 'web worker');
    assert.equal(site.requests.get('/pkg/clause_cite_bg.wasm'), 1, 'the worker fetched the wasm module once');
  } finally {
    await site.close();
  }
});
