// Builds everything the pages and the npm package need, in order:
//   1. the npm package in pkg/ (scripts/build-package.mjs): wasm, JS glue, types, package.json
//   2. the widget bundle in www/dist/ (scripts/build-widget.mjs): one module script + its wasm
import { existsSync } from 'node:fs';

for (const step of ['./build-package.mjs', './build-widget.mjs']) {
  if (existsSync(new URL(step, import.meta.url))) {
    const { build } = await import(step);
    await build();
  } else {
    console.log(`build: ${step} does not exist yet; skipped`);
  }
}
