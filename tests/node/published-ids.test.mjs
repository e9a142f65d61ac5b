// The stability promise (docs/stability.md): a published clause id, permalink or ref never stops
// resolving. Every id in tests/data/published-ids.tsv (today's clause ids and sentence ids) must
// resolve through the npm package's lookup to a clause whose text has the recorded fingerprint.
// The text is compared, not the id the lookup returns: canonical ids may gain a document prefix
// in a later version, with the old ids kept as aliases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageFolder, requirePackage } from './support.mjs';
import { fingerprint, namedText, readPublishedIds } from '../../scripts/published-ids.mjs';

test('every published id still resolves to a clause with the same text', async () => {
  requirePackage();
  const { open } = await import(pathToFileURL(join(packageFolder, 'node.js')).href);
  const corpus = await open();
  const rows = readPublishedIds();
  assert.ok(rows.length >= 160, `the file holds today's ids (${rows.length})`);
  assert.ok(rows.some((row) => row.id === 'preface__para_3__sent_2'), 'sentence ids are there too');
  const failures = [];
  for (const row of rows) {
    for (const written of [row.id, `#${row.id}`]) {
      let view;
      try {
        view = corpus.lookup(written);
      } catch (error) {
        failures.push(`${written}: no longer resolves (${error.code}: ${error.message})`);
        continue;
      }
      const text = view.texts[row.version] === undefined ? null : namedText(view, row.version);
      if (text === null || text === undefined) failures.push(`${written}: resolves to ${view.id}, which has no ${row.version} text`);
      else if (fingerprint(text) !== row.fingerprint) failures.push(`${written}: resolves to ${view.id}, whose ${row.version} text (“${text.slice(0, 24)}…”) is not the published “${row.begins}…”`);
    }
  }
  assert.deepEqual(failures, [], 'no published id changed meaning');
});
