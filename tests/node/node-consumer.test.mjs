// Consumer environment (c): Node 20 runs `node consumer.mjs`, which imports the package by name
// through its package.json `exports` (the `node` condition), with no flags and no fetch.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkReport } from './expectations.mjs';
import { consumerFolder } from './support.mjs';

test('node consumer.mjs imports the package and looks up clauses', () => {
  const consumer = consumerFolder('node-consumer');
  try {
    // A fetch() that throws proves the Node entry reads the wasm from disk.
    const run = spawnSync(process.execPath, ['--import', 'data:text/javascript,globalThis.fetch=()=>{throw new Error("fetch must not be used")}', 'consumer.mjs'], {
      cwd: consumer.folder,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, `consumer.mjs failed:\n${run.stderr}`);
    checkReport(JSON.parse(run.stdout), 'node');
  } finally {
    consumer.remove();
  }
});

test('the plain `node consumer.mjs` command works too (no flags at all)', () => {
  const consumer = consumerFolder('node-consumer');
  try {
    const run = spawnSync(process.execPath, [join(consumer.folder, 'consumer.mjs')], { cwd: consumer.folder, encoding: 'utf8' });
    assert.equal(run.status, 0, `consumer.mjs failed:\n${run.stderr}`);
    checkReport(JSON.parse(run.stdout), 'node without flags');
  } finally {
    consumer.remove();
  }
});
