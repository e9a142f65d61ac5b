// Builds the npm package `clause-cite` into pkg/ (generated, git-ignored, never hand-edited):
//   1. cargo builds the library for wasm32-unknown-unknown (release profile: opt-level z, LTO,
//      panic = abort);
//   2. wasm-bindgen writes the JavaScript glue for the web target (ES module, no bundler needed);
//   3. wasm-opt -Oz (from node_modules/binaryen) shrinks the wasm, and the result is validated;
//      then the widget's two engines (the same crate with one feature each, see widgetVariants)
//      go through the same steps into target/clause-cite-widget/, each checked against this glue;
//   4. the hand-written entries, types and README are copied from pkg-template/, and
//      pkg/package.json is written from pkg-template/package.json with the crate's version;
//   5. the browser entry pkg/index.js is bundled and minified with esbuild (api.js and the glue
//      inlined: one request and about half the bytes of the three readable files); the Node
//      entry keeps the readable files, and index.js.map maps the bundle back to them.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = `${root}pkg/`;
const template = `${root}pkg-template/`;
const wasmName = 'clause_cite_bg.wasm';

// The WebAssembly features the wasm32-unknown-unknown target of current Rust emits and every
// browser this package supports runs; wasm-opt must know them to read the module and must not
// use any others.
const wasmFeatures = [
  '--enable-bulk-memory',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-multivalue',
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`build-package: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`build-package: ${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** The version in Cargo.toml's [package] table, so the npm package and the crate agree. */
function crateVersion() {
  const manifest = readFileSync(`${root}Cargo.toml`, 'utf8');
  const match = /^\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(manifest);
  if (!match) throw new Error('build-package: no version found in the [workspace.package] table of Cargo.toml');
  return match[1];
}

/** Points the template's `./clause_cite.js` and `./api.js` imports at pkg/ while bundling. */
const gluePlugin = {
  name: 'clause-cite-glue',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/(clause_cite|api)\.js$/ }, (args) => ({ path: `${output}${args.path.slice(2)}` }));
  },
};

/** Where cargo writes the wasm32 release build of the bindings crate. */
const targetDirectory = process.env.CARGO_TARGET_DIR ?? `${root}target`;
const cargoWasm = `${targetDirectory}/wasm32-unknown-unknown/release/clause_cite_web.wasm`;

/**
 * The widget's own modules, staged here for scripts/build-widget.mjs (which copies them into
 * dist/): the widget does not load the package's module, which carries everything, but one of
 * two smaller builds of the same crate behind the same glue:
 *   clause_cite_bg.wasm         — the embedded corpus, no library code: pages without a library;
 *   clause_cite_library_bg.wasm — the library code, no embedded corpus: pages that name a library
 *                                 (a card of the default corpus there reads clause-cite-default.ccc).
 */
export const widgetStage = `${targetDirectory}/clause-cite-widget/`;
export const widgetVariants = [
  { name: 'clause_cite_bg.wasm', features: ['embedded-corpus'], what: 'the embedded corpus, no library code' },
  { name: 'clause_cite_library_bg.wasm', features: ['library'], what: 'the library code, no embedded corpus' },
];
/** The default corpus as a file, for the widget's library module. */
export const defaultCorpusName = 'clause-cite-default.ccc';

/**
 * The exports a variant may lack, each only ever called by the glue's ClauseCiteLibrary (a page
 * with the library-less module is never given one: www/widget/runtime.js chooses the module).
 */
const LIBRARY_ONLY_EXPORT = /^(__wbg_)?clausecitelibrary_|^__externref_drop_slice$/;

/**
 * Builds the bindings crate with `features` (no defaults), runs cargo and gives the build
 * script outputs it reported: `{ outDirectories: Map(package name → OUT_DIR) }`.
 */
function cargoBuild(features) {
  const args = ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'clause-cite-web', '--lib', '--message-format=json-render-diagnostics'];
  if (features) args.push('--no-default-features', '--features', features.join(','));
  console.log(`build-package: cargo ${args.filter((arg) => !arg.startsWith('--message-format')).join(' ')}`);
  const result = spawnSync('cargo', args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`build-package: could not run cargo: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`build-package: cargo ${args.join(' ')} failed with exit code ${result.status}`);
  const outDirectories = new Map();
  for (const line of result.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const message = JSON.parse(line);
    if (message.reason === 'build-script-executed') outDirectories.set(message.package_id, message.out_dir);
  }
  return { outDirectories };
}

function optimise(file) {
  const wasmOpt = `${root}node_modules/binaryen/bin/wasm-opt`;
  run(wasmOpt, [...wasmFeatures, '-Oz', '--strip-debug', '--strip-producers', file, '-o', file]);
  const bytes = readFileSync(file);
  if (!WebAssembly.validate(bytes)) throw new Error(`build-package: ${file} does not validate after wasm-opt`);
  return bytes;
}

/**
 * Refuses a variant the package's glue cannot drive: every import it needs must be one the glue
 * provides (the full module's imports), every export must be the full module's, and the only
 * exports it may lack are the library's.
 */
function checkVariant(name, bytes, fullBytes) {
  const full = new WebAssembly.Module(fullBytes);
  const variant = new WebAssembly.Module(bytes);
  const key = (entry) => `${entry.module ?? ''} ${entry.name} ${entry.kind}`;
  const provided = new Set(WebAssembly.Module.imports(full).map(key));
  const unknownImports = WebAssembly.Module.imports(variant).filter((entry) => !provided.has(key(entry)));
  const fullExports = new Set(WebAssembly.Module.exports(full).map(key));
  const variantExports = WebAssembly.Module.exports(variant);
  const unknownExports = variantExports.filter((entry) => !fullExports.has(key(entry)));
  const present = new Set(variantExports.map(key));
  const missing = WebAssembly.Module.exports(full).filter((entry) => !present.has(key(entry)) && !LIBRARY_ONLY_EXPORT.test(entry.name));
  const problems = [
    ...unknownImports.map((entry) => `imports ${key(entry)}, which the glue does not provide`),
    ...unknownExports.map((entry) => `exports ${key(entry)}, which the full module does not`),
    ...missing.map((entry) => `lacks ${key(entry)}, which the glue calls outside ClauseCiteLibrary`),
  ];
  if (problems.length) throw new Error(`build-package: the widget module ${name} does not fit the package's glue: ${problems.join('; ')}`);
}

export async function build() {
  const { outDirectories } = cargoBuild();
  const corpusDirectory = [...outDirectories].find(([id]) => /clause-cite-default-corpus/.test(id))?.[1];
  if (!corpusDirectory) throw new Error('build-package: cargo reported no build script output for clause-cite-default-corpus');

  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  console.log('build-package: wasm-bindgen --target web');
  const bindgen = (input, directory) =>
    run('wasm-bindgen', [
      '--target', 'web',
      '--no-typescript',
      // __wbg_reset_state() makes a fresh instance of the module: pkg-template/api.js calls it
      // after a trap, which leaves an instance's stack and allocator in an unknown state.
      '--experimental-reset-state-function',
      '--out-dir', directory,
      '--out-name', 'clause_cite',
      input,
    ]);
  bindgen(cargoWasm, output);
  console.log('build-package: wasm-opt -Oz');
  const wasmBytes = optimise(`${output}${wasmName}`);

  // The widget's two modules: the same crate with fewer features, through the same glue.
  rmSync(widgetStage, { recursive: true, force: true });
  mkdirSync(widgetStage, { recursive: true });
  copyFileSync(`${corpusDirectory}/default.ccc`, `${widgetStage}${defaultCorpusName}`);
  for (const variant of widgetVariants) {
    cargoBuild(variant.features);
    const scratch = `${widgetStage}scratch/`;
    bindgen(cargoWasm, scratch);
    const bytes = optimise(`${scratch}${wasmName}`);
    checkVariant(variant.name, bytes, wasmBytes);
    copyFileSync(`${scratch}${wasmName}`, `${widgetStage}${variant.name}`);
    rmSync(scratch, { recursive: true, force: true });
    console.log(`build-package: the widget's ${variant.name} (${variant.what}): ${bytes.length} bytes`);
  }

  for (const name of readdirSync(template)) {
    if (name === 'package.json') continue;
    copyFileSync(`${template}${name}`, `${output}${name}`);
  }
  await esbuild.build({
    entryPoints: [`${template}index.js`],
    // Resolve the template's imports of ./clause_cite.js to the freshly generated glue.
    plugins: [gluePlugin],
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    sourcemap: 'linked',
    legalComments: 'none',
    outfile: `${output}index.js`,
    allowOverwrite: true,
    logLevel: 'warning',
  });

  const manifest = JSON.parse(readFileSync(`${template}package.json`, 'utf8'));
  manifest.version = crateVersion();
  writeFileSync(`${output}package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`build-package: pkg/ ready (clause-cite ${manifest.version}, wasm ${wasmBytes.length} bytes)`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await build();
}
