// Browser tests for the reader page (www/index.html): permalinks, search, citation look-up,
// the embed snippet's round trip into a blank page, its no-JavaScript fallback, the narrow
// layout, choices kept in the URL, offline use and keyboard use. Every page must finish without
// console errors; screenshots go to tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { useSiteAndBrowser, openPage, artifacts } from './harness.mjs';
import { routePublicCdn } from './cdn-helpers.mjs';

const widgetBundle = fileURLToPath(new URL('../../www/dist/clause-cite.js', import.meta.url));

const shared = useSiteAndBrowser();

/** Opens the reader at `path` (query and hash) and waits until the texts are rendered. */
async function openReader(path = '', contextOptions = {}) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1440, height: 1000 }, ...contextOptions });
  await page.goto(new URL(path, shared.site.url).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
  return { context, page };
}

async function finish({ context, page }) {
  assert.deepEqual(page.problems, [], 'the page logged no console errors');
  await context.close();
}

/** The clause as the corpus holds it, read through the page's own API instance. */
function corpusClause(page, id) {
  return page.evaluate(async (clauseId) => {
    const { open } = await import('/reader/api.js');
    const corpus = await open();
    return corpus.lookup(clauseId);
  }, id);
}

/** Whether an element is within the viewport. */
function inViewport(page, selector) {
  return page.$eval(selector, (node) => {
    const box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
}

test('a permalink scrolls to its clause and highlights it; a sentence permalink highlights that sentence', async () => {
  const cases = [
    { hash: '#policy-paper__pt_3__prog_2__sec_9__para_3', id: 'policy-paper__pt_3__prog_2__sec_9__para_3', sentence: null },
    // A sentence permalink counts in the version it names, and in the original when it names none.
    { hash: '#policy-paper__preface__para_3__sent_2', id: 'policy-paper__preface__para_3', sentence: 2, version: 'zh' },
    { hash: '#policy-paper__preface__para_1__sent_2__en', id: 'policy-paper__preface__para_1', sentence: 2, version: 'en' },
    { hash: '#policy-paper__preface__para_1__sent_3__en-blog', id: 'policy-paper__preface__para_1', sentence: 3, version: 'en-blog' },
    { hash: '#policy-paper__pt_3__prog_3__sec_6', id: 'policy-paper__pt_3__prog_3__sec_6', sentence: null },
    { hash: '#cmt__para_2', id: 'cmt__para_2', sentence: null },
  ];
  for (const { hash, id, sentence, version } of cases) {
    const opened = await openReader(`/${hash}`);
    const { page } = opened;
    assert.ok(await page.$eval(`[id="${id}"]`, (node) => node.classList.contains('target')), `${hash}: the clause is highlighted`);
    assert.ok(await inViewport(page, `[id="${id}"]`), `${hash}: the clause was scrolled into view`);
    assert.equal(await page.$$eval('.clause.target', (nodes) => nodes.length), 1, `${hash}: exactly one clause is highlighted`);
    if (sentence) {
      const clause = await corpusClause(page, id);
      const marked = await page.$eval('.sentence.target-sentence', (node) => ({ text: node.textContent, version: node.closest('.cell').dataset.version }));
      assert.equal(marked.version, version, `${hash}: the sentence is highlighted in the version the permalink counts in`);
      assert.equal(marked.text, clause.sentences[marked.version][sentence - 1], `${hash}: the highlighted sentence is sentence ${sentence} of ${marked.version}`);
    }
    if (hash === cases[0].hash) await page.screenshot({ path: `${artifacts}reader-permalink.png` });
    await finish(opened);
  }
});

test('a permalink to no clause says so instead of failing silently', async () => {
  const opened = await openReader('/#policy-paper__pt_9__para_1');
  const notice = await opened.page.textContent('#hash-notice');
  assert.match(notice, /pt_9__para_1/);
  assert.match(notice, /not a clause/);
  await finish(opened);
});

test('a sentence permalink the core refuses is refused by the reader too, with the core’s reason', async () => {
  // Development Program (10) ¶2 has one sentence in the original: there is no sentence 2.
  const opened = await openReader('/#policy-paper__pt_3__prog_2__sec_10__para_2__sent_2');
  const notice = await opened.page.textContent('#hash-notice');
  assert.match(notice, /no sentence 2/);
  assert.equal(await opened.page.$$eval('.sentence.target-sentence', (nodes) => nodes.length), 0, 'no sentence is highlighted');
  await finish(opened);
});

test('headings keep each version’s own numbering, and divergences are explained where they occur', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  const labels = await page.$$eval('[id="policy-paper__pt_3__prog_3__sec_6"] .cell', (cells) => Object.fromEntries(cells.map((cell) => [cell.dataset.version, cell.querySelector('.label')?.textContent])));
  assert.deepEqual(labels, { zh: '(六)', en: '(6)', 'en-blog': '(F)' });
  const rows = [
    { id: 'policy-paper__pt_3__prog_3__sec_6', version: 'en-blog', kind: 'relabelled' },
    { id: 'policy-paper__preface__para_3', version: 'en', kind: 'split' },
    { id: 'policy-paper__pt_3__prog_1__sec_9__para_1', version: 'en-blog', kind: 'merged' },
    { id: 'policy-paper__pt_3__prog_1__sec_7', version: 'en-blog', kind: 'run-in-heading' },
  ];
  for (const { id, version, kind } of rows) {
    const clause = await corpusClause(page, id);
    const expected = clause.divergences.find((divergence) => divergence.kind === kind && divergence.version === version);
    assert.ok(expected, `${id} has a ${kind} divergence in the corpus`);
    const note = await page.$eval(`[id="${id}"] .cell[data-version="${version}"] .divergence[data-kind="${kind}"]`, (node) => node.textContent);
    assert.ok(note.endsWith(expected.note), `${id}: the ${kind} note is shown in the ${version} column`);
  }
  // The table of contents lists three documents, the Policy Paper's three parts and five programs.
  assert.equal(await page.$$eval('#toc .toc-document', (nodes) => nodes.length), 3);
  assert.equal(await page.$$eval('#toc .toc-pt', (nodes) => nodes.length), 3);
  assert.equal(await page.$$eval('#toc .toc-prog', (nodes) => nodes.length), 5);
  await finish(opened);
});

test('the table of contents follows the scroll', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  for (const id of ['policy-paper__pt_3__prog_4__sec_2', 'policy-paper__pt_2']) {
    await page.$eval(`[id="${id}"]`, (node) => node.scrollIntoView({ block: 'start' }));
    await page.waitForFunction((target) => document.querySelector('#toc a[aria-current]')?.dataset.target === target, id, { timeout: 5000 });
  }
  await finish(opened);
});

test('search as you type finds clauses in every version, highlights the match, and opens a result', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  await page.fill('#search-input', '北斗');
  await page.waitForSelector('#search-results .hit');
  const marks = await page.$$eval('#search-results mark', (nodes) => nodes.map((node) => node.textContent));
  assert.ok(marks.length > 0 && marks.every((text) => text.includes('北') || text.includes('斗')), `highlights are the query’s characters: ${marks.join(' | ')}`);
  assert.match(page.url(), /[?&]q=%E5%8C%97%E6%96%97/, 'the query is kept in the URL');
  const first = await page.$eval('#search-results .hit-link', (link) => link.dataset.id);
  await page.click('#search-results .hit-link');
  await page.waitForFunction((id) => document.getElementById(id)?.classList.contains('target'), first);
  assert.ok(await inViewport(page, `[id="${first}"]`));
  // A version filter limits the snippets to that version.
  await page.fill('#search-input', 'BeiDou');
  await page.uncheck('#search-version-list input[value="zh"]');
  await page.uncheck('#search-version-list input[value="en-blog"]');
  await page.waitForFunction(() => document.querySelectorAll('#search-results .snippet').length > 0 && [...document.querySelectorAll('#search-results .snippet')].every((node) => node.dataset.version === 'en'));
  // A program filter limits results to that program.
  await page.check('#search-version-list input[value="zh"]');
  await page.check('#search-version-list input[value="en-blog"]');
  await page.fill('#search-input', 'cooperation');
  await page.selectOption('#search-within', 'policy-paper__pt_3__prog_4');
  await page.waitForFunction(() => {
    const ids = [...document.querySelectorAll('#search-results .hit-link')].map((link) => link.dataset.id);
    return ids.length > 0 && ids.every((id) => id.startsWith('policy-paper__pt_3__prog_4'));
  });
  await page.screenshot({ path: `${artifacts}reader-search.png` });
  await finish(opened);
});

test('a search query is rendered as text, never as markup', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  await page.fill('#search-input', '<img src=x onerror="window.__injected=1">北斗');
  await page.waitForTimeout(400);
  assert.equal(await page.$$eval('#search-results img, .tools img', (nodes) => nodes.length), 0);
  assert.equal(await page.evaluate(() => window.__injected), undefined);
  await finish(opened);
});

const CITATIONS = [
  { input: '发展工程(九)第3段', id: 'policy-paper__pt_3__prog_2__sec_9__para_3' },
  { input: 'Civilization Projects (F)', id: 'policy-paper__pt_3__prog_3__sec_6' },
  { input: 'Development Program (10) ¶2', id: 'policy-paper__pt_3__prog_2__sec_10__para_2' },
  { input: 'Preface ¶3', id: 'policy-paper__preface__para_3' },
  { input: 'policy-paper__pt_1__para_2', id: 'policy-paper__pt_1__para_2' },
  { input: 'Development Program (18)', error: true },
  { input: '<img src=x onerror="window.__injected=1">', error: true },
];

test('go to citation resolves every form, and shows the parser’s error with clickable suggestions', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  for (const { input, id, error } of CITATIONS) {
    await page.fill('#goto-input', input);
    await page.press('#goto-input', 'Enter');
    if (id) {
      await page.waitForFunction((target) => document.getElementById(target)?.classList.contains('target'), id, { timeout: 5000 });
      assert.ok(await inViewport(page, `[id="${id}"]`), `${input}: scrolled to ${id}`);
      assert.match(await page.textContent('#goto-result'), /Found/, `${input}: says it was found`);
      assert.equal(await page.$eval('#cite-panel', (panel) => panel.querySelector('.selected-title') !== null), true, `${input}: the clause is selected for citing`);
      assert.match(page.url(), new RegExp(`[?&]cite=${id}(&|$)`), `${input}: the selection is in the URL`);
    } else {
      await page.waitForSelector('#goto-result.error');
      const message = await page.textContent('#goto-result .error-message');
      let expected;
      try {
        await page.evaluate(async (reference) => {
          const { open } = await import('/reader/api.js');
          (await open()).lookup(reference);
        }, input);
      } catch (thrown) {
        expected = thrown.message;
      }
      assert.ok(expected, `${input}: the parser rejects it`);
      assert.ok(expected.includes(message.replace(/^Not found: /, '')), `${input}: the parser’s own message is shown (${message})`);
    }
  }
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'no markup from the input ran');
  // Suggestions that are citations are buttons that resolve them; hints are shown as text.
  await page.fill('#goto-input', '(9)');
  await page.press('#goto-input', 'Enter');
  await page.waitForSelector('#goto-result .suggestion');
  assert.deepEqual(await page.$$eval('#goto-result .suggestion', (nodes) => nodes.map((node) => node.textContent)), ['Solidarity Program (9)', 'Development Program (9)']);
  await page.click('#goto-result .suggestion >> text=Development Program (9)');
  await page.waitForFunction(() => document.getElementById('policy-paper__pt_3__prog_2__sec_9')?.classList.contains('target'));
  assert.equal(await page.inputValue('#goto-input'), 'Development Program (9)');
  await page.fill('#goto-input', 'Development Program (18)');
  await page.press('#goto-input', 'Enter');
  await page.waitForSelector('#goto-result .suggestion-hint');
  assert.match(await page.textContent('#goto-result .suggestion-hint'), /\(1\)–\(17\)/);
  assert.equal(await page.$$eval('#goto-result .suggestion', (nodes) => nodes.length), 0, 'a hint is not offered as a citation');
  await finish(opened);
});

test('citing a clause gives every style, the permalink, and says when there is no source URL', async () => {
  const opened = await openReader('/?cite=policy-paper__pt_3__prog_2__sec_10__para_2');
  const { page } = opened;
  await page.waitForSelector('#cite-panel [data-output="snippet"]');
  const api = await page.evaluate(async () => {
    const { open } = await import('/reader/api.js');
    const corpus = await open();
    const styles = ['chicago', 'apa', 'mla', 'gbt7714', 'bibtex', 'ris', 'csl-json'];
    return Object.fromEntries(styles.map((style) => [style, corpus.cite('policy-paper__pt_3__prog_2__sec_10__para_2', { style, version: 'en' })]));
  });
  for (const [style, text] of Object.entries(api)) {
    assert.equal(await page.textContent(`#cite-panel [data-output="${style}"] pre`), text, `${style} citation`);
  }
  assert.equal(await page.textContent('#cite-panel [data-output="permalink"] pre'), new URL('/#policy-paper__pt_3__prog_2__sec_10__para_2', shared.site.url).href);
  for (const version of ['zh', 'en']) {
    const url = await page.evaluate(async (id) => {
      const { open } = await import('/reader/api.js');
      return (await open()).documents()[0].versions.find((item) => item.id === id).url;
    }, version);
    const shown = await page.textContent(`#cite-panel [data-output="fragment-${version}"]`);
    if (url) assert.match(shown, /#:~:text=/);
    else assert.match(shown, /No source URL/);
  }
  await finish(opened);
});

/** The text a reader sees in a card: its shadow tree with slotted light DOM, visible nodes only. */
function renderedCardText(page, selector) {
  return page.$eval(selector, (host) => {
    const parts = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        parts.push(node.data);
        return;
      }
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return;
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden') return;
        if (node.localName === 'slot') {
          for (const assigned of node.assignedNodes({ flatten: true })) walk(assigned);
          return;
        }
        if (node.shadowRoot) {
          walk(node.shadowRoot);
          return;
        }
      }
      for (const child of node.childNodes) walk(child);
    };
    walk(host);
    return parts.join('').replace(/\s+/g, ' ').trim();
  });
}

/** Serves `html` as a fresh page at `path` on the site's origin (nothing is written to disk). */
async function blankPage(contextOptions, path, html) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 900, height: 900 }, ...contextOptions });
  const url = new URL(path, shared.site.url).href;
  // The snippet loads the widget from the public CDN: answer that address from the packed package.
  await routePublicCdn(context);
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(url);
  return { context, page };
}

const SNIPPETS = [
  { name: 'clause', query: '?cite=policy-paper__pt_3__prog_2__sec_10__para_2' },
  { name: 'range', query: '?cite=policy-paper__pt_3__prog_2__sec_9__para_1&to=policy-paper__pt_3__prog_2__sec_9__para_3&wv=en,zh&layout=side-by-side' },
  { name: 'sentence', query: '?cite=policy-paper__preface__para_3&s=2&cv=en&layout=compact' },
  { name: 'commentary', query: '?cite=cmt__para_3&wv=zh,en-blog' },
];

test('the embed snippet pasted into a blank page shows the same card as the preview', { skip: !existsSync(widgetBundle) && 'www/dist/clause-cite.js is not built' }, async () => {
  for (const { name, query } of SNIPPETS) {
    const opened = await openReader(`/${query}`);
    const { page } = opened;
    await page.waitForSelector('#cite-preview clause-cite', { state: 'attached' });
    // The card upgrades lazily, when it comes into view.
    await page.$eval('#cite-preview', (node) => node.scrollIntoView({ block: 'center' }));
    await page.$eval('#cite-preview clause-cite', (element) => element.ready);
    assert.ok(await page.$eval('#cite-preview clause-cite', (element) => element.matches(':state(card)')), `${name}: the preview upgraded into a card`);
    const preview = await renderedCardText(page, '#cite-preview clause-cite');
    const snippet = await page.textContent('#cite-panel [data-output="snippet"] pre');
    await page.locator('#cite-preview').screenshot({ path: `${artifacts}reader-preview-${name}.png` });

    const pasted = await blankPage({}, `/__reader_test__/${name}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pasted snippet</title></head><body><main>\n${snippet}\n</main></body></html>`);
    await pasted.page.waitForSelector('clause-cite', { state: 'attached' });
    await pasted.page.$eval('clause-cite', (element) => element.ready);
    assert.ok(await pasted.page.$eval('clause-cite', (element) => element.matches(':state(card)')), `${name}: the pasted snippet upgraded into a card`);
    const card = await renderedCardText(pasted.page, 'clause-cite');
    assert.equal(card, preview, `${name}: the pasted card reads exactly as the preview`);
    await pasted.page.screenshot({ path: `${artifacts}reader-pasted-${name}.png` });
    await finish(pasted);
    await finish(opened);
  }
});

test('the snippet’s fallback alone (JavaScript off) shows the exact text and the citation', async () => {
  for (const { name, query } of SNIPPETS) {
    const opened = await openReader(`/${query}`);
    const { page } = opened;
    await page.waitForSelector('#cite-panel [data-output="snippet"] pre');
    const snippet = await page.textContent('#cite-panel [data-output="snippet"] pre');
    const selection = new URLSearchParams(query);
    const expected = await page.evaluate(async ({ id, end, sentence, versions, citeVersion }) => {
      const { open } = await import('/reader/api.js');
      const corpus = await open();
      const document = corpus.document(corpus.lookup(id).document);
      const start = document.clauses.findIndex((clause) => clause.id === id);
      const last = end ? document.clauses.findIndex((clause) => clause.id === end) : start;
      const clauses = document.clauses.slice(start, last + 1).filter((clause) => clause.kind === 'paragraph');
      const chosen = sentence ? [citeVersion] : versions;
      return chosen.map((version) => ({
        version,
        text: sentence ? clauses[0].sentences[version][sentence - 1] : clauses.map((clause) => clause.texts[version]).join(' '),
      }));
    }, {
      id: selection.get('cite'),
      end: selection.get('to'),
      sentence: Number(selection.get('s')) || null,
      versions: (selection.get('wv') || 'zh,en').split(','),
      citeVersion: selection.get('cv') || 'en',
    });
    const citation = await page.$eval('#cite-preview clause-cite > p > cite', (node) => node.textContent);
    await finish(opened);

    const pasted = await blankPage({ javaScriptEnabled: false }, `/__reader_test__/nojs-${name}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No JavaScript</title></head><body>\n${snippet}\n</body></html>`);
    const { page: blank } = pasted;
    const quotes = await blank.$$eval('clause-cite > blockquote', (nodes) => nodes.map((node) => ({ lang: node.lang, text: node.innerText })));
    const normalise = (text) => text.replace(/\s+/g, ' ').trim();
    assert.deepEqual(quotes.map((quote) => normalise(quote.text)), expected.map((quote) => normalise(quote.text)), `${name}: the fallback quotes the exact text of each version`);
    const shownCitation = await blank.$eval('clause-cite > p > cite', (node) => node.innerText);
    assert.equal(shownCitation, citation, `${name}: the fallback carries the citation`);
    assert.ok(citation.length > 10);
    assert.ok(await blank.$eval('clause-cite > blockquote', (node) => node.getBoundingClientRect().height > 0), `${name}: the fallback is visible`);
    await blank.screenshot({ path: `${artifacts}reader-fallback-${name}.png` });
    await finish(pasted);
  }
});

test('the snippet escapes text and attributes', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  const html = await page.evaluate(async () => {
    const { snippetHtml } = await import('/reader/snippet.js');
    return snippetHtml({
      scriptUrl: 'https://example.org/dist/clause-cite.js?a=1&b="2"',
      ref: 'x" onmouseover="alert(1)',
      versions: ['en'],
      layout: 'stacked',
      sentence: null,
      quotes: [{ version: 'en', lang: 'en', source: 'https://example.org/?q=<script>', text: 'R&D <script>alert(1)</script> "quoted"' }],
      citation: 'A & B <b>',
    });
  });
  assert.ok(html.includes('ref="x&quot; onmouseover=&quot;alert(1)"'));
  assert.ok(html.includes('R&amp;D &lt;script&gt;alert(1)&lt;/script&gt; "quoted"'));
  assert.ok(html.includes('<cite>A &amp; B &lt;b&gt;</cite>'));
  assert.ok(html.includes('cite="https://example.org/?q=&lt;script&gt;"'));
  await finish(opened);
});

test('the reader’s choices are kept in the URL and restored from it', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  // The default order is the reader's language first (English here): en, zh, en-blog.
  await page.uncheck('#col-en-blog');
  await page.click('#col-left-zh');
  assert.deepEqual(await page.$$eval('[id="policy-paper__pt_1__para_1"] .cell', (cells) => cells.map((cell) => cell.dataset.version)), ['zh', 'en']);
  await page.click('[id="policy-paper__pt_1__para_1"] .cite-button');
  await page.check('#layout-compact');
  const shared = page.url();
  assert.match(shared, /[?&]v=zh%2Cen|[?&]v=zh,en/);
  await finish(opened);

  const again = await openReader(new URL(shared).pathname + new URL(shared).search);
  assert.deepEqual(await again.page.$$eval('[id="policy-paper__pt_1__para_1"] .cell', (cells) => cells.map((cell) => cell.dataset.version)), ['zh', 'en']);
  assert.ok(await again.page.isChecked('#layout-compact'));
  assert.match(await again.page.textContent('#cite-panel .selected-title'), /Part I ¶1/);
  await finish(again);
});

test('on a narrow screen one version is shown at a time, chosen with the version switch', async () => {
  const opened = await openReader('/#policy-paper__pt_3__prog_2__sec_9__para_3', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const { page } = opened;
  const visible = () => page.$$eval('[id="policy-paper__pt_3__prog_2__sec_9__para_3"] .cell', (cells) => cells.filter((cell) => cell.offsetParent !== null).map((cell) => cell.dataset.version));
  // An English reader sees the English translation first (the reader's language, issue 13).
  assert.deepEqual(await visible(), ['en']);
  assert.ok(await inViewport(page, '[id="policy-paper__pt_3__prog_2__sec_9__para_3"]'), 'the permalinked clause is in view on a phone');
  assert.equal(await page.$eval('.contents-disclosure', (node) => node.open), false, 'the contents are folded on a phone');
  assert.ok(await page.isVisible('#single-version'));
  await page.selectOption('#single-version', 'zh');
  assert.deepEqual(await visible(), ['zh']);
  assert.ok(await inViewport(page, '[id="policy-paper__pt_3__prog_2__sec_9__para_3"]'), 'switching versions keeps the reader’s place');
  assert.match(page.url(), /[?&]one=zh/);
  // Citing moves to the cite panel; its "Back to the text" link returns to the clause.
  await page.click('[id="policy-paper__pt_3__prog_2__sec_9__para_3"] .cite-button');
  await page.waitForSelector('#cite-panel .back-to-text');
  assert.ok(!(await inViewport(page, '[id="policy-paper__pt_3__prog_2__sec_9__para_3"]')), 'the cite panel was brought into view');
  await page.click('#cite-panel .back-to-text');
  await page.waitForFunction(() => {
    const box = document.getElementById('policy-paper__pt_3__prog_2__sec_9__para_3').getBoundingClientRect();
    return box.bottom > 0 && box.top < window.innerHeight;
  });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  await page.screenshot({ path: `${artifacts}reader-narrow.png` });
  await finish(opened);
});

test('once loaded the reader works offline: search, look-up and citing need no network', async () => {
  const opened = await openReader('/');
  const { context, page } = opened;
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await context.setOffline(true);
  await page.fill('#goto-input', 'Development Program (10) ¶2');
  await page.press('#goto-input', 'Enter');
  await page.waitForSelector('#goto-result .resolved');
  await page.fill('#search-input', 'sponge cities');
  await page.waitForSelector('#search-results .hit');
  await page.waitForSelector('#cite-panel [data-output="snippet"]');
  assert.deepEqual(requests.filter((url) => !url.startsWith('data:')), [], 'no request was made after loading');
  await context.setOffline(false);
  await finish(opened);
});

test('keyboard: skip link, citing with Enter, focus kept on the control that changed', async () => {
  const opened = await openReader('/');
  const { page } = opened;
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.focus('[id="policy-paper__pt_2__para_2"] .cite-button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#cite-panel .selected-title');
  assert.match(await page.textContent('#cite-panel .selected-title'), /Part II ¶2/);
  await page.focus('#layout-side-by-side');
  await page.keyboard.press('Space');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'layout-side-by-side', 'focus stays on the layout choice after the panel updates');
  // Landmarks a screen reader lists.
  const landmarks = await page.evaluate(() => ({
    main: document.querySelectorAll('main').length,
    navigation: [...document.querySelectorAll('nav')].map((node) => node.getAttribute('aria-label')),
    search: document.querySelectorAll('[role="search"]').length,
    complementary: document.querySelectorAll('aside[aria-label]').length,
  }));
  assert.deepEqual(landmarks, { main: 1, navigation: ['Site', 'Table of contents'], search: 2, complementary: 1 });
  await finish(opened);
});

test('light and dark screenshots, and the page links to the demo post', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const opened = await openReader('/?cite=pt_3__prog_2__sec_10__para_2#policy-paper__pt_3__prog_2__sec_10', { colorScheme });
    const { page } = opened;
    assert.equal(await page.getAttribute('a[href="demo/"]', 'href'), 'demo/');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    if (colorScheme === 'dark') assert.ok(r + g + b < 200, `dark background (${background})`);
    else assert.ok(r + g + b > 600, `light background (${background})`);
    await page.screenshot({ path: `${artifacts}reader-${colorScheme}.png` });
    await finish(opened);
  }
});
