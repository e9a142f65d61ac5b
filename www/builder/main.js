// "Add a document": paste or drop each version's text, review the alignment the compiler finds,
// fix it by hand, try citations and searches on a real card, and download the corpus and its
// directory. Everything runs in this tab: the compiler is WebAssembly in a Web Worker
// (worker.js), the work in progress is kept in this browser's IndexedDB, and nothing is sent
// anywhere. Every text from the documents is put on the page as text, never as HTML.
import { del, get, set } from 'idb-keyval';
import { htmlToText } from './html-text.js';

const STORAGE_KEY = 'clause-cite-builder-draft';
const ROWS_PER_PAGE = 200;
const FLAGS_SHOWN = 100;
const COMPILE_DELAY = 400;
// A text longer than this is kept for its version but not put into the text box: a browser lays
// out a text box's whole content, and megabytes in one make the page crawl.
const LARGE_CHARACTERS = 200_000;
const PREVIEW_CHARACTERS = 3000;
const SAVE_DELAY = 600;
const ROLES = [
  ['original', 'Original'],
  ['official-translation', 'Official translation'],
  ['unofficial-translation', 'Unofficial translation'],
];
const FIELDS = [
  { key: 'lang', label: 'Language', required: true, hint: 'A language tag: zh-Hans, en, fr.' },
  { key: 'title', label: 'Title', required: true, hint: 'As the version writes it.' },
  { key: 'publisher', label: 'Publisher', required: true, hint: 'Who issued this version.' },
  { key: 'date', label: 'Date', required: true, hint: 'As YYYY-MM-DD.', pattern: '\\d{4}-\\d{2}-\\d{2}' },
  { key: 'url', label: 'Web address', required: false, hint: 'https://…, where this version is published.', type: 'url' },
];

const byId = (id) => document.getElementById(id);

/** Makes an element with attributes and children; strings become text nodes, never HTML. */
function h(name, attributes = {}, ...children) {
  const element = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (value === true) element.setAttribute(key, '');
    else element.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}

function newVersion(index) {
  return {
    text: '',
    fileName: '',
    lang: '',
    role: index === 0 ? 'original' : 'official-translation',
    title: '',
    publisher: '',
    date: '',
    url: '',
    excluded: [],
    // Which fields hold a value found in the text rather than one the person typed.
    detected: {},
  };
}

let state = { documentId: '', hostUrl: '', versions: [newVersion(0), newVersion(1)], alignment: [] };
let compiled = null; // { review, corpusUrl, rows: [], generation }
let generation = 0;

// ---------------------------------------------------------------------------------------------
// The worker: one request at a time per kind, answered by id; restarted when stopped or broken.

let worker = null;
let nextRequest = 1;
const pending = new Map();

function startWorker() {
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'progress') {
      showProgress(message);
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    if (message.ok) request.resolve(message.value);
    else {
      if (message.error?.code === 'builder-crashed') restartWorker();
      request.reject(message.error);
    }
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    const failure = { code: 'worker-unavailable', message: `The compiler could not start in this browser (${event.message || 'the worker failed to load'}). The page needs module workers and WebAssembly.` };
    for (const request of pending.values()) request.reject(failure);
    pending.clear();
    showError(failure);
  });
}

function restartWorker() {
  worker?.terminate();
  const stopped = { code: 'stopped', message: 'Stopped.' };
  for (const request of pending.values()) request.reject(stopped);
  pending.clear();
  startWorker();
}

function ask(type, fields = {}, transfer = []) {
  const id = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...fields }, transfer);
  });
}

// ---------------------------------------------------------------------------------------------
// Keeping the work: IndexedDB (a 10 MB text does not fit localStorage), saved shortly after
// each change; cleared on request.

let saveTimer = null;
/** Saves after a pause in typing, or at once for a paste, a file or a fix. */
function scheduleSave(delay = SAVE_DELAY) {
  clearTimeout(saveTimer);
  setSaved('Saving in this browser…');
  saveTimer = setTimeout(() => {
    set(STORAGE_KEY, state).then(
      () => setSaved('Saved in this browser.'),
      (error) => setSaved(`Could not save in this browser: ${error?.message || error}`),
    );
  }, delay);
}

function setSaved(text) {
  byId('saved').textContent = text;
}

async function restore() {
  try {
    const saved = await get(STORAGE_KEY);
    if (saved && Array.isArray(saved.versions) && saved.versions.length) {
      state = {
        documentId: String(saved.documentId ?? ''),
        hostUrl: String(saved.hostUrl ?? ''),
        versions: saved.versions.map((version, index) => ({ ...newVersion(index), ...version })),
        alignment: Array.isArray(saved.alignment) ? saved.alignment : [],
      };
      setSaved('Your work from last time was restored from this browser.');
      return true;
    }
  } catch (error) {
    setSaved(`Could not read saved work: ${error?.message || error}`);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Input: one fieldset per version.

function versionName(index) {
  return index === 0 ? 'Original' : `Translation ${index}`;
}

function byteCount(text) {
  return new TextEncoder().encode(text).length;
}

function formatBytes(bytes) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

function renderVersions() {
  const container = byId('versions');
  container.replaceChildren(...state.versions.map((version, index) => versionFieldset(version, index)));
  byId('document-id').value = state.documentId;
}

function isLarge(text) {
  return text.length > LARGE_CHARACTERS;
}

function replaceFieldset(index) {
  byId(`version-${index}`).replaceWith(versionFieldset(state.versions[index], index));
}

function versionFieldset(version, index) {
  const prefix = `version-${index}`;
  const large = isLarge(version.text);
  const textarea = h('textarea', {
    id: `${prefix}-text`,
    rows: 8,
    spellcheck: 'false',
    'aria-describedby': `${prefix}-text-help ${prefix}-error`,
    'aria-required': 'true',
  });
  if (large) {
    // The text is kept, not shown: pasting again replaces it, Clear empties the box.
    textarea.readOnly = true;
    textarea.placeholder = `This version holds ${formatBytes(byteCount(version.text))} of text, too long to show here without slowing the page; its first lines are below. Paste here again to replace it.`;
  } else {
    textarea.value = version.text;
  }
  textarea.addEventListener('input', () => textChanged(index, textarea.value));
  textarea.addEventListener('paste', (event) => pasted(event, index, textarea));
  textarea.addEventListener('dragover', (event) => event.preventDefault());
  textarea.addEventListener('drop', (event) => {
    const file = event.dataTransfer?.files?.[0];
    if (!file) return;
    event.preventDefault();
    openFile(index, file);
  });
  const fileInput = h('input', {
    type: 'file',
    id: `${prefix}-file`,
    accept: '.txt,.text,.html,.htm,text/plain,text/html',
    onchange: (event) => {
      const file = event.target.files?.[0];
      if (file) openFile(index, file);
    },
  });
  const role = h(
    'select',
    { id: `${prefix}-role`, disabled: index === 0, onchange: (event) => fieldChanged(index, 'role', event.target.value) },
    ROLES.filter(([value]) => (index === 0 ? value === 'original' : value !== 'original')).map(([value, label]) => h('option', { value, selected: version.role === value }, label)),
  );
  const fields = FIELDS.map((field) => {
    const input = h('input', {
      id: `${prefix}-${field.key}`,
      type: field.type ?? 'text',
      required: field.required,
      'aria-required': field.required ? 'true' : null,
      pattern: field.pattern,
      'aria-describedby': `${prefix}-${field.key}-hint`,
      autocomplete: 'off',
    });
    input.value = version[field.key] ?? '';
    input.addEventListener('input', () => fieldChanged(index, field.key, input.value));
    const detected = version.detected?.[field.key] && version[field.key];
    return h(
      'div',
      { class: 'field' },
      h('label', { for: input.id }, field.label, field.required ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null),
      input,
      h('span', { class: 'hint', id: `${prefix}-${field.key}-hint` }, field.required ? 'Required. ' : 'Optional. ', detected ? `Found in the text; change it if it is wrong. ` : '', field.hint),
    );
  });
  return h(
    'fieldset',
    { class: 'version', id: prefix },
    h('legend', {}, `${versionName(index)}${version.fileName ? ` (${version.fileName})` : ''}`),
    h('label', { for: textarea.id, class: 'text-label' }, index === 0 ? 'The original text' : 'The translated text', h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
    h('p', { class: 'hint', id: `${prefix}-text-help` }, 'Paste the text (from a web page, its paragraphs and headings are kept), drop a text or HTML file here, or open one: ', h('span', { id: `${prefix}-size` }, version.text ? formatBytes(byteCount(version.text)) : 'empty'), '.'),
    textarea,
    large
      ? h(
          'div',
          { class: 'large' },
          h('details', {}, h('summary', {}, 'Its first lines'), h('pre', { class: 'preview' }, version.text.slice(0, PREVIEW_CHARACTERS))),
          h('button', { type: 'button', class: 'secondary', onclick: () => { state.versions[index].text = ''; replaceFieldset(index); byId(`${prefix}-text`).focus(); textChanged(index, ''); } }, 'Clear this text'),
        )
      : null,
    h('div', { class: 'file' }, h('label', { for: fileInput.id }, 'Open a file for this version'), fileInput),
    h('p', { class: 'version-error', id: `${prefix}-error`, role: 'alert' }),
    h('div', { class: 'fields' }, h('div', { class: 'field' }, h('label', { for: role.id }, 'Role'), role, h('span', { class: 'hint' }, index === 0 ? 'The first version is the original.' : 'Who issued this translation.')), fields),
    index > 0
      ? h('button', { type: 'button', class: 'secondary', onclick: () => removeVersion(index) }, `Remove ${versionName(index).toLowerCase()}`)
      : null,
  );
}

/** Pasted text goes in as plain text; HTML from a web page is first reduced to paragraphs. */
function pasted(event, index, textarea) {
  const data = event.clipboardData;
  if (!data) return;
  event.preventDefault();
  const html = data.getData('text/html');
  const text = html ? htmlToText(html) : data.getData('text/plain');
  const wasLarge = isLarge(state.versions[index].text);
  const next = wasLarge ? text : textarea.value.slice(0, textarea.selectionStart) + text + textarea.value.slice(textarea.selectionEnd);
  if (wasLarge || isLarge(next)) {
    state.versions[index].text = next;
    replaceFieldset(index);
    byId(`version-${index}-text`).focus();
  } else {
    textarea.setRangeText(text, textarea.selectionStart, textarea.selectionEnd, 'end');
  }
  textChanged(index, next, 0);
}

async function openFile(index, file) {
  const error = byId(`version-${index}-error`);
  error.textContent = '';
  try {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let text = await ask('decode', { name: file.name, bytes }, [bytes.buffer]);
    if (/\.html?$/i.test(file.name) || /^\s*<(!doctype html|html)/i.test(text)) text = htmlToText(text);
    state.versions[index].fileName = file.name.replace(/\.html?$/i, '.txt');
    state.versions[index].text = text;
    renderVersions();
    textChanged(index, text, 0);
  } catch (failure) {
    error.textContent = `${file.name}: ${failure.message}`;
  }
}

function removeVersion(index) {
  state.versions.splice(index, 1);
  state.alignment = state.alignment.filter((entry) => versionIdOf(entry.version) !== null);
  renderVersions();
  changed();
}

let detectTimers = new Map();
function textChanged(index, text, delay = COMPILE_DELAY) {
  state.versions[index].text = text;
  const size = byId(`version-${index}-size`);
  if (size) size.textContent = text ? formatBytes(byteCount(text)) : 'empty';
  // The defaults are read from the start of the text, where they are.
  clearTimeout(detectTimers.get(index));
  detectTimers.set(index, setTimeout(() => detectDefaults(index), 250));
  changed(delay);
}

async function detectDefaults(index) {
  const version = state.versions[index];
  if (!version || !version.text.trim()) return;
  let found;
  try {
    found = await ask('detect', { text: version.text.slice(0, 65536) });
  } catch {
    return;
  }
  let filled = false;
  for (const key of ['lang', 'title', 'date']) {
    const value = found[key];
    if (!value) continue;
    if (!version[key] || version.detected[key]) {
      if (version[key] !== value) filled = true;
      version[key] = value;
      version.detected[key] = true;
      const input = byId(`version-${index}-${key}`);
      if (input && document.activeElement !== input) input.value = value;
    }
  }
  if (filled) {
    renderVersionHints(index);
    changed();
  }
}

function renderVersionHints(index) {
  const version = state.versions[index];
  for (const field of FIELDS) {
    const hint = byId(`version-${index}-${field.key}-hint`);
    if (!hint) continue;
    hint.textContent = `${field.required ? 'Required. ' : 'Optional. '}${version.detected?.[field.key] && version[field.key] ? 'Found in the text; change it if it is wrong. ' : ''}${field.hint}`;
  }
}

function fieldChanged(index, key, value) {
  state.versions[index][key] = value;
  if (state.versions[index].detected) state.versions[index].detected[key] = false;
  changed();
}

// ---------------------------------------------------------------------------------------------
// Compiling: debounced, one compile at a time, the latest draft wins.

let compileTimer = null;
let compiling = false;
let compileAgain = false;

/**
 * Something the compile reads changed: compile after a pause in typing, or at once (after the
 * current task, so several pastes at a time make one compile) for a paste, a file or a fix.
 */
function changed(delay = COMPILE_DELAY) {
  scheduleSave(delay === 0 ? 0 : SAVE_DELAY);
  clearTimeout(compileTimer);
  setBusy(true);
  compileTimer = setTimeout(compileNow, delay);
}

/** The review is busy from a change until the compile that includes it has been shown. */
function setBusy(busy) {
  byId('review-section').setAttribute('aria-busy', String(busy));
}

function draftOf() {
  return {
    documentId: state.documentId,
    versions: state.versions.map(({ detected, ...version }) => version),
    alignment: state.alignment,
  };
}

function missingFields() {
  const missing = [];
  state.versions.forEach((version, index) => {
    for (const field of FIELDS) if (field.required && !String(version[field.key] ?? '').trim()) missing.push(`${field.label.toLowerCase()} of the ${versionName(index).toLowerCase()}`);
  });
  return missing;
}

async function compileNow() {
  if (compiling) {
    compileAgain = true;
    return;
  }
  const draft = draftOf();
  for (const [index] of state.versions.entries()) {
    const error = byId(`version-${index}-error`);
    if (error) error.textContent = '';
  }
  if (!draft.versions.some((version) => version.text.trim())) {
    setStatus('Paste the texts of the document to begin.');
    clearReview();
    setBusy(false);
    return;
  }
  compiling = true;
  compileAgain = false;
  const mine = ++generation;
  byId('stop').hidden = false;
  showError(null);
  const started = performance.now();
  // User Timing marks, for bench/builder.mjs: the compile sent, answered, and its review shown.
  performance.mark('builder-compile-sent');
  try {
    const result = await ask('build', { draft });
    if (mine !== generation) return;
    performance.mark('builder-compile-answered');
    await showReview(result, performance.now() - started);
    performance.mark('builder-review-shown');
  } catch (failure) {
    if (mine !== generation) return;
    if (failure.code === 'stopped') {
      setStatus('Stopped. Change a text or a fix to compile again.');
    } else {
      clearReview();
      showError(failure);
    }
  } finally {
    compiling = false;
    byId('stop').hidden = true;
    if (compileAgain) compileNow();
    else if (mine === generation) setBusy(false);
  }
}

function stopCompile() {
  generation++;
  restartWorker();
  compiling = false;
  byId('stop').hidden = true;
  setBusy(false);
  setStatus('Stopped. Change a text or a fix to compile again.');
}

function showProgress({ stage, bytes }) {
  const what = stage === 'compiling' ? `Compiling ${formatBytes(bytes)} of text` : 'Preparing the review';
  setStatus(`${what}… The page stays usable; press Stop to cancel.`);
}

function setStatus(text) {
  byId('status').textContent = text;
}

function showError(failure) {
  const box = byId('error');
  box.replaceChildren();
  box.hidden = !failure;
  if (!failure) return;
  const about = Number.isInteger(failure.version) ? ` (${versionName(failure.version).toLowerCase()})` : '';
  box.append(h('p', {}, h('strong', {}, `This document does not compile${about}: `), failure.message), h('p', { class: 'code' }, `Error code: ${failure.code}`));
  if (failure.code === 'invalid-alignment' && state.alignment.length) box.append(h('p', {}, 'One of your fixes does not fit the texts: undo it in the list of fixes below.'));
  if (Number.isInteger(failure.version)) {
    const error = byId(`version-${failure.version}-error`);
    if (error) error.textContent = failure.message;
  }
  setStatus('');
}

// ---------------------------------------------------------------------------------------------
// Review: summary, places to check, side-by-side rows, the fixes made.

function clearReview() {
  compiled = null;
  byId('review').hidden = true;
  byId('check').hidden = true;
  byId('save').hidden = true;
  renderFixes();
}

async function showReview(result, milliseconds) {
  const review = result.review;
  const previousRows = compiled?.previousRows ?? 0;
  if (compiled?.corpusUrl) URL.revokeObjectURL(compiled.corpusUrl);
  const corpusBlob = new Blob([result.corpus], { type: 'application/octet-stream' });
  compiled = { review, corpusBlob, corpusUrl: URL.createObjectURL(corpusBlob), rows: [] };
  byId('summary').textContent = review.summary;
  byId('review').hidden = false;
  byId('check').hidden = false;
  byId('save').hidden = false;
  byId('review-versions').textContent = review.versions.map((version) => `${version.id} (${version.lang}, ${version.role}) from ${version.file}`).join('; ');
  const warnings = byId('warnings');
  warnings.replaceChildren(...review.warnings.map((warning) => h('li', {}, warning)));
  warnings.hidden = !review.warnings.length;
  renderFlags(review);
  renderTableHead(review);
  byId('rows-body').replaceChildren();
  await loadRows(Math.max(ROWS_PER_PAGE, previousRows));
  renderFixes();
  renderSnippet();
  const missing = missingFields();
  byId('missing').textContent = missing.length ? `Citations need the ${missing.join(', ')}: fill them in above.` : '';
  setStatus(`Compiled in ${(milliseconds / 1000).toFixed(1)} s: ${review.summary}.`);
  document.documentElement.dataset.compiled = String(Number(document.documentElement.dataset.compiled ?? 0) + 1);
}

function renderFlags(review) {
  const list = byId('flags');
  const shown = review.flags.slice(0, FLAGS_SHOWN);
  list.replaceChildren(
    ...shown.map((flag) =>
      h(
        'li',
        { class: `flag ${flag.flag}` },
        h('button', { type: 'button', class: 'link', onclick: () => goToRow(flag.row) }, `${flag.flag === 'check' ? 'Check' : 'Divergence'}: ${flag.what}`),
        ` in ${flag.version}, clause ${flag.clause}, at ${flag.location} (confidence ${flag.confidence}%)`,
      ),
    ),
  );
  byId('flags-more').textContent = review.flags.length > FLAGS_SHOWN ? `and ${review.flags.length - FLAGS_SHOWN} more, flagged in the rows below.` : '';
  byId('flags-heading').textContent = review.flags.length ? `Divergences and places to check (${review.flags.length})` : 'Divergences and places to check: none';
}

function renderTableHead(review) {
  byId('rows-head').replaceChildren(
    h('tr', {}, h('th', { scope: 'col' }, 'Clause'), review.versions.map((version) => h('th', { scope: 'col', lang: version.lang }, `${version.id} (${version.role.replace('-', ' ')})`)), h('th', { scope: 'col' }, 'Fix')),
  );
}

async function loadRows(count) {
  if (!compiled) return;
  const start = compiled.rows.length;
  const wanted = Math.min(count, compiled.review.rowCount - start);
  if (wanted <= 0) return;
  const rows = await ask('rows', { start, count: wanted });
  if (!compiled) return;
  compiled.rows.push(...rows);
  const body = byId('rows-body');
  for (const row of rows) body.append(rowElement(row));
  const left = compiled.review.rowCount - compiled.rows.length;
  const more = byId('more-rows');
  more.hidden = left <= 0;
  more.textContent = `Show ${Math.min(ROWS_PER_PAGE, left)} more rows (${left} not shown)`;
}

async function goToRow(index) {
  if (!compiled) return;
  if (index >= compiled.rows.length) await loadRows(index + 1 - compiled.rows.length + 20);
  const row = byId(`row-${index}`);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.focus();
}

function rowElement(row) {
  const versions = compiled.review.versions;
  const flagsOf = (version) => row.flags.filter((flag) => flag.version === version.id);
  const cells = row.cells.map((cell, index) => {
    const version = versions[index];
    const flags = flagsOf(version);
    if (!cell) {
      return h('td', { class: 'absent', lang: version.lang }, h('span', { class: 'none' }, index === 0 ? 'Only in a translation' : 'Not in this version'), flags.map(flagBadge));
    }
    const body = row.kind === 'heading'
      ? h('span', { class: 'heading-text' }, cell.text)
      : h('span', { class: 'text' }, cell.text);
    const cut = cell.more ? h('span', { class: 'more' }, ` … and ${cell.more.toLocaleString('en')} more characters`) : null;
    return h('td', { lang: version.lang, class: flags.length ? 'flagged' : null }, body, cut, h('span', { class: 'line' }, ` line ${cell.line}`), flags.map(flagBadge));
  });
  return h(
    'tr',
    { id: `row-${row.index}`, tabindex: '-1', class: `row ${row.kind}${row.extra ? ' extra' : ''}`, 'data-clause': row.clause },
    h('th', { scope: 'row', class: 'clause' }, h('span', { class: 'kind' }, row.kind), ' ', h('code', { style: `--depth:${row.depth}` }, row.clause)),
    cells,
    h('td', {}, h('button', { type: 'button', class: 'fix', 'aria-label': `Fix the alignment of ${row.clause}`, onclick: () => openFixDialog(row) }, 'Fix…')),
  );
}

function flagBadge(flag) {
  return h('span', { class: `badge ${flag.flag}` }, `${flag.flag === 'check' ? 'check: ' : ''}${flag.what} (${flag.confidence}%)`);
}

// ---------------------------------------------------------------------------------------------
// Fixes: each is an alignment entry or an excluded line in the manifest, so `clause-cite
// compile` reproduces it.

function versionIdOf(id) {
  return compiled?.review.versions.find((version) => version.id === id) ? id : null;
}

function describeFix(entry) {
  const words = (text) => `\u201c${text}\u201d`;
  switch (entry.kind) {
    case 'split':
      return `${entry.version}: ${entry.clause} is split; its second paragraph starts ${words(entry.second_starts_with)}`;
    case 'merged':
      return `${entry.version}: ${entry.clauses.join(' and ')} are one paragraph${entry.second_starts_with ? `, the second part from ${words(entry.second_starts_with)}` : ''}`;
    case 'paired':
      return `${entry.version}: ${entry.clause} is the paragraph ${words(entry.starts_with)} alone`;
    case 'missing-paragraph':
      return `${entry.version}: ${entry.clause} is missing`;
    case 'extra-paragraph':
      return `${entry.version}: the paragraph ${words(entry.starts_with)} is extra`;
    case 'run-in-heading':
      return `${entry.version}: heading ${entry.clause} is run in from ${words(entry.second_starts_with)}`;
    case 'relabelled':
      return `${entry.version}: heading ${entry.clause} is the heading ${words(entry.starts_with)}`;
    default:
      return `${entry.version}: ${entry.kind}`;
  }
}

function renderFixes() {
  const list = byId('fix-list');
  const items = [];
  state.alignment.forEach((entry, index) => {
    items.push(h('li', {}, describeFix(entry), ' ', h('button', { type: 'button', class: 'secondary', onclick: () => undoFix('alignment', index) }, 'Undo')));
  });
  state.versions.forEach((version, versionIndex) => {
    version.excluded.forEach((exclusion, index) => {
      items.push(
        h('li', {}, `${versionName(versionIndex)}: line ${exclusion.lines[0]}${exclusion.lines[1] !== exclusion.lines[0] ? `–${exclusion.lines[1]}` : ''} left out (${exclusion.reason})`, ' ', h('button', { type: 'button', class: 'secondary', onclick: () => undoFix('excluded', index, versionIndex) }, 'Undo')),
      );
    });
  });
  list.replaceChildren(...items);
  byId('no-fixes').hidden = items.length > 0;
}

function undoFix(kind, index, versionIndex) {
  if (kind === 'alignment') state.alignment.splice(index, 1);
  else state.versions[versionIndex].excluded.splice(index, 1);
  renderFixes();
  changed(0);
}

let fixRow = null;

function openFixDialog(row) {
  fixRow = row;
  const dialog = byId('fix-dialog');
  byId('fix-clause').textContent = row.clause;
  const versionSelect = byId('fix-version');
  const versions = compiled.review.versions;
  versionSelect.replaceChildren(...versions.map((version, index) => h('option', { value: String(index) }, `${version.id} (${versionName(index).toLowerCase()})`)));
  const firstTranslation = row.cells.findIndex((cell, index) => index > 0 && cell);
  versionSelect.value = String(row.extra ? Math.max(1, firstTranslation) : versions.length > 1 ? 1 : 0);
  byId('fix-reason').value = '';
  byId('fix-words').value = '';
  byId('fix-problem').textContent = '';
  renderFixOptions();
  dialog.showModal();
}

/** The fixes that make sense for the row in the chosen version, as radio buttons. */
function renderFixOptions() {
  const row = fixRow;
  const version = Number(byId('fix-version').value);
  const cell = row.cells[version];
  const previousRow = compiled.rows[row.index - 1];
  const options = [];
  if (version > 0 && row.kind === 'paragraph' && !row.extra) {
    if (cell) options.push(['paired', `It is the translation's paragraph \u201c${cell.startsWith}\u201d alone`]);
    if (cell?.nextStartsWith) options.push(['split', `The translation splits it: it continues in the next paragraph, \u201c${cell.nextStartsWith}\u201d`]);
    if (row.nextParagraph) options.push(['merged', `The translation merges it with the next paragraph (${row.nextParagraph}) into one`]);
    if (row.previousParagraph && cell?.sentences?.length > 1) options.push(['boundary', 'It is merged with the paragraph before it; move where its part starts']);
    options.push(['missing-paragraph', 'The translation has nothing for it']);
  }
  if (version > 0 && row.extra && cell && row.previousParagraph) {
    options.push(['split-into-previous', `It continues the original's paragraph before it (${row.previousParagraph}): a split`]);
  }
  if (version > 0 && row.kind === 'paragraph' && !row.extra && cell) options.push(['extra-paragraph', `Its translation \u201c${cell.startsWith}\u201d has no counterpart in the original`]);
  if (version > 0 && row.kind === 'heading' && !row.extra) {
    options.push(['run-in-heading', 'The translation runs this heading into the paragraph before it; it starts with the words below']);
    options.push(['relabelled', 'It is the translation\u2019s heading that starts with the words below']);
  }
  if (cell) options.push(['exclude', `Line ${cell.line} of ${compiled.review.versions[version].file} is not part of the document: leave it out, for the reason below`]);
  const container = byId('fix-options');
  container.replaceChildren(
    ...options.map(([value, label], index) =>
      h('div', { class: 'option' }, h('input', { type: 'radio', name: 'fix-kind', id: `fix-kind-${value}`, value, checked: index === 0, onchange: updateFixInputs }), h('label', { for: `fix-kind-${value}` }, label)),
    ),
  );
  const sentences = byId('fix-sentence');
  const merged = [...(previousRow?.cells[version]?.sentences ?? []), ...(cell?.sentences ?? [])];
  sentences.replaceChildren(...merged.map((sentence) => h('option', { value: sentence }, sentence)));
  if (!byId('fix-words').value && version > 0 && row.kind === 'heading') {
    const before = previousRow?.cells[version];
    const last = before?.sentences?.at(-1);
    if (last) byId('fix-words').value = last;
  }
  updateFixInputs();
}

function chosenFix() {
  return document.querySelector('input[name="fix-kind"]:checked')?.value ?? null;
}

function updateFixInputs() {
  const kind = chosenFix();
  byId('fix-words-field').hidden = !['run-in-heading', 'relabelled'].includes(kind);
  byId('fix-reason-field').hidden = kind !== 'exclude';
  byId('fix-sentence-field').hidden = kind !== 'boundary';
  byId('fix-apply').disabled = !kind;
}

function applyFix(event) {
  event.preventDefault();
  const row = fixRow;
  const kind = chosenFix();
  const versionIndex = Number(byId('fix-version').value);
  const version = compiled.review.versions[versionIndex];
  const cell = row.cells[versionIndex];
  const problem = byId('fix-problem');
  const entry = { version: version.id, kind };
  switch (kind) {
    case 'paired':
    case 'extra-paragraph':
      if (kind === 'paired') entry.clause = row.clause;
      entry.starts_with = cell.startsWith;
      break;
    case 'split':
      entry.clause = row.clause;
      entry.second_starts_with = cell.nextStartsWith;
      break;
    case 'split-into-previous':
      entry.kind = 'split';
      entry.clause = row.previousParagraph;
      entry.second_starts_with = cell.startsWith;
      break;
    case 'merged':
      entry.clauses = [row.clause, row.nextParagraph];
      if (cell) entry.starts_with = cell.startsWith;
      break;
    case 'boundary':
      entry.kind = 'merged';
      entry.clauses = [row.previousParagraph, row.clause];
      entry.second_starts_with = byId('fix-sentence').value;
      break;
    case 'missing-paragraph':
      entry.clause = row.clause;
      break;
    case 'run-in-heading':
    case 'relabelled': {
      const words = byId('fix-words').value.trim();
      if (!words) {
        problem.textContent = 'Give the first words of the heading as the translation writes them.';
        byId('fix-words').focus();
        return;
      }
      entry.clause = row.clause;
      if (kind === 'run-in-heading') entry.second_starts_with = words;
      else entry.starts_with = words;
      break;
    }
    case 'exclude': {
      const reason = byId('fix-reason').value.trim();
      if (!reason) {
        problem.textContent = 'Say why the line is not part of the document (for example: the site\u2019s navigation).';
        byId('fix-reason').focus();
        return;
      }
      state.versions[versionIndex].excluded.push({ lines: [cell.line, cell.line], reason });
      break;
    }
    default:
      return;
  }
  if (kind !== 'exclude') {
    // A new fix of the same place replaces an older one.
    state.alignment = state.alignment.filter((old) => !(old.version === entry.version && old.clause && old.clause === entry.clause && old.kind !== 'merged'));
    state.alignment.push(entry);
  }
  compiled.previousRows = compiled.rows.length;
  byId('fix-dialog').close();
  renderFixes();
  setStatus('Recompiling with your fix…');
  changed(0);
}

// ---------------------------------------------------------------------------------------------
// Check: citations and searches against the new document, and the card readers will see.

let widgetLoading = null;
function loadWidget() {
  widgetLoading ??= import(new URL('../../dist/clause-cite.js', import.meta.url).href);
  return widgetLoading;
}

async function showCard(id) {
  const preview = byId('card-preview');
  preview.replaceChildren(h('p', {}, `Loading the card for ${id}…`));
  try {
    await loadWidget();
  } catch (error) {
    preview.replaceChildren(h('p', { role: 'alert' }, `The card's widget could not be loaded (${error.message}); build the widget with node scripts/build.mjs.`));
    return;
  }
  const card = h('clause-cite', { corpus: compiled.corpusUrl, ref: id, loading: 'eager' });
  preview.replaceChildren(card);
  byId('snippet-ref').value = id;
  renderSnippet();
}

async function citeSubmitted(event) {
  event.preventDefault();
  const citation = byId('cite-input').value.trim();
  const result = byId('cite-result');
  if (!citation) {
    result.textContent = 'Type a citation, such as 第十条, Article 10 or 一、（二）.';
    return;
  }
  try {
    const found = await ask('resolve', { citation });
    result.replaceChildren(h('span', {}, `${citation} \u2192 `), h('code', {}, found.id), h('span', {}, ` \u2014 ${found.cite}`));
    await showCard(found.id);
  } catch (failure) {
    result.textContent = `${failure.message}${failure.suggestions?.length ? ` Try: ${failure.suggestions.join('; ')}` : ''}`;
  }
}

async function searchSubmitted(event) {
  event.preventDefault();
  const query = byId('search-input').value.trim();
  const list = byId('hits');
  if (!query) {
    list.replaceChildren();
    return;
  }
  try {
    const hits = await ask('search', { query });
    byId('hits-count').textContent = hits.length ? `${hits.length} clauses found${hits[0]?.quotes_ignored ? ' (without the quotation marks: the quoted phrase matched nothing)' : ''}.` : 'Nothing found.';
    list.replaceChildren(
      ...hits.map((hit) => {
        const snippet = Object.values(hit.snippets ?? {})[0];
        return h('li', {}, h('button', { type: 'button', class: 'link', onclick: () => showCard(hit.id) }, hit.cite || hit.id), snippet ? h('span', { class: 'snippet' }, ` \u2014 ${snippet.text}`) : null);
      }),
    );
  } catch (failure) {
    byId('hits-count').textContent = failure.message;
    list.replaceChildren();
  }
}

// ---------------------------------------------------------------------------------------------
// Save: the corpus, the directory as a zip, and snippets for where the file will be hosted.

function documentSlug() {
  return compiled?.review.document || 'document';
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function downloadCorpus() {
  if (compiled) download(compiled.corpusBlob, `${documentSlug()}.corpus`);
}

async function downloadZip() {
  if (!compiled) return;
  try {
    const zipped = await ask('zip', { folder: documentSlug() });
    download(new Blob([zipped], { type: 'application/zip' }), `${documentSlug()}.zip`);
  } catch (failure) {
    showError(failure);
  }
}

let release = null;
async function renderSnippet() {
  const code = byId('snippet');
  if (!compiled) return;
  release ??= await import(new URL('../../dist/release.js', import.meta.url).href).then((module) => module.default).catch(() => ({}));
  const host = byId('host-url').value.trim() || `https://example.com/${documentSlug()}.corpus`;
  const ref = byId('snippet-ref').value.trim() || compiled.rows.find((row) => row.kind === 'paragraph' && !row.extra)?.clause || '';
  const widget = release.cdn ? `${release.cdn.jsdelivr}${release.widget}` : 'https://cdn.jsdelivr.net/npm/clause-cite/dist/clause-cite.js';
  const integrity = release.files?.[release.widget]?.integrity;
  const attribute = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  code.textContent =
    `<script type="module" src="${attribute(widget)}"${integrity ? ` integrity="${attribute(integrity)}" crossorigin="anonymous"` : ''}></script>\n` +
    `<clause-cite corpus="${attribute(host)}" ref="${attribute(ref)}"></clause-cite>\n` +
    `<clause-search corpus="${attribute(host)}"></clause-search>`;
  byId('host-note').textContent = /^https:\/\//.test(host)
    ? 'Upload the corpus file there; the server must allow other sites to read it (Access-Control-Allow-Origin).'
    : 'Give the https:// address where you will upload the corpus file.';
}

async function copySnippet() {
  try {
    await navigator.clipboard.writeText(byId('snippet').textContent);
    byId('copied').textContent = 'Copied.';
  } catch {
    byId('copied').textContent = 'Select the snippet and copy it (the browser did not allow copying).';
  }
}

async function clearSaved() {
  await del(STORAGE_KEY).catch(() => {});
  generation++;
  state = { documentId: '', hostUrl: '', versions: [newVersion(0), newVersion(1)], alignment: [] };
  renderVersions();
  clearReview();
  showError(null);
  setStatus('Paste the texts of the document to begin.');
  setBusy(false);
  setSaved('Nothing is saved in this browser.');
}

// ---------------------------------------------------------------------------------------------

async function start() {
  startWorker();
  const restored = await restore();
  renderVersions();
  renderFixes();
  byId('document-id').addEventListener('input', (event) => {
    state.documentId = event.target.value;
    changed();
  });
  byId('add-version').addEventListener('click', () => {
    state.versions.push(newVersion(state.versions.length));
    renderVersions();
    byId(`version-${state.versions.length - 1}-text`).focus();
  });
  byId('stop').addEventListener('click', stopCompile);
  byId('more-rows').addEventListener('click', () => loadRows(ROWS_PER_PAGE));
  byId('fix-version').addEventListener('change', renderFixOptions);
  byId('fix-form').addEventListener('submit', applyFix);
  byId('fix-cancel').addEventListener('click', () => byId('fix-dialog').close());
  byId('cite-form').addEventListener('submit', citeSubmitted);
  byId('search-form').addEventListener('submit', searchSubmitted);
  byId('download-corpus').addEventListener('click', downloadCorpus);
  byId('download-zip').addEventListener('click', downloadZip);
  byId('host-url').value = state.hostUrl;
  byId('host-url').addEventListener('input', (event) => {
    state.hostUrl = event.target.value;
    scheduleSave();
    renderSnippet();
  });
  byId('snippet-ref').addEventListener('input', renderSnippet);
  byId('copy-snippet').addEventListener('click', copySnippet);
  byId('clear-saved').addEventListener('click', clearSaved);
  if (restored) compileNow();
  else setStatus('Paste the texts of the document to begin.');
  document.documentElement.dataset.ready = 'true';
}

start();
