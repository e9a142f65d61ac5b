// Runs every test tier in order and prints one summary line per tier, then a total.
//   0. lint:    cargo clippy over the workspace, warnings as errors; format: cargo fmt --check
//   1. native:  cargo test (the core, the CLI, the corpus fidelity and alignment tables, fuzzing)
//   2. fuzz:    each cargo-fuzz target in fuzz/ for a short fixed number of runs (fuzz/run.mjs)
//   3. wasm:    wasm-bindgen-test tests of the bindings in headless Chromium
//   4. node:    the npm package in Node, a Vite build, a plain page and a Web Worker
//   5. browser: Playwright (playwright-core + the system Chromium) against the real pages
// A tier whose test folder does not exist yet is reported as absent, never as passed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const chromeDriver = process.env.CHROMEDRIVER || '/usr/bin/chromedriver';

const hasTests = (folder) =>
  existsSync(`${root}${folder}`) && readdirSync(`${root}${folder}`).some((name) => /\.(test\.mjs|rs)$/.test(name));

const tiers = [
  // Lints first: clippy with every warning an error (clippy.toml keeps the std sorts out of the
  // wasm; see ARCHITECTURE.md, "Size").
  { name: 'lint', command: 'cargo', args: ['clippy', '--quiet', '--workspace', '--all-targets', '--', '-D', 'warnings'], present: true },
  // Formatting: rustfmt.toml's settings, checked, never applied, by the tests.
  { name: 'format', command: 'cargo', args: ['fmt', '--all', '--check'], present: true },
  // The whole workspace but the browser crate (whose tests need a browser: the wasm tier).
  { name: 'native', command: 'cargo', args: ['test', '--quiet', '--workspace', '--exclude', 'clause-cite-web'], present: true },
  // The fuzz targets (their own crate, outside the workspace): built once, then each run briefly
  // from its seeds and regression inputs; fuzz/run.mjs installs cargo-fuzz when it is missing.
  { name: 'fuzz', command: process.execPath, args: ['fuzz/run.mjs', '--smoke'], present: existsSync(`${root}fuzz/Cargo.toml`) },
  {
    name: 'wasm',
    command: 'cargo',
    // No --quiet: cargo passes it on to wasm-bindgen-test-runner, which rejects it.
    args: ['test', '-p', 'clause-cite-web', '--target', 'wasm32-unknown-unknown', '--test', 'wasm'],
    env: { CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER: 'wasm-bindgen-test-runner', CHROMEDRIVER: chromeDriver },
    present: existsSync(`${root}web/tests/wasm.rs`),
  },
  { name: 'node', command: process.execPath, args: ['--test', '--test-concurrency=1', 'tests/node/'], present: hasTests('tests/node') },
  { name: 'browser', command: process.execPath, args: ['--test', '--test-concurrency=1', 'tests/e2e/'], present: hasTests('tests/e2e') },
];

const only = process.argv.slice(2);
const results = [];
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  if (!tier.present) {
    console.log(`\n=== tier ${tier.name}: absent (no tests written yet)`);
    results.push({ name: tier.name, status: 'absent' });
    continue;
  }
  console.log(`\n=== tier ${tier.name}: ${tier.command === process.execPath ? 'node' : tier.command} ${tier.args.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(tier.command, tier.args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...tier.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  results.push({ name: tier.name, status: run.status === 0 ? 'passed' : 'failed', seconds });
}

console.log('\n=== summary');
for (const result of results) console.log(`  ${result.name.padEnd(8)} ${result.status}${result.seconds ? ` (${result.seconds} s)` : ''}`);
const passed = results.filter((result) => result.status === 'passed').length;
const failed = results.filter((result) => result.status === 'failed').length;
console.log(`tiers: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
