// Builds the test library, the default corpus and the three test documents as one library for
// static hosting, with the CLI (`clause-cite compile --library`), for tests/node/library*.test.mjs
// and by hand:
//
//   node scripts/build-test-library.mjs [folder]      (default: target/test-library)
//
// Files already in the folder with the same name hold the same bytes (names are checksums), so a
// rebuild writes only what changed.
import { spawnSync } from 'node:child_process';
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

/** The build step of scripts/build.mjs: the sample library `npm start` serves. */
export function build() {
  console.log(`build-test-library: the sample library (the default corpus and the three test documents) in ${buildTestLibrary(SAMPLE_LIBRARY)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`build-test-library: ${buildTestLibrary(process.argv[2])}`);
}
