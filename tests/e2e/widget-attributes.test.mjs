// Every attribute of <clause-cite>, valid and invalid, as one table run by one check: a valid
// value changes the card as documented; a wrong one leaves a visible note in the card naming the
// attribute and what is valid, a console message, a `clause-cite:error` event, and the default.
// Also: attribute changes are observed, the UI language follows the nearest lang, and a bad ref
// keeps the author's fallback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, launchBrowser, openPage } from './harness.mjs';
import { cardInfo } from './widget-helpers.mjs';

let site;
let browser;
let context;
let page;

before(async () => {
  site = await startSite();
  browser = await launchBrowser();
  ({ context, page } = await openPage(browser, { viewport: { width: 1200, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] }));
  page.warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') page.warnings.push(message.text());
  });
  await page.goto(new URL('test-pages/blank.html', site.url).href);
  await page.evaluate(() => customElements.whenDefined('clause-cite'));
});

after(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
});

const BEIDOU = 'policy-paper__pt_3__prog_2__sec_10__para_2';

/** Puts one card with `attributes` (and an author fallback) on the page and waits for it. */
async function place(attributes, wrapperLang = null) {
  return page.evaluate(
    async ({ attributes, wrapperLang }) => {
      const post = document.querySelector('#post');
      post.replaceChildren();
      const holder = document.createElement('div');
      if (wrapperLang) holder.setAttribute('lang', wrapperLang);
      const element = document.createElement('clause-cite');
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      const quote = document.createElement('blockquote');
      quote.textContent = 'The author quote.';
      const line = document.createElement('p');
      line.append('— ', Object.assign(document.createElement('cite'), { textContent: 'The author citation' }));
      element.append(quote, line);
      window.__events = [];
      for (const name of ['upgraded', 'error']) element.addEventListener(`clause-cite:${name}`, (event) => window.__events.push({ name, detail: event.detail }));
      holder.append(element);
      post.append(holder);
      await element.ready;
      return true;
    },
    { attributes, wrapperLang },
  );
}

// Each row: the attributes, what the card must show, and (for wrong values) the attribute the
// note names and a pattern the note must match.
const cases = [
  { name: 'ref by id', attributes: { ref: BEIDOU }, expect: { upgraded: true, clause: BEIDOU, shown: ['zh', 'en'] } },
  { name: 'ref in official numbering', attributes: { ref: 'Development Program (10) ¶2' }, expect: { upgraded: true, clause: BEIDOU } },
  { name: 'ref in Chinese numbering', attributes: { ref: '发展工程(十)第2段' }, expect: { upgraded: true, clause: BEIDOU } },
  // A missing ref is the author's mistake: the reader's note is one plain line, the console
  // says what is wrong and what is valid.
  { name: 'ref missing', attributes: {}, expect: { upgraded: false, note: /does not name its source/, console: /ref attribute is missing/, errorAttribute: 'ref' } },
  { name: 'ref unknown', attributes: { ref: 'Development Program (99) ¶1' }, expect: { upgraded: false, note: /could not be found/, errorAttribute: 'ref' } },
  { name: 'versions in order', attributes: { ref: BEIDOU, versions: 'en zh' }, expect: { upgraded: true, shown: ['en', 'zh'] } },
  { name: 'versions: the blog translation alone', attributes: { ref: BEIDOU, versions: 'en-blog' }, expect: { upgraded: true, shown: ['en-blog'] } },
  { name: 'versions: unknown id left out', attributes: { ref: BEIDOU, versions: 'fr en' }, expect: { upgraded: true, shown: ['en'], note: /"fr" is not a version.*zh, en, en-blog/, errorAttribute: 'versions' } },
  { name: 'versions: nothing usable gives the default', attributes: { ref: BEIDOU, versions: 'fr de' }, expect: { upgraded: true, shown: ['zh', 'en'], note: /names no usable version/, errorAttribute: 'versions' } },
  { name: 'versions: a version of another document', attributes: { ref: 'cmt__para_5', versions: 'en zh' }, expect: { upgraded: true, shown: ['zh'], note: /"en" is not a version of this document; the valid versions are zh, en-blog/, errorAttribute: 'versions' } },
  { name: 'versions default for the commentary', attributes: { ref: 'cmt__para_5' }, expect: { upgraded: true, shown: ['zh', 'en-blog'] } },
  { name: 'layout stacked', attributes: { ref: BEIDOU, layout: 'stacked' }, expect: { upgraded: true, cardClass: /layout-stacked/ } },
  { name: 'layout side-by-side', attributes: { ref: BEIDOU, layout: 'side-by-side' }, expect: { upgraded: true, cardClass: /layout-side-by-side/, sideBySide: true } },
  { name: 'layout compact shows one version', attributes: { ref: BEIDOU, layout: 'compact' }, expect: { upgraded: true, cardClass: /layout-compact/, shown: ['zh'] } },
  { name: 'layout wrong', attributes: { ref: BEIDOU, layout: 'grid' }, expect: { upgraded: true, cardClass: /layout-stacked/, note: /layout="grid" is not a layout; use stacked, side-by-side or compact/, errorAttribute: 'layout' } },
  { name: 'sentence 2', attributes: { ref: BEIDOU, versions: 'en', sentence: '2' }, expect: { upgraded: true, quote: /^China is ready to explore.*BeiDou application\.$/, citation: /sentence 2/ } },
  { name: 'sentence range', attributes: { ref: BEIDOU, versions: 'en', sentence: '1-2' }, expect: { upgraded: true, quote: /^China welcomes.*application\.$/ } },
  { name: 'sentence 2 of the official translation quotes the sentences of the original that say the same', attributes: { ref: 'Preface ¶1', versions: 'en zh en-blog', sentence: '2' }, expect: { upgraded: true, quotes: [/^The Global South stands out with a strong momentum.*human progress\.$/, /^当前世界百年未有之大变局.*越来越重要的作用。$/, /^The world is currently undergoing profound changes.*human progress\.$/] } },
  { name: 'sentence out of range', attributes: { ref: BEIDOU, versions: 'en', sentence: '9' }, expect: { upgraded: true, note: /sentence="9" is not a sentence of this clause; use a number or a range from 1 to 2/, errorAttribute: 'sentence' } },
  { name: 'sentence not a number', attributes: { ref: BEIDOU, sentence: 'first' }, expect: { upgraded: true, note: /sentence="first"/, errorAttribute: 'sentence' } },
  { name: 'theme dark', attributes: { ref: BEIDOU, theme: 'dark' }, expect: { upgraded: true, cardClass: /theme-dark/, dark: true } },
  { name: 'theme light', attributes: { ref: BEIDOU, theme: 'light' }, expect: { upgraded: true, cardClass: /theme-light/, dark: false } },
  { name: 'theme wrong', attributes: { ref: BEIDOU, theme: 'purple' }, expect: { upgraded: true, cardClass: /theme-auto/, note: /theme="purple" is not a theme; use auto, light or dark/, errorAttribute: 'theme' } },
  { name: 'corpus that cannot be loaded', attributes: { ref: BEIDOU, corpus: '/test-pages/missing.ccc' }, expect: { upgraded: false, note: /the corpus at "\/test-pages\/missing.ccc" could not be loaded/, errorAttribute: 'corpus' } },
  { name: 'citation-style apa', attributes: { ref: BEIDOU, 'citation-style': 'apa' }, expect: { upgraded: true, style: 'apa' } },
  { name: 'citation-style wrong', attributes: { ref: BEIDOU, 'citation-style': 'harvard' }, expect: { upgraded: true, style: 'chicago', note: /citation-style="harvard" is not a style/, errorAttribute: 'citation-style' } },
  { name: 'reader not a web URL', attributes: { ref: BEIDOU, reader: 'javascript:alert(1)' }, expect: { upgraded: true, note: /reader="javascript:alert\(1\)" is not a URL/, errorAttribute: 'reader' } },
  { name: 'loading wrong', attributes: { ref: BEIDOU, loading: 'soon' }, expect: { upgraded: true, note: /loading="soon" is not valid; use lazy or eager/, errorAttribute: 'loading' } },
];

async function check(row) {
  const warningsBefore = page.warnings.length;
  const problemsBefore = page.problems.length;
  await place(row.attributes);
  const info = await cardInfo(page, '#post clause-cite');
  const events = await page.evaluate(() => window.__events);
  const expect = row.expect;
  assert.equal(info.upgraded, expect.upgraded, `${row.name}: upgraded`);
  if (expect.clause) assert.equal(info.clause, expect.clause, `${row.name}: clause`);
  if (expect.shown) assert.deepEqual(info.shown, expect.shown, `${row.name}: versions shown`);
  if (expect.shown) assert.deepEqual(info.quotes.map((quote) => quote.version), expect.shown, `${row.name}: one light-DOM quote per version`);
  if (expect.cardClass) assert.match(info.cardClass, expect.cardClass, `${row.name}: card class`);
  if (expect.quote) assert.match(info.quotes[0].text, expect.quote, `${row.name}: quoted text`);
  if (expect.quotes) expect.quotes.forEach((pattern, index) => assert.match(info.quotes[index]?.text ?? '', pattern, `${row.name}: quote ${index + 1}`));
  if (expect.citation) assert.match(info.citation, expect.citation, `${row.name}: citation line`);
  if (expect.style) assert.equal(info.styleValue, expect.style, `${row.name}: citation style`);
  if (expect.upgraded === false) assert.ok(info.fallbackVisible, `${row.name}: the author's fallback is shown`);
  if (expect.sideBySide !== undefined) {
    const lefts = await page.evaluate(() => [...document.querySelector('#post clause-cite').shadowRoot.querySelectorAll('.version')].map((version) => Math.round(version.getBoundingClientRect().left)));
    assert.equal(new Set(lefts).size, 2, `${row.name}: the two versions stand in two columns (${lefts})`);
  }
  if (expect.dark !== undefined) {
    const background = await page.evaluate(() => getComputedStyle(document.querySelector('#post clause-cite').shadowRoot.querySelector('.card')).backgroundColor);
    const [r, g, b] = background.match(/\d+/g).map(Number);
    assert.equal(0.2126 * r + 0.7152 * g + 0.0722 * b < 100, expect.dark, `${row.name}: background ${background}`);
  }
  if (expect.note) {
    assert.ok(info.notes.some((note) => expect.note.test(note)), `${row.name}: a visible note matches ${expect.note} (notes: ${JSON.stringify(info.notes)})`);
    const printed = [...page.warnings.slice(warningsBefore), ...page.problems.slice(problemsBefore)];
    const printedPattern = expect.console ?? expect.note;
    assert.ok(printed.some((message) => printedPattern.test(message)), `${row.name}: the console says it too (${JSON.stringify(printed)})`);
    assert.ok(events.some((event) => event.name === 'error' && event.detail.attribute === expect.errorAttribute), `${row.name}: a clause-cite:error event names ${expect.errorAttribute}`);
  } else {
    assert.deepEqual(info.notes, [], `${row.name}: no notes`);
    assert.equal(page.problems.length, problemsBefore, `${row.name}: no console errors`);
  }
  if (expect.upgraded) assert.ok(events.some((event) => event.name === 'upgraded' && event.detail.id === info.clause), `${row.name}: clause-cite:upgraded fired`);
}

for (const row of cases) {
  test(`attribute: ${row.name}`, () => check(row));
}

test('attribute changes are observed: a new ref and new versions re-render the card', async () => {
  await place({ ref: BEIDOU });
  await page.evaluate(() => document.querySelector('#post clause-cite').setAttribute('ref', 'policy-paper__preface__para_3'));
  await page.waitForFunction(() => document.querySelector('#post clause-cite').clause?.id === 'policy-paper__preface__para_3');
  await page.evaluate(() => document.querySelector('#post clause-cite').setAttribute('versions', 'en-blog en'));
  await page.waitForFunction(() => document.querySelector('#post clause-cite').shownVersions.join(' ') === 'en-blog en');
  const info = await cardInfo(page, '#post clause-cite');
  assert.deepEqual(info.quotes.map((quote) => quote.version), ['en-blog', 'en']);
  assert.match(info.divergence, /split/);
  // A wrong value set later shows its note; setting it right removes the note.
  await page.evaluate(() => document.querySelector('#post clause-cite').setAttribute('layout', 'bogus'));
  await page.waitForFunction(() => document.querySelector('#post clause-cite').shadowRoot.querySelectorAll('.note').length === 1);
  await page.evaluate(() => document.querySelector('#post clause-cite').setAttribute('layout', 'compact'));
  await page.waitForFunction(() => document.querySelector('#post clause-cite').shadowRoot.querySelectorAll('.note').length === 0);
  page.warnings.length = 0;
});

test('the UI language follows the nearest lang: Chinese strings and GB/T 7714 by default', async () => {
  await place({ ref: BEIDOU }, 'zh-Hans');
  const info = await cardInfo(page, '#post clause-cite');
  assert.equal(info.copyLabel, '复制引文');
  assert.equal(info.styleValue, 'gbt7714');
  assert.match(info.citation, /发展工程\(十\)第2段|发展工程(十)第2段/);
  await place({ ref: BEIDOU, layout: 'grid' }, 'zh-Hans');
  const wrong = await cardInfo(page, '#post clause-cite');
  assert.ok(wrong.notes.some((note) => /不是有效的布局/.test(note)), 'the note is in Chinese');
});

test('the card exposes parts and custom properties for theming', async () => {
  await place({ ref: BEIDOU });
  const colour = await page.evaluate(() => {
    const element = document.querySelector('#post clause-cite');
    element.style.setProperty('--clause-cite-accent', 'rgb(0, 128, 0)');
    return getComputedStyle(element.shadowRoot.querySelector('.card')).borderInlineStartColor;
  });
  assert.equal(colour, 'rgb(0, 128, 0)');
  const parts = await page.evaluate(() => [...document.querySelector('#post clause-cite').shadowRoot.querySelectorAll('[part]')].flatMap((element) => element.getAttribute('part').split(' ')));
  for (const part of ['card', 'citation', 'actions', 'copy-citation', 'copy-link', 'open-source', 'switcher', 'version', 'role']) assert.ok(parts.includes(part), `part ${part}`);
});

test('a chosen sentence is cited as that sentence, in the version quoted first', async () => {
  for (const [versions, expected] of [['en', /Development Program \(10\) ¶2, sentence 2/], ['zh en', /发展工程\(十\)第2段第1句|sentence 1 of the original/]]) {
    await place({ ref: BEIDOU, versions, sentence: versions === 'en' ? '2' : '1' });
    await page.evaluate(() => document.querySelector('#post clause-cite').shadowRoot.querySelector('[part~="copy-citation"]').click());
    await page.waitForFunction(() => /copied/i.test(document.querySelector('#post clause-cite').shadowRoot.querySelector('[part="status"]').textContent));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copied, expected, `versions="${versions}": ${copied}`);
    const status = await page.evaluate(() => document.querySelector('#post clause-cite').shadowRoot.querySelector('[part="status"]').textContent);
    assert.doesNotMatch(status, /could not be formatted/, 'no fallback to the whole clause');
  }
});
