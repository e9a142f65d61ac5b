// Builds the fuzz targets of this folder (cargo-fuzz, libFuzzer, stable Rust) and runs them one
// at a time, printing each one's executions, rate and findings.
//
//   node fuzz/run.mjs --smoke               every target for a short fixed number of runs, with
//                                           a fixed seed (the `fuzz` tier of `npm test`); the
//                                           inputs libFuzzer finds are thrown away
//   node fuzz/run.mjs [target…]             a campaign (`npm run fuzz`): 300 s per target by
//   node fuzz/run.mjs --seconds S           default, or S seconds, or N executions per target;
//   node fuzz/run.mjs --runs N              the inputs libFuzzer finds are kept in
//                                           fuzz/corpus/<target>/ for the next campaign
//   … --no-trace-compares                   build without comparison tracing: more executions a
//                                           second, fewer hints for guessing magic values
//
// FUZZ_SECONDS and FUZZ_RUNS set the same as --seconds and --runs. Each target starts from its
// seeds (fuzz/seeds/<target>/) and regression inputs (fuzz/regressions/<target>/), which
// libFuzzer runs before it mutates anything; the inputs of open findings (open-*) are run apart,
// with FUZZ_STRICT=1, and must still fail (see fuzz/README.md). A finding (a panic, a broken invariant, an input
// over the target's CPU-time bound, a hang) stops that target; its input is written to
// fuzz/artifacts/<target>/, and belongs in fuzz/regressions/<target>/ once understood.
//
// cargo-fuzz is installed with `cargo install cargo-fuzz --locked` when it is missing (about
// two minutes, once).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fuzz = fileURLToPath(new URL('.', import.meta.url));
const TARGETS = ['citations', 'search', 'find_citations', 'corpus_decoder', 'compiler'];
/**
 * The longest input libFuzzer makes for each target, in bytes: a citation with an author's quote
 * of 4,000 characters (the most the quote check reads) in Chinese, a query of 1,000 characters
 * (the most search reads) in Chinese, a few pages of running text, corpora somewhat larger than
 * the seeds. A target whose seeds or regression inputs are longer gets their length instead, so
 * that libFuzzer never cuts them.
 */
const MAX_LENGTH = { citations: 12288, search: 4096, find_citations: 8192, corpus_decoder: 24576, compiler: 24576 };
/**
 * Executions per target in a smoke run, after the seeds and regression inputs: together about a
 * minute on two busy cores once built (see README.md for the measurements).
 */
const SMOKE_RUNS = { citations: 2000, search: 2000, find_citations: 4000, corpus_decoder: 2000, compiler: 2000 };
const DEFAULT_SECONDS = 300;

function parseArguments(argv) {
  const options = {
    smoke: false,
    traceCompares: true,
    runs: Number(process.env.FUZZ_RUNS) || 0,
    seconds: Number(process.env.FUZZ_SECONDS) || 0,
    targets: [],
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--smoke') options.smoke = true;
    else if (argument === '--runs') options.runs = Number(argv[++index]);
    else if (argument === '--seconds') options.seconds = Number(argv[++index]);
    else if (argument === '--no-trace-compares') options.traceCompares = false;
    else if (TARGETS.includes(argument)) options.targets.push(argument);
    else {
      console.error(`fuzz: unknown argument '${argument}'. Options: --smoke, --runs N, --seconds S, --no-trace-compares; targets: ${TARGETS.join(', ')}.`);
      process.exit(2);
    }
  }
  if (!(options.runs >= 0) || !(options.seconds >= 0)) {
    console.error('fuzz: --runs and --seconds (FUZZ_RUNS, FUZZ_SECONDS) take a whole number.');
    process.exit(2);
  }
  if (!options.targets.length) options.targets = TARGETS;
  if (!options.smoke && !options.runs && !options.seconds) options.seconds = DEFAULT_SECONDS;
  return options;
}

/** Makes sure `cargo fuzz` runs, installing cargo-fuzz when it does not; exits when it cannot. */
function requireCargoFuzz() {
  if (spawnSync('cargo', ['fuzz', '--version'], { stdio: 'ignore' }).status === 0) return;
  console.log('fuzz: cargo-fuzz is not installed; installing it with `cargo install cargo-fuzz --locked` (about two minutes, once)');
  const install = spawnSync('cargo', ['install', 'cargo-fuzz', '--locked'], { stdio: 'inherit' });
  if (install.status !== 0 || spawnSync('cargo', ['fuzz', '--version'], { stdio: 'ignore' }).status !== 0) {
    console.error('fuzz: cargo-fuzz could not be installed. Install it with `cargo install cargo-fuzz --locked` and run this again.');
    process.exit(1);
  }
}

/** The seed and regression directories of a target that hold inputs. */
function startingDirectories(target) {
  return ['seeds', 'regressions']
    .map((folder) => join(fuzz, folder, target))
    .filter((directory) => existsSync(directory) && readdirSync(directory).length);
}

/**
 * The directories libFuzzer starts from: the seeds, and a copy of the regression inputs without
 * the open findings' (checked on their own, by checkOpenFindings: one of them takes seconds).
 * Returns them and a function that removes the copy.
 */
function startingInputs(target) {
  const copy = mkdtempSync(join(tmpdir(), `clause-cite-fuzz-${target}-regressions-`));
  const directories = [];
  for (const directory of startingDirectories(target)) {
    if (!directory.startsWith(join(fuzz, 'regressions'))) {
      directories.push(directory);
      continue;
    }
    for (const name of readdirSync(directory).filter((name) => !name.startsWith('open-'))) copyFileSync(join(directory, name), join(copy, name));
    if (readdirSync(copy).length) directories.push(copy);
  }
  return { directories, remove: () => rmSync(copy, { recursive: true, force: true }) };
}

/** The longest file in `directories`, in bytes. */
function longestInput(directories) {
  let longest = 0;
  for (const directory of directories) {
    for (const name of readdirSync(directory)) longest = Math.max(longest, statSync(join(directory, name)).size);
  }
  return longest;
}

/** Runs one target; resolves to { target, runs, seconds, rate, newInputs, peakMegabytes, findings, artifact, letPass }. */
function runTarget(binary, target, options, corpus) {
  const artifacts = join(fuzz, 'artifacts', target);
  mkdirSync(artifacts, { recursive: true });
  mkdirSync(corpus, { recursive: true });
  const { directories: starting, remove } = startingInputs(target);
  const maxLength = Math.max(MAX_LENGTH[target], longestInput(starting));
  const limit = options.smoke
    ? [`-runs=${SMOKE_RUNS[target]}`, '-seed=1']
    : options.runs
      ? [`-runs=${options.runs}`]
      : [`-max_total_time=${options.seconds}`];
  // -timeout is libFuzzer's wall-clock limit per input, a backstop for hangs; the targets' own
  // bounds are CPU time and much shorter.
  const args = [corpus, ...starting, ...limit, `-max_len=${maxLength}`, `-artifact_prefix=${artifacts}/`, '-print_final_stats=1', '-timeout=60', '-rss_limit_mb=2048'];
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd: fuzz, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.length > 1 << 20) log = log.slice(-(1 << 19));
      if (!options.smoke) {
        // Progress in a long campaign: libFuzzer's periodic status lines.
        for (const line of String(chunk).split('\n')) if (/^#\d+\s+pulse/.test(line)) process.stdout.write(`  ${target}: ${line}\n`);
      }
    });
    child.on('close', (code, signal) => {
      remove();
      const seconds = (Date.now() - started) / 1000;
      const stat = (name) => Number(new RegExp(`stat::${name}:\\s*(\\d+)`).exec(log)?.[1] ?? 0);
      const runs = stat('number_of_executed_units') || Number(/Done (\d+) runs/.exec(log)?.[1] ?? 0);
      const artifact = /Test unit written to (\S+)/.exec(log)?.[1] ?? null;
      const findings = code === 0 ? 0 : 1;
      // The open findings the target met and let pass (each is printed once per process).
      const letPass = [...new Set([...log.matchAll(/the open finding (\S+) is let pass/g)].map((match) => match[1]))];
      if (findings) process.stderr.write(`\n--- ${target}: libFuzzer exited with ${code ?? signal}; the end of its log:\n${log.slice(-6000)}\n`);
      resolve({ target, runs, seconds, rate: stat('average_exec_per_sec'), newInputs: stat('new_units_added'), peakMegabytes: stat('peak_rss_mb'), findings, artifact, letPass });
    });
  });
}

const options = parseArguments(process.argv.slice(2));
requireCargoFuzz();
const buildStarted = Date.now();
const buildArguments = ['fuzz', 'build', '-s', 'none', ...(options.traceCompares ? [] : ['--no-trace-compares'])];
console.log(`fuzz: cargo ${buildArguments.join(' ')} (optimized, with coverage instrumentation)`);
const build = spawnSync('cargo', buildArguments, { cwd: fuzz, stdio: 'inherit' });
if (build.status !== 0) {
  console.error('fuzz: the fuzz targets do not build.');
  process.exit(build.status ?? 1);
}
console.log(`fuzz: built in ${((Date.now() - buildStarted) / 1000).toFixed(1)} s`);
const host = /^host: (.+)$/m.exec(spawnSync('rustc', ['-vV'], { encoding: 'utf8' }).stdout)[1];
const binaries = join(fuzz, 'target', host, 'release');

/**
 * Runs each open finding's input (regressions/<target>/open-*) once with FUZZ_STRICT=1, which
 * must still fail: the checks let open findings pass otherwise (src/checks.rs, KNOWN_FINDINGS).
 * An open input that passes means its bug was fixed; its tolerance must then be removed.
 */
function checkOpenFindings(targets) {
  const fixed = [];
  for (const target of targets) {
    const directory = join(fuzz, 'regressions', target);
    if (!existsSync(directory)) continue;
    for (const name of readdirSync(directory).filter((name) => name.startsWith('open-'))) {
      const run = spawnSync(join(binaries, target), [join(directory, name)], { cwd: fuzz, env: { ...process.env, FUZZ_STRICT: '1' }, stdio: 'ignore' });
      if (run.status === 0) fixed.push(`${target}/${name}`);
      else console.log(`fuzz: open finding ${target}/${name} still fails with FUZZ_STRICT=1 (known, reported; let pass otherwise)`);
    }
  }
  for (const name of fixed) {
    console.error(`fuzz: the open finding ${name} no longer fails: remove its entry from KNOWN_FINDINGS in fuzz/src/checks.rs and drop the input's open- prefix.`);
  }
  return fixed.length;
}

const fixedFindings = checkOpenFindings(options.targets);
const results = [];
const runStarted = Date.now();
for (const target of options.targets) {
  const corpus = options.smoke ? mkdtempSync(join(tmpdir(), `clause-cite-fuzz-${target}-`)) : join(fuzz, 'corpus', target);
  const what = options.smoke ? `${SMOKE_RUNS[target]} runs` : options.runs ? `${options.runs} runs` : `${options.seconds} s`;
  console.log(`fuzz: ${target} (${what})`);
  const result = await runTarget(join(binaries, target), target, options, corpus);
  if (options.smoke) rmSync(corpus, { recursive: true, force: true });
  results.push(result);
  console.log(`  ${target}: ${result.runs} executions in ${result.seconds.toFixed(1)} s (${result.rate} exec/s), ${result.newInputs} new inputs, ${result.findings} findings${result.artifact ? `; input: ${result.artifact}` : ''}${result.letPass.length ? `; open findings met again and let pass: ${result.letPass.join(', ')}` : ''}`);
}
console.log(`\nfuzz: ${options.smoke ? 'smoke run' : 'campaign'} of ${results.length} targets in ${((Date.now() - runStarted) / 1000).toFixed(1)} s (after ${((runStarted - buildStarted) / 1000).toFixed(1)} s of building and checking open findings)`);
console.log('| target | executions | seconds | exec/s | new inputs | peak RSS (MB) | findings |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const result of results) {
  console.log(`| ${result.target} | ${result.runs} | ${result.seconds.toFixed(1)} | ${result.rate} | ${result.newInputs} | ${result.peakMegabytes} | ${result.findings} |`);
}
process.exit(results.some((result) => result.findings) || fixedFindings ? 1 : 0);
