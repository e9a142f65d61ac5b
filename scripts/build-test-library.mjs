// Builds the test library, the default corpus and the three test documents as one library for
// static hosting, with the CLI (`clause-cite compile --library`), for tests/node/library*.test.mjs
// and by hand:
//
//   node scripts/build-test-library.mjs [folder]      (default: target/test-library)
//
// Files already in the folder with the same name hold the same bytes (names are checksums), so a
// rebuild writes only what changed.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The corpus directories of the test library, in library order. */
export const testLibrarySources = [
  'corpus/lac-2025',
  'tests/fixtures/documents/law',
  'tests/fixtures/documents/white-paper',
  'tests/fixtures/documents/messy-translation',
];

/** Builds the test library into `folder` and returns the folder. */
export function buildTestLibrary(folder = `${root}target/test-library`, sources = testLibrarySources) {
  const run = spawnSync(
    'cargo',
    ['run', '--quiet', '-p', 'clause-cite-cli', '--', 'compile', '--library', folder, '--id', 'test-library', '--title', 'The test library', ...sources],
    { cwd: root, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`clause-cite compile --library failed:\n${run.stderr}`);
  return folder;
}

/** Where `npm start` serves a library from, at /library/ (scripts/serve.mjs). */
export const SAMPLE_LIBRARY = `${root}target/sample-library`;

/**
 * The build step of scripts/build.mjs: the sample library `npm start` serves, with a brotli-11
 * copy of each file beside it (`<name>.br`), which the server sends to a browser that accepts
 * brotli, as a CDN stores and sends a static file.
 */
export function build() {
  const folder = buildTestLibrary(SAMPLE_LIBRARY);
  const walk = (directory) => readdirSync(directory, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(directory, entry.name)) : [join(directory, entry.name)]));
  for (const file of walk(folder).filter((name) => !name.endsWith('.br'))) {
    const bytes = readFileSync(file);
    writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
  }
  console.log(`build-test-library: the sample library (the default corpus and the three test documents) in ${folder}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`build-test-library: ${buildTestLibrary(process.argv[2])}`);
}
