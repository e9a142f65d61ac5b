// The card's words and colours: every string it shows sits under the right `lang` (in a Chinese
// and in an English UI), theme="auto" follows the page's own colour scheme rather than the OS
// alone, and an invalid `ref` gives readers one plain line while the author's diagnostic (with
// its suggestions, once) goes to the console and the clause-cite:error event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSiteAndBrowser, openPage } from './harness.mjs';

const shared = useSiteAndBrowser();

/** Serves `body` (with the widget's script) as a page at `path` and opens it. */
async function pageWith(context, path, { head = '', body }) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`pageerror: ${error.message}`));
  const url = new URL(path, shared.site.url).href;
  await page.route(url, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test</title>${head}<script type="module" src="/dist/clause-cite.js"></script></head><body>${body}</body></html>`,
    }),
  );
  await page.goto(url);
  await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    await Promise.all([...document.querySelectorAll('clause-cite')].map((element) => element.ready));
  });
  return page;
}

const fallback = '<blockquote>The author quote.</blockquote><p>— <cite>The author citation</cite></p>';

/**
 * Every visible text node of a card (its shadow chrome and its slotted quotes), with the nearest
 * `lang` above it (through the shadow root to the host and the page).
 */
function visibleTexts(page, selector) {
  return page.$eval(selector, (host) => {
    const out = [];
    const langOf = (node) => {
      let current = node.parentElement ?? node.parentNode;
      while (current) {
        if (current.nodeType === Node.ELEMENT_NODE && current.hasAttribute('lang')) return current.getAttribute('lang');
        current = current.parentElement ?? (current.parentNode instanceof ShadowRoot ? current.parentNode.host : current.parentNode);
      }
      return '';
    };
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) {
        if (node.data.trim()) out.push({ text: node.data.trim(), lang: langOf(node) });
        return;
      }
      if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (['STYLE', 'SCRIPT', 'OPTION'].includes(node.tagName)) return;
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
    return out;
  });
}

/**
 * Text in Han characters must be under a zh tag; text with English words (four letters or more,
 * other than the names of citation styles) under an en tag; one text node must not mix them,
 * except that Chinese text may name a work in its own language inside title marks (《For Those
 * who Missed This》), as Chinese typography does.
 */
function mislabelled(texts) {
  const names = /\b(BibTeX|APA|MLA|GB\/T)\b/g;
  return texts.filter(({ text, lang }) => {
    const han = /\p{Script=Han}/u.test(text);
    const english = /[A-Za-z]{4,}/.test(text.replace(names, '').replace(han ? /《[^》]*》/g : /$^/g, ''));
    if (han && english) return true;
    if (han) return !/^zh/i.test(lang);
    if (english) return !/^en/i.test(lang);
    return false;
  });
}

test('every string a card shows carries its language tag, in a Chinese and in an English UI', async () => {
  const { context } = await openPage(shared.browser, { viewport: { width: 1000, height: 900 } });
  const body = (lang) => `<main lang="${lang}">
    <clause-cite id="whole" ref="Preface ¶3" versions="zh en en-blog" loading="eager">${fallback}</clause-cite>
    <clause-cite id="sentence" ref="Development Program (10) ¶2" versions="zh en" sentence="1" loading="eager">${fallback}</clause-cite>
  </main>`;
  for (const lang of ['zh-Hans', 'en']) {
    const page = await pageWith(context, `/__language_test__/${lang}.html`, { body: body(lang) });
    for (const id of ['whole', 'sentence']) {
      const texts = await visibleTexts(page, `#${id}`);
      assert.ok(texts.length > 10, `${lang} ${id}: the card shows its chrome (${texts.length} strings)`);
      const wrong = mislabelled(texts);
      assert.deepEqual(wrong, [], `${lang} ${id}: strings under the wrong lang: ${JSON.stringify(wrong)}`);
    }
    // The source line: the UI's label, and the corpus's value in the UI's language (the corpus
    // gives each version's source in English and in Chinese), marked as such.
    const source = await page.$eval('#whole', (host) => {
      const line = host.shadowRoot.querySelector('[part="source"]');
      return { text: line.textContent, valueLang: line.querySelector('span')?.getAttribute('lang') };
    });
    assert.match(source.text, lang === 'en' ? /^Source: / : /^来源:/);
    assert.match(source.valueLang ?? '', lang === 'en' ? /^en/ : /^zh/);
    assert.deepEqual(page.problems, []);
    await page.close();
  }
  await context.close();
});

test('an invalid ref: readers see one plain line; the console and the event carry the diagnostic and its suggestion once', async () => {
  const { context } = await openPage(shared.browser, { viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  const messages = [];
  page.on('console', (message) => messages.push(message.text()));
  await page.goto(new URL('test-pages/blank.html', shared.site.url).href);
  const result = await page.evaluate(async (fallback) => {
    await customElements.whenDefined('clause-cite');
    const element = document.createElement('clause-cite');
    element.setAttribute('ref', 'Developmnt Program (9) ¶3');
    element.innerHTML = fallback;
    const events = [];
    element.addEventListener('clause-cite:error', (event) => events.push(event.detail));
    document.querySelector('#post').append(element);
    await element.ready;
    return { notes: [...element.shadowRoot.querySelectorAll('.note')].map((note) => note.textContent), events };
  }, fallback);
  assert.equal(result.notes.length, 1, `one line for readers (${JSON.stringify(result.notes)})`);
  const [note] = result.notes;
  assert.match(note, /could not be found/);
  assert.doesNotMatch(note, /did you mean|try:|clause-cite:|ref=/i, `the reader's line is plain (${note})`);
  const logged = messages.filter((message) => message.startsWith('clause-cite:'));
  assert.equal(logged.length, 1, `one console message (${JSON.stringify(logged)})`);
  const occurrences = (text) => text.split('Development Program (9) ¶3').length - 1;
  assert.equal(occurrences(logged[0]), 1, `the console names the suggestion once: ${logged[0]}`);
  assert.match(logged[0], /did you mean/);
  assert.equal(result.events.length, 1);
  assert.equal(result.events[0].code, 'unknown-citation');
  assert.equal(occurrences(result.events[0].message), 1, `the event names the suggestion once: ${result.events[0].message}`);
  await context.close();
});

const background = (page, selector) =>
  page.$eval(selector, (host) => {
    const [r, g, b] = getComputedStyle(host.shadowRoot.querySelector('.card')).backgroundColor.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100 ? 'dark' : 'light';
  });

const THEME_CASES = [
  { name: 'a light-only page (no color-scheme) on a dark OS', os: 'dark', head: '', body: '', expect: 'light' },
  { name: 'a page declaring "light dark" on a dark OS', os: 'dark', head: '<meta name="color-scheme" content="light dark">', body: '', expect: 'dark' },
  { name: 'a page declaring "light dark" on a light OS', os: 'light', head: '<meta name="color-scheme" content="light dark">', body: '', expect: 'light' },
  { name: 'color-scheme on the root element, dark OS', os: 'dark', head: '<style>:root { color-scheme: light dark; }</style>', body: '', expect: 'dark' },
  { name: 'a dark background with no declaration, light OS', os: 'light', head: '<style>body { background: #15161a; color: #eee; }</style>', body: '', expect: 'dark' },
  { name: 'a page declaring "light dark" whose own background stays white, dark OS', os: 'dark', head: '<meta name="color-scheme" content="light dark"><style>body { background: #ffffff; }</style>', body: '', expect: 'light' },
  { name: 'theme="dark" forces dark on a light-only page', os: 'light', head: '', body: ' theme="dark"', expect: 'dark' },
  { name: 'theme="light" forces light on a dark page', os: 'dark', head: '<meta name="color-scheme" content="dark">', body: ' theme="light"', expect: 'light' },
];

test('theme="auto" follows the page’s own colour scheme; light and dark force one', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context } = await openPage(shared.browser, { viewport: { width: 1000, height: 700 }, colorScheme });
    for (const [index, row] of THEME_CASES.entries()) {
      if (row.os !== colorScheme) continue;
      const page = await pageWith(context, `/__theme_test__/${index}.html`, { head: row.head, body: `<clause-cite ref="Preface ¶1" loading="eager"${row.body}>${fallback}</clause-cite>` });
      assert.equal(await background(page, 'clause-cite'), row.expect, row.name);
      await page.close();
    }
    await context.close();
  }
  // The Blogger-like test page is light only: on a dark OS its cards stay light.
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1000, height: 700 }, colorScheme: 'dark' });
  await page.goto(new URL('test-pages/blogger.html', shared.site.url).href);
  await page.$eval('clause-cite', (element) => element.ready);
  assert.equal(await background(page, 'clause-cite'), 'light', 'the Blogger-like page’s card is light on a dark OS');
  // A page that declares both follows the OS as it changes.
  const declared = await pageWith(context, '/__theme_test__/switch.html', { head: '<meta name="color-scheme" content="light dark">', body: `<clause-cite ref="Preface ¶1" loading="eager">${fallback}</clause-cite>` });
  assert.equal(await background(declared, 'clause-cite'), 'dark');
  await declared.emulateMedia({ colorScheme: 'light' });
  await declared.waitForFunction(() => {
    const [r, g, b] = getComputedStyle(document.querySelector('clause-cite').shadowRoot.querySelector('.card')).backgroundColor.match(/\d+/g).map(Number);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 100;
  });
  assert.equal(await background(declared, 'clause-cite'), 'light', 'the card turned light with the OS');
  await context.close();
});
