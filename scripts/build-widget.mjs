// Builds the widget bundle www/dist/clause-cite.js and puts the widget and the reader into the
// npm package:
//   1. esbuild bundles www/widget/define.js (the custom elements, their UI strings inlined from
//      the JSON files, and the npm package's browser entry) into one minified ES module, and the
//      package's .wasm is copied next to it, where the glue's
//      `new URL('clause_cite_bg.wasm', import.meta.url)` looks for it;
//   2. www/dist/release.js records the package name and version and the size and Subresource
//      Integrity hash (sha384) of every file in www/dist/, so the reader's citation builder can
//      write a pinned CDN script tag whose `integrity` matches the exact file;
//   3. the package in pkg/ gets the widget (pkg/dist/, the same files), the reader page
//      (pkg/index.html and pkg/reader/), the demo post (pkg/demo/) and the CHANGELOG, so that
//      https://cdn.jsdelivr.net/npm/clause-cite@<version>/dist/clause-cite.js (and the unpkg
//      address) loads the widget and https://unpkg.com/clause-cite@<version>/index.html opens
//      the reader, unchanged, from any origin.
// Run after scripts/build-package.mjs (scripts/build.mjs does both).
import { build as esbuild } from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { widgetStage, widgetVariants } from './build-package.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = `${root}www/dist/`;
const packageFolder = `${root}pkg/`;
const bundleName = 'clause-cite.js';
const releaseName = 'release.js';

/** The reader's files that ship in the package, relative to www/ (the same layout as www/). */
const READER_FILES = ['index.html', 'reader', 'demo'];

/** The package's browser entry, read from pkg/package.json's exports (never guessed). */
function packageBrowserEntry() {
  const manifestPath = `${packageFolder}package.json`;
  if (!existsSync(manifestPath)) throw new Error('build-widget: pkg/ has not been built; run scripts/build-package.mjs first (node scripts/build.mjs does both).');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const exported = manifest.exports?.['.'];
  const entry = typeof exported === 'string' ? exported : exported?.browser ?? exported?.import ?? exported?.default ?? manifest.module;
  if (typeof entry !== 'string') throw new Error('build-widget: pkg/package.json names no browser entry in exports["."]');
  return { entry: `${packageFolder}${entry.replace(/^\.\//, '')}`, manifest };
}

/** The Subresource Integrity value of `bytes`: "sha384-" and the base64 digest. */
export function integrityOf(bytes) {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/**
 * The release record the citation builder reads: name, version, the CDN base URLs of this
 * version, and for every file of dist/ its size and SRI hash.
 */
function releaseRecord(manifest, names) {
  const files = {};
  for (const name of names) {
    const bytes = readFileSync(`${output}${name}`);
    files[`dist/${name}`] = { bytes: bytes.length, integrity: integrityOf(bytes) };
  }
  const spec = `${manifest.name}@${manifest.version}`;
  return {
    name: manifest.name,
    version: manifest.version,
    widget: `dist/${bundleName}`,
    reader: 'index.html',
    cdn: {
      jsdelivr: `https://cdn.jsdelivr.net/npm/${spec}/`,
      unpkg: `https://unpkg.com/${spec}/`,
    },
    files,
  };
}

export async function build() {
  const { entry, manifest } = packageBrowserEntry();
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  await esbuild({
    entryPoints: [`${root}www/widget/define.js`],
    outfile: `${output}${bundleName}`,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    alias: { 'clause-cite': entry },
    logLevel: 'warning',
  });

  // Every `new URL('<file>', import.meta.url)` left in the bundle names a file the bundle loads
  // at run time; each one is copied next to the bundle from the widget's own modules (staged by
  // scripts/build-package.mjs: a smaller build of the wasm for each kind of page, and the
  // default corpus as a file), else from the package folder.
  const code = readFileSync(`${output}${bundleName}`, 'utf8');
  const assets = new Set();
  for (const match of code.matchAll(/new URL\(\s*["'`](?:\.\/)?([\w.-]+)["'`]\s*,\s*import\.meta\.url\s*\)/g)) assets.add(match[1]);
  if (!assets.size) throw new Error('build-widget: the bundle loads no .wasm file next to itself; has the package entry changed?');
  for (const variant of widgetVariants) {
    if (!assets.has(variant.name)) throw new Error(`build-widget: the bundle never loads ${variant.name}; www/widget/runtime.js must name it`);
  }
  for (const asset of assets) {
    const from = [`${widgetStage}${asset}`, `${packageFolder}${asset}`].find((path) => existsSync(path));
    if (!from) throw new Error(`build-widget: the bundle loads ${asset}, which neither ${widgetStage} nor pkg/ has`);
    copyFileSync(from, `${output}${asset}`);
  }

  const record = releaseRecord(manifest, [bundleName, ...assets]);
  writeFileSync(
    `${output}${releaseName}`,
    `// Generated by scripts/build-widget.mjs: this release's name, version, CDN addresses and the\n// size and Subresource Integrity hash of each file in dist/. Never edit by hand.\nexport default ${JSON.stringify(record, null, 2)};\n`,
  );

  // The package ships the widget in dist/ (the same bytes, so the same hashes), and the reader
  // and the demo post laid out as in www/, so their relative links work from the package too.
  rmSync(`${packageFolder}dist`, { recursive: true, force: true });
  cpSync(output, `${packageFolder}dist`, { recursive: true });

  // The dev server's copy (www/dist/, served at /dist/) also gets each file compressed with
  // brotli at quality 11, as a CDN stores and sends it (sirv serves the .br file to a browser
  // that accepts brotli); the package does not ship these.
  for (const name of [bundleName, ...assets]) {
    const bytes = readFileSync(`${output}${name}`);
    writeFileSync(`${output}${name}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
  }
  for (const name of READER_FILES) {
    rmSync(`${packageFolder}${name}`, { recursive: true, force: true });
    cpSync(`${root}www/${name}`, `${packageFolder}${name}`, { recursive: true });
  }
  copyFileSync(`${root}CHANGELOG.md`, `${packageFolder}CHANGELOG.md`);

  const sizes = readdirSync(output).map((name) => `${name} ${statSync(`${output}${name}`).size} B`);
  console.log(`build-widget: www/dist/ and pkg/dist/: ${sizes.join(', ')}; the reader in pkg/ (${READER_FILES.join(', ')})`);
  console.log(`build-widget: ${record.files[`dist/${bundleName}`].integrity} ${record.cdn.jsdelivr}dist/${bundleName}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
