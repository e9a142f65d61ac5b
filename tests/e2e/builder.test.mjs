// "Add a document" (www/builder/), as a blogger uses it: paste the two texts of the law and of
// the white paper, fix one alignment on purpose, download the corpus and its directory, put a
// card for the fixed clause on another site (another origin) and see the fix there, and rebuild
// the downloaded directory with the CLI to the same bytes. Bad input (an empty version, a binary
// file, two texts that are not translations, a 10 MB paste) gets a clear message and the page
// keeps answering. The page has no axe violations and works by keyboard alone, and the work
// survives a reload until it is cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { unzipSync } from 'fflate';
import { listen } from '../../scripts/serve.mjs';
import { useSiteAndBrowser, openPage } from './harness.mjs';
import { cardInfo } from './widget-helpers.mjs';

const shared = useSiteAndBrowser();
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixtures = join(root, 'tests/fixtures/documents');
const source = (relative) => readFileSync(join(fixtures, relative), 'utf8');

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function openBuilder(options = {}) {
  const { context, page } = await openPage(shared.browser, { acceptDownloads: true, viewport: { width: 1280, height: 900 }, ...options });
  await page.goto(new URL('builder/', shared.site.url).href);
  await page.waitForSelector('html[data-ready="true"]');
  return { context, page };
}

/** A paste of `text` into a text box, as the browser fires it (the page inserts the text itself). */
async function paste(page, selector, text, html = null) {
  await page.focus(selector);
  await page.evaluate(
    ([selector, text, html]) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      if (html) data.setData('text/html', html);
      document.querySelector(selector).dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    [selector, text, html],
  );
}

/** Waits until the compile that includes every change so far has been shown. */
async function settled(page, timeout = 30000) {
  await page.waitForFunction(() => document.getElementById('review-section').getAttribute('aria-busy') === 'false', null, { timeout });
}

async function fillVersion(page, index, fields) {
  for (const [key, value] of Object.entries(fields)) await page.fill(`#version-${index}-${key}`, value);
}

/** The row whose original text starts with `words`. */
function rowOf(page, words) {
  return page.locator('tr.row').filter({ has: page.locator('td:first-of-type', { hasText: words }) }).first();
}

async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/**
 * The card for `ref` on a blog that hosts the corpus file itself: a second server on its own
 * port (another origin than the builder's), loading the widget from the site as a blog loads it
 * from a CDN.
 */
async function cardOnAnotherSite(corpus, ref) {
  const widget = new URL('dist/clause-cite.js', shared.site.url).href;
  const server = createServer((request, response) => {
    if (request.url === '/files/document.corpus') {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(corpus);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A post</title><script type="module" src="${widget}"></script></head><body><main><h1>A post</h1><clause-cite id="card" corpus="/files/document.corpus" ref="${ref}" versions="zh en" loading="eager"></clause-cite></main></body></html>`,
    );
  });
  const { url: blog } = await listen(server, 21080 + Math.floor(Math.random() * 1000));
  const { context, page } = await openPage(shared.browser);
  try {
    await page.goto(`${blog}post.html`);
    assert.notEqual(new URL(page.url()).origin, new URL(shared.site.url).origin);
    await page.waitForFunction(() => customElements.get('clause-cite'));
    await page.$eval('#card', (element) => element.ready);
    const info = await cardInfo(page, '#card');
    assert.deepEqual(page.problems, [], 'the blog page has no errors');
    return info;
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Unzips the directory and rebuilds it with `clause-cite compile`; returns the bytes written. */
function rebuiltWithCli(zip) {
  const work = mkdtempSync(join(tmpdir(), 'clause-cite-builder-'));
  try {
    const files = unzipSync(new Uint8Array(zip));
    const folders = new Set(Object.keys(files).map((path) => path.split('/')[0]));
    assert.equal(folders.size, 1, 'the zip holds one folder');
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(work, path)), { recursive: true });
      writeFileSync(join(work, path), bytes);
    }
    const [folder] = folders;
    const output = join(work, 'rebuilt.corpus');
    const run = spawnSync('cargo', ['run', '-q', '-p', 'clause-cite-cli', '--', 'compile', join(work, folder), '-o', output], { cwd: root, encoding: 'utf8', timeout: 600000 });
    assert.equal(run.status, 0, `clause-cite compile succeeds:\n${run.stderr}\n${run.stdout}`);
    return { bytes: readFileSync(output), files: Object.keys(files), stdout: run.stdout };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const DOCUMENTS = [
  {
    name: 'the law',
    id: 'urban-renewal-law',
    zh: 'law/sources/zh.txt',
    en: 'law/sources/en.txt',
    zhFields: { title: '中华人民共和国城市更新法', publisher: '全国人民代表大会常务委员会', date: '2025-10-28' },
    enFields: { title: "Urban Renewal Law of the People's Republic of China", publisher: "The National People's Congress of the People's Republic of China", date: '2025-10-30' },
    // On purpose: the English of Article 3's first paragraph is said to go on in the next one.
    row: '城市更新工作应当坚持',
    fix: 'split',
    citation: '第三条第一款',
    check(english, cell) {
      assert.ok(english.includes(cell.next), `the English text of the clause now holds its next paragraph: ${english}`);
    },
  },
  {
    name: 'the white paper',
    id: 'wetland-white-paper',
    zh: 'white-paper/sources/zh.txt',
    en: 'white-paper/sources/en.txt',
    zhFields: { title: '中国的湿地保护', publisher: '中华人民共和国国务院新闻办公室', date: '2025-09-16' },
    enFields: { title: 'Wetland Conservation in China', publisher: 'The State Council Information Office of the People\u2019s Republic of China', date: '2025-09-16' },
    // On purpose: the Foreword's second paragraph, which the translation splits, is paired with
    // the first English paragraph alone.
    row: '中国是世界上湿地类型最齐全',
    fix: 'paired',
    citation: '前言第2段',
    check(english) {
      assert.ok(english.startsWith('China is one of the countries') && !english.includes('Over the past 30 years'), `the English text of the clause is its first paragraph alone: ${english}`);
    },
  },
];

for (const document of DOCUMENTS) {
  test(`${document.name}: pasted, fixed on purpose, downloaded; a card on another site shows the fix, and the CLI rebuilds the same bytes`, async () => {
    const { context, page } = await openBuilder();
    await paste(page, '#version-0-text', source(document.zh));
    await paste(page, '#version-1-text', source(document.en));
    await fillVersion(page, 0, document.zhFields);
    await fillVersion(page, 1, document.enFields);
    await page.fill('#document-id', document.id);
    await settled(page);
    assert.equal(await page.textContent('#error'), '', 'it compiles');
    const summary = await page.textContent('#summary');
    assert.match(summary, /^\d+ sections, \d+ paragraphs, 1 divergence; (no places|\d+ places?) to check$/, summary);
    assert.match(await page.textContent('#flags'), /Divergence: split in en/);
    assert.equal(await page.inputValue('#version-0-lang'), 'zh-Hans', 'the language is found from the script');

    // The fix, made in the dialog.
    const row = rowOf(page, document.row);
    const clause = await row.getAttribute('data-clause');
    const next = (await row.evaluate((element) => element.nextElementSibling?.querySelector('td:nth-of-type(2)')?.firstChild?.textContent ?? '')).slice(0, 30);
    await row.getByRole('button', { name: /^Fix the alignment of/ }).click();
    await page.check(`#fix-kind-${document.fix}`);
    await page.click('#fix-apply');
    await settled(page);
    assert.equal(await page.textContent('#error'), '', 'it compiles with the fix');
    assert.equal(await page.locator('#fix-list li').count(), 1, 'the fix is listed');
    const english = await rowOf(page, document.row).evaluate((element) => element.querySelector('td:nth-of-type(2) .text').textContent);
    document.check(english, { next });

    // Try it: the citation resolves to the clause, and the card in the page shows the fix.
    await page.fill('#cite-input', document.citation);
    await page.click('#cite-form button');
    await page.waitForFunction((clause) => document.querySelector('#cite-result code')?.textContent === clause, clause);
    await page.waitForSelector('#card-preview clause-cite');
    await page.$eval('#card-preview clause-cite', (element) => element.ready);
    const preview = await cardInfo(page, '#card-preview clause-cite');
    assert.ok(preview.upgraded, 'the preview card upgrades from the blob: corpus');

    // Download, then a card on another site.
    const corpus = await downloaded(page, '#download-corpus');
    assert.equal(corpus.name, `${document.id}.corpus`);
    const zip = await downloaded(page, '#download-zip');
    const card = await cardOnAnotherSite(corpus.bytes, clause);
    assert.ok(card.upgraded, `the card upgrades on the blog: ${card.notes.join(' ')}`);
    document.check(card.quotes.find((quote) => quote.version === 'en').text, { next });

    // The directory rebuilds to the same bytes.
    const rebuilt = rebuiltWithCli(zip.bytes);
    assert.deepEqual(rebuilt.files.sort(), [`${document.id}/${document.id}.json`, `${document.id}/corpus.json`, `${document.id}/sources/en.txt`, `${document.id}/sources/zh.txt`].sort());
    assert.ok(rebuilt.bytes.equals(corpus.bytes), `clause-cite compile writes the downloaded corpus byte for byte (${rebuilt.bytes.length} and ${corpus.bytes.length} bytes)`);
    assert.deepEqual(page.problems, [], 'no console errors');
    await context.close();
  });
}

test('bad input gets a clear message and the page keeps answering: an empty version, a binary file, texts that do not correspond, a 10 MB paste', async () => {
  const { context, page } = await openBuilder();
  // An empty translation.
  await paste(page, '#version-0-text', source('bad/not-translations/sources/zh.txt'));
  await settled(page);
  assert.match(await page.textContent('#error'), /\(translation 1\): source 'translation-1\.txt' is empty \(0 bytes\)/);
  assert.match(await page.textContent('#version-1-error'), /is empty/);

  // Two texts that are not translations of each other.
  await paste(page, '#version-1-text', source('bad/not-translations/sources/en.txt'));
  await settled(page);
  assert.match(await page.textContent('#error'), /does not read as a translation of 'zh'.*Error code: not-a-translation/s);

  // A binary file opened for the original.
  await page.setInputFiles('#version-0-file', join(fixtures, 'bad/binary/sources/zh.txt'));
  await page.waitForFunction(() => document.getElementById('version-0-error').textContent !== '');
  assert.match(await page.textContent('#version-0-error'), /zh\.txt: .*(binary|control characters)/);

  // A 10 MB paste (one line, as a wall of text copied from a page): the page answers while the
  // worker compiles it, Stop stops it, and a new compile finishes with the compiler's warning.
  await page.click('#version-1 button:has-text("Remove")');
  await page.fill('#version-0-text', '');
  const seed = source('bad/wall-of-text/sources/zh.txt').replace(/\n/g, '');
  await page.focus('#version-0-text');
  await page.evaluate((seed) => {
    let text = seed;
    while (text.length * 2 < 10 * 1024 * 1024) text += text;
    // Exactly 10 MiB of UTF-8 (cut at a character boundary, padded with spaces).
    const bytes = new TextEncoder().encode(text);
    let end = 10 * 1024 * 1024;
    while ((bytes[end] & 0xc0) === 0x80) end--;
    const data = new DataTransfer();
    data.setData('text/plain', new TextDecoder().decode(bytes.subarray(0, end)) + ' '.repeat(10 * 1024 * 1024 - end));
    document.getElementById('version-0-text').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, seed);
  assert.match(await page.getAttribute('#version-0-text', 'placeholder'), /holds 10\.0 MB of text/);
  await page.waitForFunction(() => /Compiling 10\.0 MB/.test(document.getElementById('status').textContent), null, { timeout: 10000 });
  const started = Date.now();
  await page.fill('#document-id', 'a-wall');
  assert.equal(await page.inputValue('#document-id'), 'a-wall');
  assert.ok(Date.now() - started < 2000, `typing answers while the compile runs (${Date.now() - started} ms)`);
  await page.click('#stop');
  await page.waitForFunction(() => /^Stopped\./.test(document.getElementById('status').textContent));
  await page.fill('#document-id', 'a-wall-of-text');
  await settled(page, 60000);
  assert.equal(await page.textContent('#summary'), '0 sections, 1 paragraph, 0 divergences; no places to check');
  assert.match(await page.textContent('#warnings'), /no structure found: the version is one paragraph of \d+ characters/);
  assert.match(await page.textContent('#rows-body'), /more characters/, 'the row shows the start of the paragraph, not all 10 MB');
  assert.deepEqual(page.problems, [], 'no console errors');
  await context.close();
});

/** Presses Tab until the focused element matches `selector` (at most `limit` times). */
async function tabTo(page, selector, limit = 60) {
  for (let count = 0; count < limit; count++) {
    if (await page.evaluate((selector) => document.activeElement?.matches(selector), selector)) return count;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${selector} was not reached by Tab`);
}

/** The white paper's text up to its second part (the Foreword and part one): a short document. */
function excerpt(relative, nextPart) {
  const text = source(relative);
  return text.slice(0, text.indexOf(`\n${nextPart}`) + 1);
}

test('by keyboard alone: paste, open a flagged row, fix it; axe finds no violation; the work survives a reload until cleared', async () => {
  const { context, page } = await openBuilder();
  await tabTo(page, '#version-0-text');
  await page.keyboard.insertText(excerpt('white-paper/sources/zh.txt', '二、'));
  await tabTo(page, '#version-1-text');
  await page.keyboard.insertText(excerpt('white-paper/sources/en.txt', 'II. '));
  await settled(page);
  // From the list of flags to the row, to its Fix button, into the dialog, and apply.
  await tabTo(page, '#flags button');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('tr.row')), 'the flagged row is focused');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement?.matches('button.fix')), 'Tab reaches the row\u2019s Fix button');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#fix-dialog[open]');
  // axe on the whole page, with its review and the fix dialog open.
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  const found = results.violations.map((violation) => `${violation.id}: ${violation.nodes[0]?.target.join(' ')} ${violation.nodes[0]?.failureSummary}`);
  assert.deepEqual(found, [], 'axe finds no violation on the page with its review and the fix dialog');
  await page.keyboard.press('Escape');
  assert.equal(await page.$('#fix-dialog[open]'), null, 'Escape closes the dialog');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#fix-dialog[open]');
  // The first choice ("its first paragraph alone") is checked: Tab to Apply and press it.
  await tabTo(page, '#fix-apply', 20);
  await page.keyboard.press('Enter');
  await settled(page);
  assert.equal(await page.locator('#fix-list li').count(), 1, 'the fix is listed');
  assert.doesNotMatch(await page.textContent('#flags'), /Divergence: split/, 'the split is gone');


  // A reload keeps the texts and the fix; clearing forgets them.
  await page.waitForFunction(() => /Saved in this browser/.test(document.getElementById('saved').textContent));
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  await settled(page);
  assert.ok((await page.inputValue('#version-1-text')).startsWith('Full Text: Wetland Conservation in China'));
  assert.equal(await page.locator('#fix-list li').count(), 1, 'the fix survives the reload');
  await page.click('#clear-saved');
  await page.waitForFunction(() => /Nothing is saved/.test(document.getElementById('saved').textContent));
  assert.equal(await page.inputValue('#version-0-text'), '');
  await page.reload();
  await page.waitForSelector('html[data-ready="true"]');
  assert.equal(await page.inputValue('#version-0-text'), '', 'nothing comes back after clearing');
  assert.deepEqual(page.problems, [], 'no console errors');
  await context.close();
});
