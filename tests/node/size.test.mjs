// `npm run size` in CI: fails when the browser download grows more than 2% over
// size-baseline.json. The 52 KB brotli budget is reported by the script, not gated here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { requirePackage, root } from './support.mjs';

test('npm run size: the browser files stay within 2% of the size baseline', () => {
  requirePackage();
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'size.mjs')], { cwd: root, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  assert.equal(run.status, 0, `scripts/size.mjs failed:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /^total\s+\d+\s+\d+\s+\d+$/m, 'the report has a total row');
  assert.match(run.stdout, /^floor: corpus text\s+\d+\s+\d+\s+\d+$/m, 'the report has the floor');
});
