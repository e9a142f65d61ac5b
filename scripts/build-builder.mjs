// Builds the "Add a document" page's own code into www/builder/dist/ (generated, git-ignored):
//   1. cargo builds the builder crate (the corpus compiler with wasm-bindgen bindings) for
//      wasm32-unknown-unknown, in the workspace's release profile;
//   2. wasm-bindgen writes its glue (web target) and wasm-opt -Oz shrinks the module;
//   3. esbuild bundles the page (main.js, with idb-keyval) and its Web Worker (worker.js, with
//      the glue and fflate) as two minified ES modules next to the wasm;
//   4. the page ships in the npm package as pkg/builder/ (index.html, builder.css, dist/), beside
//      the reader, so its relative links to the reader and to the widget (../dist/) work there.
// Only this page loads the compiler's wasm: the widget (www/dist/) and the reader never do, as
// tests/node/builder-isolation.test.mjs checks. Run after scripts/build-widget.mjs.
import { spawnSync } from 'node:child_process';
import { build as esbuild } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = `${root}www/builder/`;
const output = `${page}dist/`;
const wasmName = 'builder_bg.wasm';

// The same WebAssembly features as the package's module (see scripts/build-package.mjs).
const wasmFeatures = [
  '--enable-bulk-memory',
  '--enable-mutable-globals',
  '--enable-nontrapping-float-to-int',
  '--enable-sign-ext',
  '--enable-reference-types',
  '--enable-multivalue',
];

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`build-builder: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`build-builder: ${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

export async function build() {
  console.log('build-builder: cargo build --release --target wasm32-unknown-unknown -p clause-cite-builder');
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'clause-cite-builder', '--lib']);
  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  run('wasm-bindgen', [
    '--target', 'web',
    '--no-typescript',
    '--out-dir', output,
    '--out-name', 'builder',
    `${process.env.CARGO_TARGET_DIR ?? `${root}target`}/wasm32-unknown-unknown/release/clause_cite_builder.wasm`,
  ]);
  run(`${root}node_modules/binaryen/bin/wasm-opt`, [...wasmFeatures, '-Oz', '--strip-debug', '--strip-producers', `${output}${wasmName}`, '-o', `${output}${wasmName}`]);
  if (!WebAssembly.validate(readFileSync(`${output}${wasmName}`))) throw new Error(`build-builder: ${wasmName} does not validate after wasm-opt`);

  await esbuild({
    entryPoints: { main: `${page}main.js`, worker: `${page}worker.js` },
    outdir: output,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // The glue is inlined into the worker; only the wasm is fetched next to it.
  rmSync(`${output}builder.js`);

  if (existsSync(`${root}pkg/package.json`)) {
    const shipped = `${root}pkg/builder/`;
    rmSync(shipped, { recursive: true, force: true });
    mkdirSync(shipped, { recursive: true });
    for (const name of ['index.html', 'builder.css']) cpSync(`${page}${name}`, `${shipped}${name}`);
    cpSync(output, `${shipped}dist`, { recursive: true });
  }
  const sizes = readdirSync(output).map((name) => `${name} ${statSync(`${output}${name}`).size} B`);
  console.log(`build-builder: www/builder/dist/ and pkg/builder/: ${sizes.join(', ')}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await build();
