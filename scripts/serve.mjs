// Serves www/ (with the built package under /pkg/) on localhost and prints the URL.
// Static files only: the pages need no server logic. Port: $PORT, or 8080, or the next free one.
//
// The widget and the package are served the way a public CDN serves an npm package, so that a
// page on another origin (another local port) can load them in development exactly as a blog
// loads them from jsDelivr or unpkg:
//   /dist/…                          www/dist/ (the widget bundle, its wasm, release.js)
//   /pkg/…                           pkg/ (the npm package as built)
//   /npm/clause-cite@<version>/…     pkg/ again under its versioned CDN path
//   /library/…                       a sample library (target/sample-library: the default corpus
//                                    and the three test documents), catalog.ccl revalidated and
//                                    every other file, named by its checksum, immutable
// all with Access-Control-Allow-Origin: *, Cross-Origin-Resource-Policy: cross-origin,
// Timing-Allow-Origin: *, X-Content-Type-Options: nosniff and the right types (text/javascript,
// application/wasm); the versioned path is cached for a year as immutable, the others are
// revalidated (no-cache with an ETag) because they change with every build. Every response is
// compressed (brotli or gzip, whichever the browser accepts), as a CDN compresses.
import compression from 'compression';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import sirv from 'sirv';
import { SAMPLE_LIBRARY } from './build-test-library.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The Cache-Control of a path whose content never changes (a versioned CDN path). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Sets the headers a public npm CDN sends with every file. */
export function setCdnHeaders(response, { immutable }) {
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  response.setHeader('Timing-Allow-Origin', '*');
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Cache-Control', immutable ? IMMUTABLE : 'no-cache');
}

/**
 * A sirv handler for `folder` that adds the CDN headers; `precompressed` serves a file's `.br`
 * copy, when there is one, to a client that accepts brotli; `type`, when given, is every file's
 * content type (for files whose extension names no type).
 */
function cdnFolder(folder, { immutable, precompressed = false, type = null }) {
  const setHeaders = (response) => {
    setCdnHeaders(response, { immutable });
    if (type) response.setHeader('Content-Type', type);
  };
  return sirv(folder, { dev: true, etag: true, extensions: [], brotli: precompressed, setHeaders });
}

/** The name and version of the package in `folder`, or null when it has not been built. */
function packageIdentity(folder) {
  const manifest = `${folder}package.json`;
  if (!existsSync(manifest)) return null;
  const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
  return { name, version };
}

/**
 * Serves `request` from the package in `folder` when its path is `/npm/<name>@<version>/…` for
 * that package's own name and version (an immutable, versioned path); returns false otherwise.
 */
function servePackagePath(request, response, folder, handler) {
  const identity = packageIdentity(folder);
  if (!identity) return false;
  const prefix = `/npm/${identity.name}@${identity.version}/`;
  if (!request.url.startsWith(prefix)) return false;
  request.url = request.url.slice(prefix.length - 1);
  handler(request, response, () => notFound(response));
  return true;
}

/**
 * Serves `www/` at `/`, `www/dist/` at `/dist/` and the generated npm package `pkg/` at `/pkg/`
 * and at `/npm/<name>@<version>/`, compressed, with CDN headers on everything but the pages.
 */
export function createSiteServer() {
  const compress = compression();
  const www = sirv(`${root}www`, { dev: true, etag: true, extensions: ['html'] });
  // www/dist/ holds a brotli-11 copy of each file (scripts/build-widget.mjs), sent as a CDN sends it.
  const dist = cdnFolder(`${root}www/dist`, { immutable: false, precompressed: true });
  const pkg = cdnFolder(`${root}pkg`, { immutable: false });
  const versioned = cdnFolder(`${root}pkg`, { immutable: true });
  // A library's files are bytes the package reads, whatever their extension; each has a
  // brotli-11 copy beside it (scripts/build-test-library.mjs), sent as a CDN sends it.
  const library = (immutable) => cdnFolder(SAMPLE_LIBRARY, { immutable, precompressed: true, type: 'application/octet-stream' });
  const libraryFiles = library(true);
  const libraryCatalog = library(false);
  return createServer((request, response) => {
    compress(request, response, () => {
      if (request.url.startsWith('/npm/')) {
        if (!servePackagePath(request, response, `${root}pkg/`, versioned)) notFound(response);
      } else if (request.url.startsWith('/pkg/')) {
        request.url = request.url.slice('/pkg'.length);
        pkg(request, response, () => notFound(response));
      } else if (request.url.startsWith('/library/')) {
        request.url = request.url.slice('/library'.length);
        const handler = request.url.split('?')[0] === '/catalog.ccl' ? libraryCatalog : libraryFiles;
        handler(request, response, () => notFound(response));
      } else if (request.url.startsWith('/dist/')) {
        request.url = request.url.slice('/dist'.length);
        dist(request, response, () => notFound(response));
      } else {
        www(request, response, () => notFound(response));
      }
    });
  });
}

/**
 * A CDN-like server for one unpacked npm package in `folder` (its package.json gives name and
 * version): `/npm/<name>@<version>/<path>` serves the file, compressed, with the CDN headers and
 * an immutable cache; anything else is a 404. `onRequest(url)` sees every request.
 */
export function createCdnServer(folder, { onRequest = () => {} } = {}) {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  const compress = compression();
  const files = cdnFolder(base, { immutable: true });
  return createServer((request, response) => {
    onRequest(request.url);
    compress(request, response, () => {
      if (!servePackagePath(request, response, base, files)) notFound(response);
    });
  });
}

function notFound(response) {
  response.statusCode = 404;
  response.setHeader('content-type', 'text/plain; charset=utf-8');
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.end('Not found\n');
}

/** Listens on the first free port from `port` on, resolving to the server and its URL. */
export function listen(server, port, host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE' && port < 65535) {
        resolve(listen(server, port + 1, host));
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await listen(createSiteServer(), Number(process.env.PORT) || 8080);
  const identity = packageIdentity(`${root}pkg/`);
  console.log(`clause-cite is serving www/ at ${url}`);
  console.log(`  reader:    ${url}`);
  console.log(`  demo post: ${url}demo/`);
  console.log(`  a library in the reader: ${url}index.html?library=${encodeURIComponent(`${url}library/`)}`);
  console.log(`  widget:    ${url}dist/clause-cite.js (CORS, for pages on other origins)`);
  if (identity) console.log(`  as a CDN:  ${url}npm/${identity.name}@${identity.version}/dist/clause-cite.js`);
  console.log('Press Ctrl+C to stop.');
}
