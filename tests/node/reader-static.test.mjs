// The reader's texts for readers without JavaScript (scripts/build-reader.mjs) are written as
// text: corpus text is data, never markup.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { documentHtml, escapeHtml } from '../../scripts/build-reader.mjs';

test('corpus text reaches the static reader escaped, whatever it holds', () => {
  const hostile = '<script>alert(1)</script> & "quotes" \'too\' <img src=x onerror=alert(1)>';
  const view = {
    id: 'd"><script>',
    title: { en: hostile },
    versions: [{ id: 'en', lang: 'en', role: 'original', title: hostile }],
    clauses: [
      { id: 'd__h', kind: 'heading', depth: 0, texts: { en: hostile } },
      { id: 'd__p"x', kind: 'paragraph', depth: 1, texts: { en: `${hostile}\n\nSecond paragraph` } },
    ],
  };
  const html = documentHtml(view);
  assert.doesNotMatch(html, /<script|<img|onerror=alert\(1\)>/);
  assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
  assert.match(html, /id="d__p&#34;x"/);
  assert.equal(html.match(/<p lang="en" data-version="en">/g).length, 2, 'a blank line in a clause text is a paragraph break');
  assert.equal(escapeHtml('a<b>&"\''), 'a&#60;b&#62;&#38;&#34;&#39;');
});
