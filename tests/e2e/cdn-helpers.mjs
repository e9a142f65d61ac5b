// Helpers for the tests that load the widget the way a blog does, from the npm package through a
// CDN on another origin:
//   - packedPackage(): the files `npm pack` puts in the tarball, unpacked into a temporary folder
//     (so the tests serve exactly what would be published, not the pkg/ folder as built);
//   - startCdn(folder): a CDN-like server (scripts/serve.mjs createCdnServer) on its own port,
//     serving /npm/<name>@<version>/… with CORS, immutable cache and compression, which records
//     every request;
//   - routePublicCdn(context, pkg): makes https://cdn.jsdelivr.net/npm/<name>@<version>/… and
//     https://unpkg.com/<name>@<version>/… answer from that folder inside one browser context,
//     with the headers those CDNs send (jsDelivr serves HTML as text/plain), so a snippet that
//     names the real CDN address can be tested offline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCdnServer, listen, IMMUTABLE } from '../../scripts/serve.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const packageFolder = join(root, 'pkg');

let packed = null;

/** Packs pkg/ with `npm pack` and unpacks the tarball; returns { folder, name, version, files, remove }. */
export function packedPackage() {
  if (packed) return packed;
  if (!existsSync(join(packageFolder, 'package.json'))) throw new Error('pkg/ is not built: run `node scripts/build.mjs` first.');
  const work = mkdtempSync(join(tmpdir(), 'clause-cite-packed-'));
  const pack = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: packageFolder, encoding: 'utf8' });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const [report] = JSON.parse(pack.stdout);
  const unpack = spawnSync('tar', ['-xzf', join(work, report.filename), '-C', work], { encoding: 'utf8' });
  if (unpack.status !== 0) throw new Error(`tar failed:\n${unpack.stderr}`);
  const folder = join(work, 'package');
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  packed = {
    folder,
    name: manifest.name,
    version: manifest.version,
    files: report.files.map((file) => file.path),
    remove: () => rmSync(work, { recursive: true, force: true }),
  };
  process.once('exit', () => packed?.remove());
  return packed;
}

/**
 * The package as built in pkg/, without packing it (quicker, for tests that only need the
 * widget's files at their CDN address); `files` is null, so any file of pkg/ is served.
 */
export function builtPackage() {
  const manifest = JSON.parse(readFileSync(join(packageFolder, 'package.json'), 'utf8'));
  return { folder: packageFolder, name: manifest.name, version: manifest.version, files: null };
}

/** Starts the CDN-like server for `folder`; returns { url, base, requests, close }. */
export async function startCdn(pkg = packedPackage()) {
  const requests = [];
  const server = createCdnServer(pkg.folder, { onRequest: (url) => requests.push(url) });
  const { url } = await listen(server, 20080 + Math.floor(Math.random() * 1000));
  return {
    url,
    // The package's versioned base on this CDN, as on https://cdn.jsdelivr.net/npm/<name>@<version>/.
    base: new URL(`npm/${pkg.name}@${pkg.version}/`, url).href,
    requests,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8' };

/**
 * Answers the real public CDN addresses of this package version from `pkg.folder` in `context`.
 * HTML is text/html on unpkg and text/plain on jsDelivr, as each serves it.
 */
export async function routePublicCdn(context, pkg = builtPackage()) {
  const prefixes = [
    { prefix: `https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}/`, html: 'text/plain; charset=utf-8' },
    { prefix: `https://unpkg.com/${pkg.name}@${pkg.version}/`, html: 'text/html; charset=utf-8' },
  ];
  // The bare package address: jsDelivr answers it with the file package.json's "jsdelivr" field
  // names, under the bare address itself (no redirect).
  const manifest = JSON.parse(readFileSync(join(pkg.folder, 'package.json'), 'utf8'));
  await context.route(`https://cdn.jsdelivr.net/npm/${pkg.name}@${pkg.version}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(join(pkg.folder, manifest.jsdelivr)) }),
  );
  for (const { prefix, html } of prefixes) {
    await context.route(`${prefix}**`, async (route) => {
      const path = new URL(route.request().url()).pathname.slice(new URL(prefix).pathname.length);
      const file = join(pkg.folder, decodeURIComponent(path));
      if (!file.startsWith(pkg.folder) || !existsSync(file) || (pkg.files && !pkg.files.includes(path))) {
        await route.fulfill({ status: 404, contentType: 'text/plain', headers: { 'access-control-allow-origin': '*' }, body: 'Not found\n' });
        return;
      }
      const extension = extname(file);
      await route.fulfill({
        status: 200,
        contentType: extension === '.html' ? html : TYPES[extension] ?? 'application/octet-stream',
        headers: { 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin', 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' },
        body: readFileSync(file),
      });
    });
  }
}

/** Every file below `folder`, as paths relative to it (for comparing with `npm pack`'s list). */
export function filesBelow(folder, prefix = '') {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesBelow(folder, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}
