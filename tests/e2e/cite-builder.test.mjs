// Browser tests for the reader's citation builder as a blogger uses it: the Copy buttons give
// feedback and an announcement, and the snippet is the CDN form (pinned version, SRI, crossorigin)
// unless the self-hosted switch is chosen; the theme choice reaches the snippet and the preview.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { useSiteAndBrowser, openPage } from './harness.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = JSON.parse(readFileSync(`${root}pkg/package.json`, 'utf8'));
const bundleIntegrity = `sha384-${createHash('sha384').update(readFileSync(`${root}www/dist/clause-cite.js`)).digest('base64')}`;

const shared = useSiteAndBrowser();

async function openBuilder(query) {
  const { context, page } = await openPage(shared.browser, { viewport: { width: 1440, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(shared.site.url).origin });
  await page.goto(new URL(`/${query}`, shared.site.url).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 20000 });
  await page.waitForSelector('#cite-panel [data-output="snippet"] pre');
  return { context, page };
}

test('every Copy button in the cite panel says Copied, announces it and puts the text on the clipboard', async () => {
  const { context, page } = await openBuilder('?cite=policy-paper__pt_3__prog_2__sec_10__para_2');
  const outputs = await page.$$eval('#cite-panel [data-output]:has(> .output-head button.copy)', (nodes) => nodes.map((node) => node.dataset.output));
  assert.ok(outputs.includes('snippet') && outputs.includes('chicago') && outputs.includes('permalink'), `the panel has copy buttons for the snippet, the styles and the permalink (${outputs.join(', ')})`);
  for (const output of ['snippet', 'script', 'chicago', 'bibtex', 'permalink']) {
    if (!outputs.includes(output)) continue;
    const box = page.locator(`#cite-panel [data-output="${output}"]`);
    const expected = await box.locator('pre').textContent();
    await box.locator('button.copy').click();
    await page.waitForFunction((name) => document.querySelector(`#cite-panel [data-output="${name}"] button.copy`)?.textContent === 'Copied', output, { timeout: 3000 });
    await page.waitForFunction(() => /copied to the clipboard/.test(document.getElementById('announcer').textContent), null, { timeout: 3000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected, `${output}: the clipboard holds the text shown`);
  }
  assert.deepEqual(page.problems, [], 'no console errors and no uncaught errors');
  await context.close();
});

test('the snippet loads the widget from jsDelivr pinned to this version, with the SRI hash of the exact file and crossorigin', async () => {
  const { context, page } = await openBuilder('?cite=policy-paper__pt_3__prog_2__sec_10__para_2');
  const snippet = await page.textContent('#cite-panel [data-output="snippet"] pre');
  const script = await page.textContent('#cite-panel [data-output="script"] pre');
  const expected = `<script type="module" src="https://cdn.jsdelivr.net/npm/${manifest.name}@${manifest.version}/dist/clause-cite.js" integrity="${bundleIntegrity}" crossorigin="anonymous"></script>`;
  assert.equal(script, expected, 'the script line');
  assert.ok(snippet.startsWith(`${expected}\n<clause-cite ref=`), 'the snippet starts with the script line, then the card');
  assert.match(await page.textContent('#cite-panel [data-output="script"]'), /once per page.*once in your theme/i, 'the script line says to paste it once per page or once in the theme');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the self-hosted switch writes the script address under the base URL given, and the theme choice reaches snippet and preview', async () => {
  const { context, page } = await openBuilder('?cite=policy-paper__pt_3__prog_2__sec_10__para_2');
  await page.check('#script-self');
  assert.equal(await page.inputValue('#script-base'), new URL('/', shared.site.url).href, 'the base defaults to this reader’s own copy of the package');
  assert.doesNotMatch(await page.textContent('fieldset.script-sources'), /null|undefined/, 'the switch shows no stray values');
  await page.fill('#script-base', 'https://blog.example/assets/clause-cite/');
  await page.press('#script-base', 'Enter');
  await page.waitForFunction(() => document.querySelector('#cite-panel [data-output="script"] pre')?.textContent.includes('blog.example'));
  assert.equal(await page.textContent('#cite-panel [data-output="script"] pre'), `<script type="module" src="https://blog.example/assets/clause-cite/dist/clause-cite.js" integrity="${bundleIntegrity}" crossorigin="anonymous"></script>`);
  assert.equal(await page.inputValue('#script-base'), 'https://blog.example/assets/clause-cite/', 'the typed base stays in the field');

  await page.fill('#script-base', 'javascript:alert(1)');
  await page.press('#script-base', 'Enter');
  await page.waitForSelector('#script-base-error');
  assert.match(await page.textContent('#script-base-error'), /not an http\(s\) address/);
  assert.doesNotMatch(await page.textContent('#cite-panel [data-output="snippet"] pre'), /javascript:/, 'a bad base never reaches the snippet');

  await page.check('#script-unpkg');
  await page.waitForFunction(() => document.querySelector('#cite-panel [data-output="script"] pre')?.textContent.includes('unpkg.com'));
  assert.match(await page.textContent('#cite-panel [data-output="script"] pre'), new RegExp(`src="https://unpkg\\.com/${manifest.name}@${manifest.version.replace(/\./g, '\\.')}/dist/clause-cite\\.js"`));

  for (const theme of ['light', 'dark', 'auto']) {
    await page.check(`#theme-${theme}`);
    await page.waitForFunction((value) => (value === 'auto' ? !document.querySelector('#cite-preview clause-cite').hasAttribute('theme') : document.querySelector('#cite-preview clause-cite').getAttribute('theme') === value), theme);
    const card = await page.textContent('#cite-panel [data-output="snippet"] pre');
    if (theme === 'auto') assert.doesNotMatch(card, /theme=/, 'auto is the default and writes no attribute');
    else assert.match(card, new RegExp(`<clause-cite [^>]*theme="${theme}"`), `theme ${theme} is in the snippet`);
  }
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the fallback a blogger pastes reads well without the card: prose citation, each quote labelled with its version, a link to the hosted reader', async () => {
  const { context, page } = await openBuilder('?cite=policy-paper__preface__para_3&s=2');
  const card = await page.textContent('#cite-panel [data-output="card"] pre');
  // Sentences in prose, not "s2".
  assert.match(card, /<cite>[^<]*Preface ¶3, sentence 2<\/cite>/, card);
  assert.doesNotMatch(card, /¶3 s2/);
  // Every quote says which version it is, before the quote.
  const quotes = card.match(/<blockquote /g).length;
  const labels = [...card.matchAll(/<p><small>([^<]+)<\/small><\/p>\n\s*<blockquote lang="([^"]+)"/g)].map((match) => [match[1], match[2]]);
  assert.equal(labels.length, quotes, card);
  for (const [label, lang] of labels) {
    assert.match(label, /^(Original|Official translation|Unofficial translation) \((Chinese|English)\)$/);
    assert.equal(label.includes('Chinese'), lang.startsWith('zh'), `${label} labels a ${lang} quote`);
  }
  // The link goes to the reader hosted with this version of the package (unpkg for a jsDelivr
  // script), at the sentence, counted in the version the citation names.
  const link = /<a href="([^"]+)">Read it in the reader<\/a>/.exec(card);
  assert.ok(link, card);
  assert.match(link[1], new RegExp(`^https://unpkg\\.com/${manifest.name}@${manifest.version.replace(/\./g, '\\.')}/index\\.html#policy-paper__preface__para_3__sent_2(__[a-z-]+)?$`));
  assert.deepEqual(page.problems, []);
  await context.close();
});
