// `npm run size` in CI: fails when the download of an api page or of a card page grows more than
// 2% over size-baseline.json. The card page's 115 KB budget is reported by the script, not gated.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { requirePackage, root } from './support.mjs';

test('npm run size: the api page and the card page stay within 2% of the size baseline', () => {
  requirePackage();
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'size.mjs')], { cwd: root, encoding: 'utf8' });
  process.stdout.write(run.stdout);
  assert.equal(run.status, 0, `scripts/size.mjs failed:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, /^total: api page\s+\d+\s+\d+\s+\d+$/m, 'the report has the api page');
  assert.match(run.stdout, /^total: card page\s+\d+\s+\d+\s+\d+$/m, 'the report has the card page');
  assert.match(run.stdout, /^floor: corpus text\s+\d+\s+\d+\s+\d+$/m, 'the report has the floor');
});
