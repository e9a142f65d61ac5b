// Builds everything the pages and the npm package need, in order:
//   1. the npm package in pkg/ (scripts/build-package.mjs): wasm, JS glue, types, package.json
//   2. the reader page www/index.html from www/reader.html, with the texts for readers without
//      JavaScript (scripts/build-reader.mjs)
//   3. the widget bundle in www/dist/ (scripts/build-widget.mjs): one module script + its wasm
//   4. the "Add a document" page's compiler wasm and bundles in www/builder/dist/ (scripts/build-builder.mjs)
//   5. the sample library `npm start` serves at /library/ (scripts/build-test-library.mjs)
import { existsSync } from 'node:fs';

for (const step of ['./build-package.mjs', './build-reader.mjs', './build-widget.mjs', './build-builder.mjs', './build-test-library.mjs']) {
  if (existsSync(new URL(step, import.meta.url))) {
    const { build } = await import(step);
    await build();
  } else {
    console.log(`build: ${step} does not exist yet; skipped`);
  }
}
