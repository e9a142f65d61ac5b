// The widget reading a library (issue 16): a card with a `library` attribute fetches the catalog
// and the shard of the document it cites and nothing else; auto-linking fetches the outline and
// no document until a popup opens; `<clause-search library>` shows results; a missing shard
// fails only the cards of its document, with a message naming the file, while the others render.
//
// The library is the test library (scripts/build-test-library.mjs: the default corpus and the
// three test documents), served with the posts by one server, as a blog that hosts its library;
// the widget comes from the test site, another origin, as from a CDN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSiteAndBrowser, openPage } from './harness.mjs';
import { listen } from '../../scripts/serve.mjs';
import { buildTestLibrary } from '../../scripts/build-test-library.mjs';

const shared = useSiteAndBrowser();
let folder;
let library;
const requests = [];
/** The posts the library's server serves, by path. */
const pages = new Map();
/** `/gated/` holds its catalog back until another file is asked for (or 3 s pass), recording which came first. */
const gate = { waiting: null, openedBy: [] };

before(async () => {
  folder = buildTestLibrary(mkdtempSync(join(tmpdir(), 'clause-cite-e2e-library-')));
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    requests.push(path);
    if (path === '/gated/catalog.ccl') {
      gate.openedBy.push(
        await new Promise((resolve) => {
          gate.waiting = resolve;
          setTimeout(() => resolve('timeout'), 3000);
        }),
      );
    } else if (path.startsWith('/gated/')) {
      gate.waiting?.(path.replace(/^\/gated\//, ''));
    }
    response.setHeader('access-control-allow-origin', '*');
    if (pages.has(path)) {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(pages.get(path));
      return;
    }
    const [, prefix, ...rest] = path.split('/');
    const name = rest.join('/');
    // /broken/ is the same library with the law's shard missing.
    if (prefix === 'broken' && name.startsWith('documents/urban-renewal-law.')) {
      response.statusCode = 404;
      response.end('not found');
      return;
    }
    try {
      const bytes = readFileSync(join(folder, name));
      response.setHeader('content-type', 'application/octet-stream');
      response.end(bytes);
    } catch {
      response.statusCode = 404;
      response.end('not found');
    }
  });
  const { server: listening, url } = await listen(server, 19200 + Math.floor(Math.random() * 500));
  library = { url, close: () => new Promise((resolve) => listening.close(resolve)) };
});

after(async () => {
  await library?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const shard = (prefix) => readdirSync(join(folder, 'documents')).find((name) => name.startsWith(`${prefix}.`));

/** A post on the library's origin, loading the widget from the test site (another origin). */
async function post(page, body, path = '/posts/library-post.html') {
  const widget = new URL('/dist/clause-cite.js', shared.site.url).href;
  pages.set(path, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>A post citing a library</title>
<script type="module" src="${widget}"></script></head><body><main>${body}</main></body></html>`);
  await page.goto(new URL(path, library.url).href);
}

/** The library's folder on its server, as a card's `library` attribute names it. */
const at = (prefix) => new URL(`${prefix}/`, library.url).href;

const libraryRequests = (since) => requests.slice(since).filter((path) => !path.endsWith('favicon.ico') && !path.startsWith('/posts/'));

test('a card reading a library fetches the catalog and its own document, nothing else', { timeout: 60_000 }, async () => {
  const { context, page } = await openPage(shared.browser);
  const since = requests.length;
  await post(page, `<clause-cite library="${at('good')}" ref="Urban Renewal Law Art. 5" loading="eager">
  <blockquote lang="en">An article of the Urban Renewal Law.</blockquote></clause-cite>`);
  const result = await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    const card = document.querySelector('clause-cite');
    const ready = await card.ready;
    return { ready, id: card.card?.id ?? null, shown: card.shownVersions, text: [...card.querySelectorAll('[data-clause-cite-text]')].map((node) => node.textContent.slice(0, 40)) };
  });
  assert.equal(result.ready, true, JSON.stringify({ result, problems: page.problems }));
  assert.equal(result.id, 'urban-renewal-law__ch_1__art_5');
  assert.ok(result.text.length >= 1 && result.text.every((text) => text.length > 0), JSON.stringify(result));
  assert.deepEqual(libraryRequests(since).sort(), ['/good/catalog.ccl', `/good/documents/${shard('urban-renewal-law')}`].sort());
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a card’s prefetch attribute fetches its document with the catalog; a stale name is reported with the current one', { timeout: 60_000 }, async () => {
  const law = `documents/${shard('urban-renewal-law')}`;
  const stale = 'documents/policy-paper.0123456789abcdef.ccc';
  const { context, page } = await openPage(shared.browser);
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('prefetch=')) warnings.push(message.text());
  });
  const since = requests.length;
  gate.openedBy.length = 0;
  await post(page, `<clause-cite library="${at('gated')}" ref="Urban Renewal Law Art. 5" loading="eager" prefetch="${law}" id="law">
  <blockquote lang="en">An article of the Urban Renewal Law.</blockquote></clause-cite>
<clause-cite library="${at('gated')}" ref="LAC Policy Paper, Development Program (10) ¶2" loading="eager" prefetch="${stale} ../../posts/x.ccc" id="paper">
  <blockquote lang="en">China welcomes LAC countries to use the BeiDou Navigation Satellite System.</blockquote></clause-cite>`, '/posts/prefetch.html');
  const result = await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    const cards = [document.getElementById('law'), document.getElementById('paper')];
    return { ready: await Promise.all(cards.map((card) => card.ready)), ids: cards.map((card) => card.card?.id ?? null) };
  });
  assert.deepEqual(result, { ready: [true, true], ids: ['urban-renewal-law__ch_1__art_5', 'policy-paper__pt_3__prog_2__sec_10__para_2'] });
  // The catalog was still held back when a named file was asked for.
  assert.equal(gate.openedBy.length, 1);
  assert.notEqual(gate.openedBy[0], 'timeout', 'the named files were asked for only after the catalog');
  const fetched = libraryRequests(since);
  assert.equal(fetched.filter((path) => path === `/gated/${law}`).length, 1, `the law fetched once: ${JSON.stringify(fetched)}`);
  assert.ok(!fetched.some((path) => path.includes('/posts/x.ccc')), 'nothing outside the library is fetched');
  // The stale name is reported with the file to write instead; the name outside the folder with why.
  const said = warnings.join('\n');
  assert.match(said, new RegExp(`prefetch="${stale.replace(/\./g, '\\.')}"[^\n]*Write prefetch="documents/${shard('policy-paper').replace(/\./g, '\\.')}"`), said);
  assert.match(said, /prefetch="\.\.\/\.\.\/posts\/x\.ccc"[^\n]*not a file inside the library's folder/, said);
  assert.equal(warnings.length, 2, said);
  // The stale name was fetched before the catalog could say it is not a file (a 404, as the
  // browser reports it), and nothing else went wrong.
  assert.ok(page.problems.every((problem) => /404/.test(problem)), page.problems.join('\n'));
  await context.close();
});

test('a missing shard fails only the cards of its document, naming the file; the others render', { timeout: 60_000 }, async () => {
  const { context, page } = await openPage(shared.browser);
  await post(page, `<clause-cite library="${at('broken')}" ref="Urban Renewal Law Art. 5" loading="eager" id="law">
  <blockquote lang="en">An article of the Urban Renewal Law.</blockquote></clause-cite>
<clause-cite library="${at('broken')}" ref="LAC Policy Paper, Development Program (10) ¶2" loading="eager" id="paper">
  <blockquote lang="en">China welcomes LAC countries to use the BeiDou Navigation Satellite System.</blockquote></clause-cite>`);
  const result = await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    const law = document.getElementById('law');
    const paper = document.getElementById('paper');
    const events = [];
    law.addEventListener('clause-cite:error', (event) => events.push(event.detail));
    const [lawReady, paperReady] = await Promise.all([law.ready, paper.ready]);
    const fallback = law.querySelector(':scope > blockquote');
    return {
      lawReady,
      paperReady,
      paperId: paper.card?.id ?? null,
      fallbackVisible: fallback.getClientRects().length > 0,
      lawState: law.matches(':state(fallback)') ? 'fallback' : 'other',
    };
  });
  assert.equal(result.lawReady, false);
  assert.equal(result.lawState, 'fallback');
  assert.ok(result.fallbackVisible, 'the author’s quote stays');
  assert.equal(result.paperReady, true);
  assert.equal(result.paperId, 'policy-paper__pt_3__prog_2__sec_10__para_2');
  const said = page.problems.join('\n');
  assert.match(said, /urban-renewal-law/, said);
  await context.close();
});

test('auto-linking a library fetches its outline and no document; a search box finds clauses across it', { timeout: 60_000 }, async () => {
  const { context, page } = await openPage(shared.browser);
  const since = requests.length;
  const widget = new URL('/dist/clause-cite.js', shared.site.url).href;
  pages.set('/posts/library-links.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Links to a library</title>
<script type="module" src="${widget}" data-autolink="article" data-library="${at('good')}"></script></head>
<body><article><p>As Urban Renewal Law Art. 5 and Development Program (10) ¶2 say.</p></article>
<clause-search library="${at('good')}"></clause-search></body></html>`);
  await page.goto(new URL('/posts/library-links.html', library.url).href);
  await page.waitForFunction(() => document.querySelectorAll('a[data-clause-cite-link]').length >= 2, null, { timeout: 20_000 });
  const links = await page.evaluate(() => [...document.querySelectorAll('a[data-clause-cite-link]')].map((link) => link.getAttribute('data-clause-cite-link')));
  assert.deepEqual(links, ['urban-renewal-law__ch_1__art_5', 'policy-paper__pt_3__prog_2__sec_10__para_2']);
  const fetched = libraryRequests(since);
  assert.ok(fetched.some((path) => /\/good\/outline\./.test(path)), JSON.stringify(fetched));
  assert.ok(!fetched.some((path) => path.includes('/documents/')), `no document before a popup opens: ${JSON.stringify(fetched)}`);

  const search = page.locator('clause-search input');
  await search.fill('北斗');
  await page.waitForFunction(() => document.querySelector('clause-search').shadowRoot.querySelectorAll('li[data-id]').length > 0, null, { timeout: 20_000 });
  const first = await page.evaluate(() => document.querySelector('clause-search').shadowRoot.querySelector('li[data-id]').getAttribute('data-id'));
  assert.equal(first, 'policy-paper__pt_3__prog_2__sec_10__para_2');
  assert.deepEqual(page.problems, []);
  await context.close();
});

/** The widget files (on the test site) a page fetched: its bundle, one engine, corpus files. */
function widgetFiles(page) {
  const fetched = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(shared.site.url).origin && url.pathname.startsWith('/dist/')) fetched.push(url.pathname);
  });
  return fetched;
}

test('a page that names a library loads the library engine, and a default-corpus card there reads the corpus file', { timeout: 60_000 }, async () => {
  const { context, page } = await openPage(shared.browser);
  const fetched = widgetFiles(page);
  await post(page, `<clause-cite library="${at('good')}" ref="Urban Renewal Law Art. 5" loading="eager" id="law">
  <blockquote lang="en">An article of the Urban Renewal Law.</blockquote></clause-cite>
<clause-cite ref="Preface ¶3" loading="eager" id="default">
  <blockquote lang="en">The default corpus's preface.</blockquote></clause-cite>`, '/posts/library-and-default.html');
  const result = await page.evaluate(async () => {
    await customElements.whenDefined('clause-cite');
    const [law, fallback] = [document.getElementById('law'), document.getElementById('default')];
    return { law: await law.ready, fallback: await fallback.ready, id: fallback.card?.id ?? null };
  });
  assert.deepEqual(result, { law: true, fallback: true, id: 'policy-paper__preface__para_3' }, JSON.stringify(page.problems));
  assert.deepEqual([...new Set(fetched)].sort(), ['/dist/clause-cite-default.ccc', '/dist/clause-cite.js', '/dist/clause_cite_library_bg.wasm']);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('a page that names no library loads the card engine; a library named later is refused with the reason, and the author’s quote stays', { timeout: 60_000 }, async () => {
  const { context, page } = await openPage(shared.browser);
  const fetched = widgetFiles(page);
  await post(page, `<clause-cite ref="Preface ¶3" loading="eager" id="default">
  <blockquote lang="en">The default corpus's preface.</blockquote></clause-cite>`, '/posts/default-then-library.html');
  const result = await page.evaluate(async (library) => {
    await customElements.whenDefined('clause-cite');
    const first = await document.getElementById('default').ready;
    const late = document.createElement('clause-cite');
    late.setAttribute('library', library);
    late.setAttribute('ref', 'Urban Renewal Law Art. 5');
    late.setAttribute('loading', 'eager');
    late.innerHTML = '<blockquote lang="en">An article of the Urban Renewal Law.</blockquote>';
    const errors = [];
    late.addEventListener('clause-cite:error', (event) => errors.push(event.detail));
    document.querySelector('main').append(late);
    const lateReady = await late.ready;
    return { first, lateReady, quote: late.querySelector(':scope > blockquote').getClientRects().length > 0, errors };
  }, at('good'));
  assert.equal(result.first, true);
  assert.equal(result.lateReady, false);
  assert.ok(result.quote, 'the author’s quote stays');
  assert.deepEqual(result.errors.map((detail) => detail.code), ['wasm-unavailable'], JSON.stringify(result.errors));
  assert.deepEqual([...new Set(fetched)].sort(), ['/dist/clause-cite.js', '/dist/clause_cite_bg.wasm']);
  assert.match(page.problems.join('\n'), /without library support/, page.problems.join('\n'));
  await context.close();
});

test('the reader reads one document of a library: its permalink, the other documents, a search across the library, and a snippet that names the library and the document’s file', { timeout: 90_000 }, async () => {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1440, height: 1000 } });
  const since = requests.length;
  // The reader on the test site, the library on its own server: another origin.
  const reader = new URL('/index.html', shared.site.url);
  reader.searchParams.set('library', at('good'));
  reader.hash = 'urban-renewal-law__ch_1__art_5';
  await page.goto(reader.href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
  const shown = await page.evaluate(() => ({
    articles: [...document.querySelectorAll('article.document')].map((article) => article.id),
    target: document.querySelector('.clause.target')?.id ?? null,
    others: [...document.querySelectorAll('nav.library-documents li')].map((item) => item.textContent.trim()).length,
    current: document.querySelector('nav.library-documents [aria-current="page"]')?.textContent ?? null,
  }));
  assert.deepEqual(shown.articles, ['doc-urban-renewal-law']);
  assert.equal(shown.target, 'urban-renewal-law__ch_1__art_5');
  assert.equal(shown.others, 6, 'every document of the library is listed');
  assert.ok(shown.current, 'the document being read is marked');
  assert.deepEqual(libraryRequests(since).sort(), ['/good/catalog.ccl', `/good/documents/${shard('urban-renewal-law')}`].sort(), 'the catalog and the document read, nothing else');

  // Search looks across the library, fetching its index as the query needs it.
  await page.fill('#search-input', '北斗');
  await page.waitForSelector('#search-results .hit', { timeout: 20_000 });
  const first = await page.getAttribute('#search-results .hit a', 'data-id');
  assert.equal(first, 'policy-paper__pt_3__prog_2__sec_10__para_2');
  const fetched = libraryRequests(since);
  assert.ok(fetched.some((path) => /\/good\/search\./.test(path)) && fetched.some((path) => path.endsWith('.cct')), JSON.stringify(fetched));

  // The snippet of a clause names the library and the document's file, with a ref the catalog routes.
  await page.click('[data-cite="urban-renewal-law__ch_1__art_5"]');
  await page.waitForSelector('#cite-panel textarea, #cite-panel pre, #cite-panel code', { timeout: 10_000 });
  const snippet = await page.evaluate(() => [...document.querySelectorAll('#cite-panel [data-output] textarea, #cite-panel [data-output] pre, #cite-panel [data-output] code')].map((node) => node.value ?? node.textContent).find((text) => text.includes('<clause-cite')));
  assert.ok(snippet, 'the panel shows an embed snippet');
  assert.match(snippet, new RegExp(`library="${at('good').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
  assert.match(snippet, new RegExp(`prefetch="documents/${shard('urban-renewal-law').replace(/\./g, '\\.')}"`));
  assert.match(snippet, /ref="Urban Renewal Law, Art(icle|\.) 5"/, snippet);

  // A permalink into another document opens that document.
  await page.evaluate(() => {
    window.location.hash = 'policy-paper__pt_3__prog_2__sec_10__para_2';
  });
  await page.waitForFunction(() => document.querySelector('article.document')?.id === 'doc-policy-paper' && document.documentElement.dataset.ready === 'true', null, { timeout: 20_000 }).catch(async (error) => {
    throw new Error(`${error.message}: ${page.url()} ${JSON.stringify(page.problems)} ${await page.evaluate(() => document.querySelector('#hash-notice')?.textContent ?? document.querySelector('article.document')?.id)}`);
  });
  await page.waitForFunction(() => document.querySelector('.clause.target')?.id === 'policy-paper__pt_3__prog_2__sec_10__para_2', null, { timeout: 10_000 });
  assert.match(page.url(), /doc=policy-paper/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the reader refuses a library address that is not http(s), and says which catalog it could not read', { timeout: 60_000 }, async () => {
  for (const [address, expected] of [
    ['javascript:alert(1)', /\?library= must be the http\(s\) address of a library's folder/],
    [`${at('nowhere')}missing/`, /The library catalog at .*nowhere\/missing\/catalog\.ccl could not be read/],
  ]) {
    const { context, page } = await openPage(shared.browser);
    const reader = new URL('/index.html', shared.site.url);
    reader.searchParams.set('library', address);
    await page.goto(reader.href);
    await page.waitForSelector('#documents .error[role="alert"]', { timeout: 20_000 }).catch(async (error) => {
      throw new Error(`${address}: ${error.message} ${await page.textContent('#documents')} ${JSON.stringify(page.problems)}`);
    });
    const message = await page.textContent('#documents .error[role="alert"]');
    assert.match(message, expected, message);
    await context.close();
  }
});
