// Bytes on the wire for each kind of page a blogger's reader meets, with the widget loaded from
// the packed npm package through the CDN-like server (scripts/serve.mjs createCdnServer:
// compressed, CORS, immutable): a post with one English card, a post with an English and a
// Chinese card, the WordPress.com fallback (scripts stripped), the reader page opened from the
// package, and the same post a second time (warm cache). Counted in headless Chromium with the
// DevTools Protocol (`encodedDataLength`: compressed bodies plus headers), in a fresh context per
// page. Usage: node bench/cdn-pages.mjs (after node scripts/build.mjs).
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchBrowser } from '../tests/e2e/harness.mjs';
import { listen } from '../scripts/serve.mjs';
import { packedPackage, startCdn } from '../tests/e2e/cdn-helpers.mjs';
import { CARDS, cardModel, widgetScriptLine, bloggerPost, wordpressComPost } from '../tests/e2e/blog-platforms.mjs';

const pkg = packedPackage();
const cdn = await startCdn(pkg);
const { open } = await import(pathToFileURL(join(pkg.folder, 'node.js')).href);
const corpus = await open();
const models = CARDS.map((card) => cardModel(corpus, card));
const integrity = `sha384-${createHash('sha384').update(readFileSync(join(pkg.folder, 'dist/clause-cite.js'))).digest('base64')}`;
const script = widgetScriptLine(`${cdn.base}dist/clause-cite.js`, integrity);
const pages = new Map([
  ['/one-card.html', bloggerPost({ script, models: models.slice(0, 1) })],
  ['/two-cards.html', bloggerPost({ script, models })],
  ['/fallback.html', wordpressComPost({ script, models })],
]);
const server = createServer((request, response) => {
  const html = pages.get(request.url);
  response.setHeader('content-type', 'text/html; charset=utf-8');
  response.end(html ?? '');
});
const blog = await listen(server, 23080 + Math.floor(Math.random() * 500));
const browser = await launchBrowser();

async function measure(url, { waitFor, warm = false }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const client = await context.newCDPSession(page);
  await client.send('Network.enable');
  const byOrigin = new Map();
  const encodings = new Set();
  client.on('Network.responseReceived', ({ response }) => {
    const encoding = response.headers['content-encoding'] || response.headers['Content-Encoding'];
    if (encoding) encodings.add(encoding);
  });
  const ids = new Map();
  client.on('Network.requestWillBeSent', ({ requestId, request }) => ids.set(requestId, new URL(request.url).origin));
  let total = 0;
  let requests = 0;
  const count = () => client.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    if (process.env.VERBOSE) console.log(requestId, ids.get(requestId), encodedDataLength);
    total += encodedDataLength;
    requests += 1;
    const origin = ids.get(requestId) === new URL(cdn.url).origin ? 'cdn' : 'page';
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + encodedDataLength);
  });
  if (warm) {
    // Another post of the same blog first, so the widget's files are in the cache.
    await page.goto(new URL('/one-card.html', url).href);
    await page.evaluate(waitFor);
    count();
    await page.goto(url);
  } else {
    count();
    await page.goto(url);
  }
  await page.evaluate(waitFor);
  await page.waitForTimeout(200);
  await context.close();
  return { total, requests, page: byOrigin.get('page') ?? 0, cdn: byOrigin.get('cdn') ?? 0, encodings: [...encodings].join(',') || 'none' };
}

const cardsReady = async () => {
  await customElements.whenDefined('clause-cite');
  await Promise.all([...document.querySelectorAll('clause-cite')].map((element) => {
    element.scrollIntoView();
    return element.ready;
  }));
};
const rows = [
  ['post with one English card (cold cache)', new URL('/one-card.html', blog.url).href, { waitFor: cardsReady }],
  ['post with an English and a Chinese card (cold cache)', new URL('/two-cards.html', blog.url).href, { waitFor: cardsReady }],
  ['the two-card post after another post (warm cache, immutable files)', new URL('/two-cards.html', blog.url).href, { waitFor: cardsReady, warm: true }],
  ['WordPress.com fallback (scripts stripped)', new URL('/fallback.html', blog.url).href, { waitFor: () => true }],
  ['the reader from the package (index.html on the CDN)', `${cdn.base}index.html`, { waitFor: () => new Promise((resolve) => { const check = () => (document.documentElement.dataset.ready === 'true' ? resolve() : setTimeout(check, 50)); check(); }) }],
];
console.log(`Headless ${browser.version()}; the CDN-like server compresses with the compression package's defaults (brotli quality 4 or gzip level 6, whichever the browser accepts).`);
console.log('| page | requests | bytes from the blog | bytes from the CDN | total | content-encoding |');
console.log('|---|---:|---:|---:|---:|---|');
for (const [name, url, options] of rows) {
  const result = await measure(url, options);
  console.log(`| ${name} | ${result.requests} | ${result.page.toLocaleString('en')} | ${result.cdn.toLocaleString('en')} | ${result.total.toLocaleString('en')} | ${result.encodings} |`);
}
await browser.close();
await cdn.close();
server.close();
