// The package's TypeScript types: `tsc --noEmit` on a small consumer that imports 'clause-cite'
// by name, under both Node (nodenext) and bundler module resolution.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { consumerFolder, root } from './support.mjs';

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

function check(resolution) {
  const consumer = consumerFolder('types');
  try {
    const configPath = join(consumer.folder, 'tsconfig.json');
    const config = JSON.parse(readFileSync(configPath, 'utf8'));
    config.compilerOptions.module = resolution === 'bundler' ? 'esnext' : 'nodenext';
    config.compilerOptions.moduleResolution = resolution;
    writeFileSync(configPath, JSON.stringify(config));
    const run = spawnSync(process.execPath, [tsc, '-p', configPath], { cwd: consumer.folder, encoding: 'utf8' });
    assert.equal(run.status, 0, `tsc --noEmit (${resolution}) reported:\n${run.stdout}${run.stderr}`);
  } finally {
    consumer.remove();
  }
}

for (const resolution of ['nodenext', 'bundler']) {
  test(`tsc --noEmit accepts the TypeScript consumer (moduleResolution ${resolution})`, () => check(resolution));
}
