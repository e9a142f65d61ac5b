// Helpers shared by the consumer-environment tests: a temporary consumer folder where
// `clause-cite` resolves to the built pkg/ exactly as an installed package would, and a static
// server for fixture pages with the package at /pkg/.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { listen } from '../../scripts/serve.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const packageFolder = join(root, 'pkg');
export const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Fails with a clear message when the package has not been built. */
export function requirePackage() {
  if (!existsSync(join(packageFolder, 'package.json'))) {
    throw new Error('pkg/ is not built: run `npm run build` (or `node scripts/build-package.mjs`) first.');
  }
}

/**
 * Copies a fixture folder (and the shared scenario) into a fresh temporary folder whose
 * node_modules/clause-cite links to pkg/, so imports of 'clause-cite' go through the package's
 * package.json `exports`. Returns the folder and a function that removes it.
 */
export function consumerFolder(fixture) {
  requirePackage();
  const folder = mkdtempSync(join(tmpdir(), `clause-cite-${fixture}-`));
  cpSync(join(fixtures, fixture), folder, { recursive: true });
  cpSync(join(fixtures, 'scenario.js'), join(folder, 'scenario.js'));
  mkdirSync(join(folder, 'node_modules'), { recursive: true });
  symlinkSync(packageFolder, join(folder, 'node_modules', 'clause-cite'), 'dir');
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * Serves `folder` at / and pkg/ at /pkg/ on a free port, counting requests per path so tests can
 * prove the wasm was fetched once. Returns { url, requests, close }.
 */
export async function serveStatic(folder) {
  requirePackage();
  const requests = new Map();
  const options = { dev: true, extensions: ['html'] };
  const site = sirv(folder, options);
  const pkg = sirv(packageFolder, options);
  const server = createServer((request, response) => {
    const path = new URL(request.url, 'http://localhost').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    const notFound = () => {
      response.statusCode = 404;
      response.end('Not found\n');
    };
    if (path.startsWith('/pkg/')) {
      request.url = request.url.slice('/pkg'.length);
      pkg(request, response, notFound);
    } else {
      site(request, response, notFound);
    }
  });
  const { url } = await listen(server, 19080 + Math.floor(Math.random() * 1000));
  return { url, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}
