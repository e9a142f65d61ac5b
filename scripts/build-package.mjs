// Builds the npm package `clause-cite` into pkg/ (generated, git-ignored, never hand-edited):
//   1. cargo builds the library for wasm32-unknown-unknown (release profile: opt-level z, LTO,
//      panic = abort);
//   2. wasm-bindgen writes the JavaScript glue for the web target (ES module, no bundler needed);
//   3. wasm-opt -Oz (from node_modules/binaryen) shrinks the wasm, and the result is validated;
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

export async function build() {
  console.log('build-package: cargo build --release --target wasm32-unknown-unknown -p clause-cite-web');
  run('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '-p', 'clause-cite-web', '--lib']);

  rmSync(output, { recursive: true, force: true });
  mkdirSync(output, { recursive: true });
  console.log('build-package: wasm-bindgen --target web');
  run('wasm-bindgen', [
    '--target', 'web',
    '--no-typescript',
    // __wbg_reset_state() makes a fresh instance of the module: pkg-template/api.js calls it
    // after a trap, which leaves an instance's stack and allocator in an unknown state.
    '--experimental-reset-state-function',
    '--out-dir', output,
    '--out-name', 'clause_cite',
    `${process.env.CARGO_TARGET_DIR ?? `${root}target`}/wasm32-unknown-unknown/release/clause_cite_web.wasm`,
  ]);

  console.log('build-package: wasm-opt -Oz');
  const wasmOpt = `${root}node_modules/binaryen/bin/wasm-opt`;
  run(wasmOpt, [...wasmFeatures, '-Oz', '--strip-debug', '--strip-producers', `${output}${wasmName}`, '-o', `${output}${wasmName}`]);
  const wasmBytes = readFileSync(`${output}${wasmName}`);
  if (!WebAssembly.validate(wasmBytes)) throw new Error(`build-package: ${wasmName} does not validate after wasm-opt`);

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
