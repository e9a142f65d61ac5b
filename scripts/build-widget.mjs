// Builds the widget bundle www/dist/clause-cite.js: one minified ES module holding the custom
// elements (www/widget/), their UI strings (inlined from the JSON files) and the npm package's
// browser entry, plus the package's .wasm copied next to it, where the glue's
// `new URL('clause_cite_bg.wasm', import.meta.url)` looks for it. A page loads the module and
// the wasm, nothing else. Run after scripts/build-package.mjs (scripts/build.mjs does both).
import { build as esbuild } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = `${root}www/dist/`;
const bundleName = 'clause-cite.js';

/** The package's browser entry, read from pkg/package.json's exports (never guessed). */
function packageBrowserEntry() {
  const manifestPath = `${root}pkg/package.json`;
  if (!existsSync(manifestPath)) throw new Error('build-widget: pkg/ has not been built; run scripts/build-package.mjs first (node scripts/build.mjs does both).');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const exported = manifest.exports?.['.'];
  const entry = typeof exported === 'string' ? exported : exported?.browser ?? exported?.import ?? exported?.default ?? manifest.module;
  if (typeof entry !== 'string') throw new Error('build-widget: pkg/package.json names no browser entry in exports["."]');
  return `${root}pkg/${entry.replace(/^\.\//, '')}`;
}

export async function build() {
  const entry = packageBrowserEntry();
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  const result = await esbuild({
    entryPoints: [`${root}www/widget/define.js`],
    outfile: `${output}${bundleName}`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    alias: { 'clause-cite': entry },
    metafile: true,
    logLevel: 'warning',
  });

  // Every `new URL('<file>', import.meta.url)` left in the bundle names a file the bundle loads
  // at run time; each one is copied from the package folder next to the bundle.
  const code = readFileSync(`${output}${bundleName}`, 'utf8');
  const assets = new Set();
  for (const match of code.matchAll(/new URL\(\s*["'`](?:\.\/)?([\w.-]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) assets.add(match[1]);
  if (!assets.size) throw new Error('build-widget: the bundle loads no .wasm file next to itself; has the package entry changed?');
  for (const asset of assets) {
    const from = `${root}pkg/${asset}`;
    if (!existsSync(from)) throw new Error(`build-widget: the bundle loads ${asset}, which pkg/ does not have`);
    copyFileSync(from, `${output}${asset}`);
  }
  const sizes = [bundleName, ...assets].map((name) => `${name} ${statSync(`${output}${name}`).size} B`);
  console.log(`build-widget: www/dist/: ${sizes.join(', ')}`);
  void result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
