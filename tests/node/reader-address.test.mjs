// Where the widget's "copy link" and auto-links point by default: the reader in the same copy of
// the package as the bundle (www/widget/reader-address.js), except on jsDelivr, which serves HTML
// as text/plain, where it is the same package and version on unpkg.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readerAddressFor } from '../../www/widget/reader-address.js';

const CASES = [
  ['https://cdn.jsdelivr.net/npm/clause-cite@0.1.0/dist/clause-cite.js', 'https://unpkg.com/clause-cite@0.1.0/index.html'],
  ['https://cdn.jsdelivr.net/npm/clause-cite@0/dist/clause-cite.js', 'https://unpkg.com/clause-cite@0/index.html'],
  ['https://cdn.jsdelivr.net/npm/@scope/clause-cite@1.2.3/dist/clause-cite.js', 'https://unpkg.com/@scope/clause-cite@1.2.3/index.html'],
  ['https://unpkg.com/clause-cite@0.1.0/dist/clause-cite.js', 'https://unpkg.com/clause-cite@0.1.0/index.html'],
  ['https://blog.example/vendor/clause-cite/dist/clause-cite.js', 'https://blog.example/vendor/clause-cite/index.html'],
  ['http://127.0.0.1:8080/dist/clause-cite.js', 'http://127.0.0.1:8080/index.html'],
  ['http://127.0.0.1:8080/npm/clause-cite@0.1.0/dist/clause-cite.js', 'http://127.0.0.1:8080/npm/clause-cite@0.1.0/index.html'],
  ['https://cdn.jsdelivr.net/gh/someone/clause-cite@main/www/dist/clause-cite.js', 'https://cdn.jsdelivr.net/gh/someone/clause-cite@main/www/index.html'],
];

test('the default reader follows the bundle’s own URL, and leaves jsDelivr for unpkg', () => {
  for (const [bundle, reader] of CASES) assert.equal(readerAddressFor(bundle), reader, bundle);
});
