// The reader with JavaScript off (issue 13): the page itself carries every version of every
// clause, as the core's document views give them, each under its clause id, so a permalink
// scrolls to its clause with no script and search engines read the texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser } from './harness.mjs';
import { requirePackage } from '../node/support.mjs';

const shared = useSiteAndBrowser();
requirePackage();
const { open } = await import('../../pkg/node.js');

test('with JavaScript off the reader shows every clause of every document in every version, and a permalink lands on its clause', { timeout: 60_000 }, async () => {
  const corpus = await open();
  const context = await shared.browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(new URL('/index.html#policy-paper__pt_3__prog_2__sec_10__para_2', shared.site.url).href);
  const shown = await page.evaluate(() => {
    const clauses = {};
    for (const node of document.querySelectorAll('#documents [id]')) {
      if (!node.id.includes('__')) continue;
      clauses[node.id] = [...node.querySelectorAll('p[data-version]')].map((paragraph) => ({ version: paragraph.dataset.version, lang: paragraph.lang, text: paragraph.textContent }));
      if (!node.querySelector('p[data-version]')) clauses[node.id] = [{ heading: node.textContent }];
    }
    const target = document.getElementById('policy-paper__pt_3__prog_2__sec_10__para_2').getBoundingClientRect();
    return { clauses, targetTop: target.top, visible: target.height > 0, loading: document.getElementById('loading-message')?.getClientRects().length ?? 0 };
  });
  assert.ok(shown.visible, 'the static texts are visible');
  assert.ok(shown.targetTop >= 0 && shown.targetTop < 844, `the permalinked clause is on the first screen (top ${shown.targetTop}px)`);
  let checked = 0;
  for (const summary of corpus.documents()) {
    const view = corpus.document(summary.id);
    for (const clause of view.clauses) {
      const texts = Object.entries(clause.texts).filter(([, text]) => text.trim() !== '');
      if (!texts.length) continue;
      const static_ = shown.clauses[clause.id];
      assert.ok(static_, `${clause.id} is on the page`);
      if (clause.kind === 'heading') continue;
      for (const [version, text] of texts) {
        const paragraphs = static_.filter((paragraph) => paragraph.version === version).map((paragraph) => paragraph.text);
        // Nothing lost or altered: the paragraphs are the clause's text, split only at blank lines.
        assert.deepEqual(paragraphs, text.split(/\n\s*\n/), `${clause.id} in ${version}`);
        const lang = view.versions.find((candidate) => candidate.id === version).lang;
        assert.ok(static_.filter((paragraph) => paragraph.version === version).every((paragraph) => paragraph.lang === lang), `${clause.id} in ${version} is marked ${lang}`);
        checked += 1;
      }
    }
  }
  assert.ok(checked > 250, `${checked} clause texts checked`);
  await context.close();
});
