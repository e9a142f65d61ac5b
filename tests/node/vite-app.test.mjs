// Consumer environment (b): a Vite production build of a small app that imports the package by
// name; the built dist/ is served statically and checked in Chromium.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { build } from 'vite';
import { checkReport } from './expectations.mjs';
import { reportFromPage } from './browser.mjs';
import { consumerFolder, serveStatic } from './support.mjs';

test('a Vite production build bundles the package and its wasm, and the app looks up clauses', async () => {
  const consumer = consumerFolder('vite-app');
  try {
    const outDir = join(consumer.folder, 'dist');
    await build({ root: consumer.folder, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const assets = readdirSync(join(outDir, 'assets'));
    const wasmFiles = assets.filter((name) => name.endsWith('.wasm'));
    assert.equal(wasmFiles.length, 1, `Vite emitted exactly one wasm asset; got ${assets.join(', ')}`);
    const site = await serveStatic(outDir);
    try {
      const { report, quote, wasmResponses } = await reportFromPage(site.url);
      checkReport(report, 'vite build');
      assert.ok(quote.startsWith('China stands ready to work with the LAC side'), 'the app rendered the quoted clause');
      assert.equal(wasmResponses.length, 1, `the wasm module is fetched once; got ${wasmResponses.join(', ')}`);
    } finally {
      await site.close();
    }
  } finally {
    consumer.remove();
  }
});
