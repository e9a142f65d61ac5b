// The builder's Web Worker: it loads the compiler's WebAssembly (only this page ever does) and
// answers the page's requests one at a time, so a compile of a 10 MB paste never blocks the
// page. Each request is `{ id, type, ... }`; each answer is `{ id, ok: true, value }` or
// `{ id, ok: false, error: { code, message, version } }`. While a build runs, the worker posts
// `{ type: 'progress', stage, bytes }` between its stages.
import initialise, { build, decode, detect } from './dist/builder.js';
import { zipSync } from 'fflate';

const ready = initialise();
let current = null;

/** The error of a failed call as a plain object the page can show. */
function plainError(error) {
  if (error && typeof error === 'object' && typeof error.message === 'string') {
    return { code: error.code || 'builder-error', message: error.message, version: error.version ?? null };
  }
  return { code: 'builder-error', message: String(error), version: null };
}

/** How many bytes the draft's texts are, as UTF-8. */
function draftBytes(draft) {
  const encoder = new TextEncoder();
  return draft.versions.reduce((sum, version) => sum + encoder.encode(version.text).length, 0);
}

const handlers = {
  async build({ draft }) {
    const bytes = draftBytes(draft);
    postMessage({ type: 'progress', stage: 'compiling', bytes });
    const started = performance.now();
    current?.free();
    current = null;
    current = build(draft);
    postMessage({ type: 'progress', stage: 'reviewing', bytes });
    const review = current.review();
    const corpus = current.corpusBytes();
    return { value: { review, corpus, milliseconds: performance.now() - started }, transfer: [corpus.buffer] };
  },
  rows({ start, count }) {
    return { value: current ? current.rows(start, count) : [] };
  },
  resolve({ citation }) {
    if (!current) throw { code: 'builder-error', message: 'Nothing is compiled yet.' };
    return { value: current.resolveCitation(citation) };
  },
  search({ query }) {
    if (!current) throw { code: 'builder-error', message: 'Nothing is compiled yet.' };
    return { value: current.search(query) };
  },
  corpus() {
    if (!current) throw { code: 'builder-error', message: 'Nothing is compiled yet.' };
    const corpus = current.corpusBytes();
    return { value: corpus, transfer: [corpus.buffer] };
  },
  zip({ folder }) {
    if (!current) throw { code: 'builder-error', message: 'Nothing is compiled yet.' };
    // A stored-and-deflated zip of the corpus directory under one folder, as `clause-cite
    // compile <folder>` reads it; fflate (a maintained, dependency-free zip library) writes it.
    const entries = {};
    for (const file of current.files()) entries[`${folder}/${file.path}`] = [file.bytes, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }];
    const zipped = zipSync(entries);
    return { value: zipped, transfer: [zipped.buffer] };
  },
  decode({ name, bytes }) {
    return { value: decode(name, new Uint8Array(bytes)) };
  },
  detect({ text }) {
    return { value: detect(text) };
  },
};

addEventListener('message', async (event) => {
  const { id, type } = event.data;
  try {
    await ready;
    const handler = handlers[type];
    if (!handler) throw { code: 'builder-error', message: `The worker has no request '${type}'.` };
    const { value, transfer = [] } = await handler(event.data);
    postMessage({ id, ok: true, value }, transfer);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      // A trap leaves the module's memory in an unknown state: say so, and let the page start a
      // fresh worker.
      postMessage({ id, ok: false, error: { code: 'builder-crashed', message: `The compiler stopped unexpectedly (${error.message}); the page restarts it. Your texts and fixes are kept.`, version: null } });
      close();
      return;
    }
    postMessage({ id, ok: false, error: plainError(error) });
  }
});
