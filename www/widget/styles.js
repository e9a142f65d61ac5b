// The shadow-DOM styles of the card, the search box and the auto-link popup. Every colour, font
// and radius is a CSS custom property (`--clause-cite-*`) a page can set on the element or any
// ancestor; every part has a `part` name for `::part()`. The host page's CSS cannot reach inside
// the shadow root, and the rules that must hold on the host and on the slotted quote text are
// `!important`, which inside a shadow root beats the page's own `!important` rules.

const palette = `
  --cc-bg: var(--clause-cite-background, #fdfcf9);
  --cc-fg: var(--clause-cite-color, #1f2328);
  --cc-muted: var(--clause-cite-muted, #5b616b);
  --cc-border: var(--clause-cite-border, #d6d3cc);
  --cc-accent: var(--clause-cite-accent, #9b2c1d);
  --cc-accent-fg: var(--clause-cite-accent-contrast, #ffffff);
  --cc-focus: var(--clause-cite-focus, #1a5fb4);
  --cc-note-bg: var(--clause-cite-note-background, #fff4d6);
  --cc-note-fg: var(--clause-cite-note-color, #4d3800);
  --cc-mark: var(--clause-cite-mark, #ffe08a);
  --cc-button-bg: var(--clause-cite-button-background, #f1eee8);
`;

const darkPalette = `
  --cc-bg: var(--clause-cite-background-dark, #1c1e22);
  --cc-fg: var(--clause-cite-color-dark, #e8e6e3);
  --cc-muted: var(--clause-cite-muted-dark, #a8adb5);
  --cc-border: var(--clause-cite-border-dark, #3d4149);
  --cc-accent: var(--clause-cite-accent-dark, #f0876f);
  --cc-accent-fg: var(--clause-cite-accent-contrast-dark, #1c1e22);
  --cc-focus: var(--clause-cite-focus-dark, #8fbcff);
  --cc-note-bg: var(--clause-cite-note-background-dark, #3a3110);
  --cc-note-fg: var(--clause-cite-note-color-dark, #f5e3a8);
  --cc-mark: var(--clause-cite-mark-dark, #6b5412);
  --cc-button-bg: var(--clause-cite-button-background-dark, #2a2d33);
`;

const fonts = `
  --cc-font-ui: var(--clause-cite-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif);
  --cc-font-quote: var(--clause-cite-font-quote, Charter, "Iowan Old Style", Georgia, Cambria, "Times New Roman", serif);
  --cc-font-quote-zh: var(--clause-cite-font-quote-zh, "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC",
    "Noto Serif SC", SimSun, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", serif);
`;

/** Shared by the card and the popup: the box, the text, the buttons and focus. */
const common = `
  .surface {
    ${palette}
    ${fonts}
    all: initial;
    display: block;
    box-sizing: border-box;
    font-family: var(--cc-font-ui);
    font-size: var(--clause-cite-font-size, 16px);
    line-height: 1.55;
    color: var(--cc-fg);
    background: var(--cc-bg);
    border: 1px solid var(--cc-border);
    border-inline-start: 4px solid var(--cc-accent);
    border-radius: var(--clause-cite-radius, 6px);
    padding: 0.9em 1.1em;
    text-align: start;
    overflow-wrap: anywhere;
  }
  /* The scheme class is set from script: theme="dark"/"light" force it, theme="auto" follows
     the page's own scheme (color-scheme.js), not the OS setting alone. */
  .surface.scheme-dark { ${darkPalette} color-scheme: dark; }
  .surface.scheme-light { color-scheme: light; }
  .surface *, .surface *::before, .surface *::after { box-sizing: border-box; }
  p { margin: 0; }
  button, select, a.button, input {
    font: inherit;
    font-size: 0.85em;
    color: var(--cc-fg);
    background: var(--cc-button-bg);
    border: 1px solid var(--cc-border);
    border-radius: 4px;
    padding: 0.3em 0.7em;
    margin: 0;
    line-height: 1.3;
    cursor: pointer;
    text-decoration: none;
    display: inline-block;
    min-height: 2em;
  }
  button:hover, a.button:hover, select:hover { border-color: var(--cc-accent); }
  button[aria-pressed="true"] { background: var(--cc-accent); color: var(--cc-accent-fg); border-color: var(--cc-accent); }
  :focus-visible { outline: 3px solid var(--cc-focus); outline-offset: 2px; }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  .note {
    display: block;
    font-size: 0.85em;
    background: var(--cc-note-bg);
    color: var(--cc-note-fg);
    border-radius: 4px;
    padding: 0.4em 0.7em;
    margin: 0 0 0.6em;
  }
  .status:empty { display: none; }
  .status { font-size: 0.8em; color: var(--cc-muted); margin-top: 0.4em; }
  .status textarea { display: block; width: 100%; margin-top: 0.3em; font: inherit; color: inherit; background: var(--cc-bg); }
`;

/**
 * On touch screens every control is a 44 px tap target (WCAG 2.5.5's size, which Apple's and
 * Android's guidelines share); placed last in each sheet so it wins over the compact sizes.
 */
const touchTargets = `
  @media (pointer: coarse) {
    button, select, a.button, .switcher button, .bar button {
      min-height: 44px;
      padding-block: 0.55em;
    }
    a.button { display: inline-flex; align-items: center; }
  }
`;

/** The <clause-cite> card. */
export const cardCss = `
  :host { display: block; }
  :host([hidden]) { display: none !important; }
  :host(:state(card):not(:state(held))) {
    all: initial !important;
    display: block !important;
    margin: var(--clause-cite-margin, 1.5em 0) !important;
    max-width: var(--clause-cite-max-width, 100%) !important;
  }
  :host(:state(card):not(:state(held))) .fallback { display: none; }
  :host(:not(:state(card))) .card { display: none; }
  /* Held (see clause-cite-element.js): the fallback keeps its place and size, unseen; the card
     lies over it and scrolls inside it, faded at the foot to show there is more. Only
     properties that move nothing are set on the host. */
  :host(:state(held)) { position: relative !important; opacity: 1 !important; filter: none !important; transform: none !important; }
  :host(:state(held)) .fallback { visibility: hidden; }
  :host(:state(held)) .card {
    position: absolute;
    inset: 0;
    z-index: 1;
    overflow: auto;
    overscroll-behavior: contain;
    -webkit-mask-image: linear-gradient(to bottom, #000 calc(100% - 1.5em), transparent);
    mask-image: linear-gradient(to bottom, #000 calc(100% - 1.5em), transparent);
  }
  /* Inside the auto-link popup the popup is the frame: the card draws none of its own. */
  :host([data-clause-cite-embedded]:state(card)) { margin: 0 !important; }
  :host([data-clause-cite-embedded]) .card { border: 0; border-radius: 0; padding: 0; background: transparent; }
  .notes { ${palette} ${fonts} font-family: var(--cc-font-ui); color: var(--cc-fg); }
  .notes:empty { display: none; }
  .card .notes { margin: 0 0 0.4em; }
  .notes .note { font-size: 14px; line-height: 1.45; }
  .notes.scheme-dark { ${darkPalette} }
  ${common}
  .card.loading .versions { opacity: 0.6; }
  .header { display: flex; flex-wrap: wrap; gap: 0.4em 0.8em; align-items: center; justify-content: space-between; margin-bottom: 0.6em; }
  .heading { font-size: 0.8em; letter-spacing: 0.02em; color: var(--cc-muted); font-weight: 600; }
  .switcher { display: flex; flex-wrap: wrap; gap: 0.3em; }
  .switcher button { font-size: 0.75em; min-height: 1.9em; }
  .versions { display: grid; gap: 0.9em; grid-template-columns: 1fr; }
  .layout-side-by-side .versions { grid-template-columns: repeat(auto-fit, minmax(min(100%, 15em), 1fr)); }
  .version { margin: 0; min-width: 0; }
  .meta { font-size: 0.75em; color: var(--cc-muted); margin-bottom: 0.2em; }
  .meta .role { font-weight: 600; }
  ::slotted([data-clause-cite-text]) {
    all: initial !important;
    display: block !important;
    font-family: var(--cc-font-quote) !important;
    font-size: 1.06em !important;
    line-height: 1.6 !important;
    color: var(--cc-fg) !important;
    white-space: pre-line !important;
    overflow-wrap: anywhere !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    background: none !important;
  }
  ::slotted([data-clause-cite-text])::before,
  ::slotted([data-clause-cite-text])::after,
  :host(:state(card))::before,
  :host(:state(card))::after {
    content: none !important;
    display: none !important;
  }
  ::slotted([data-clause-cite-text]:lang(zh)) {
    font-family: var(--cc-font-quote-zh) !important;
    line-height: 1.8 !important;
    letter-spacing: 0.02em !important;
    line-break: strict !important;
  }
  .divergence { font-size: 0.8em; color: var(--cc-muted); font-style: italic; margin-top: 0.7em; }
  .divergence:empty, .divergence[hidden] { display: none; }
  .quote-note { font-size: 0.8em; color: var(--cc-muted); margin-top: 0.7em; }
  .quote-note[hidden] { display: none; }
  .quote-note a { color: var(--cc-link, inherit); }
  button.whole { font-size: 0.75em; margin-top: 0.6em; }
  button.whole[hidden] { display: none; }
  .footer { margin-top: 0.8em; border-top: 1px solid var(--cc-border); padding-top: 0.6em; }
  .citation { font-size: 0.9em; }
  .citation cite { font-style: normal; }
  .source { font-size: 0.75em; color: var(--cc-muted); margin-top: 0.15em; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; margin-top: 0.6em; }
  .actions label { font-size: 0.8em; color: var(--cc-muted); display: inline-flex; gap: 0.3em; align-items: center; }
  .actions a.button[hidden] { display: none; }
  .layout-compact { padding: 0.6em 0.8em; }
  .layout-compact .header { margin-bottom: 0.3em; }
  .layout-compact .meta { display: none; }
  .layout-compact .source { display: none; }
  .layout-compact .footer { margin-top: 0.5em; padding-top: 0.4em; }
  .layout-compact .actions { margin-top: 0.4em; }
  ${touchTargets}
`;

/** The <clause-search> box. */
export const searchCss = `
  :host { display: block !important; margin: 1.5em 0 !important; }
  :host([hidden]) { display: none !important; }
  ${common}
  .surface { border-inline-start-width: 1px; }
  form { display: flex; gap: 0.5em; flex-wrap: wrap; }
  label { display: block; font-size: 0.85em; font-weight: 600; margin-bottom: 0.3em; color: var(--cc-fg); }
  input[type="search"] { flex: 1 1 14em; cursor: text; background: var(--cc-bg); font-size: 1em; padding: 0.4em 0.6em; }
  .summary { font-size: 0.8em; color: var(--cc-muted); margin: 0.6em 0 0.2em; }
  .summary:empty { display: none; }
  ol { list-style: none; margin: 0; padding: 0; }
  li { border-top: 1px solid var(--cc-border); padding: 0.6em 0; }
  li:first-child { border-top: 0; }
  .result-head { display: flex; gap: 0.6em; align-items: baseline; justify-content: space-between; flex-wrap: wrap; }
  .result-cite { font-weight: 600; font-size: 0.9em; }
  .snippet { margin-top: 0.25em; font-size: 0.95em; }
  .snippet:lang(zh) { font-family: var(--cc-font-quote-zh); }
  mark { background: var(--cc-mark); color: inherit; border-radius: 2px; padding: 0 0.1em; }
  .expanded { margin-top: 0.5em; }
  ${touchTargets}
`;

/** The auto-link popup: a card floating next to its link. */
export const popupCss = `
  :host {
    all: initial !important;
    position: fixed !important;
    top: var(--clause-cite-popup-top, 0) !important;
    left: var(--clause-cite-popup-left, 0) !important;
    right: auto !important;
    bottom: auto !important;
    margin: 0 !important;
    padding: 0 !important;
    border: 0 !important;
    background: transparent !important;
    overflow: visible !important;
    z-index: 2147483000 !important;
    width: min(34em, calc(100vw - 16px)) !important;
    display: block !important;
  }
  :host(:not(:popover-open)) { display: none !important; }
  ${common}
  .surface {
    padding: 0.5em 0.9em 0.8em;
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.18);
    max-height: min(85vh, 44em);
    overflow: auto;
    overscroll-behavior: contain;
  }
  .bar { display: flex; justify-content: space-between; align-items: center; gap: 0.5em; font-size: 0.75em; color: var(--cc-muted); padding: 0 0 0.4em; }
  .bar button { font-size: 1em; min-height: 1.8em; margin-inline-start: auto; }
  /* "Press Escape" means nothing without a keyboard: not on touch screens. */
  @media (hover: none), (pointer: coarse) { .hint { display: none; } }
  ::slotted(clause-cite) { margin: 0 !important; }
  ${touchTargets}
`;

/** The auto-link itself lives in the page, so its style is one small page-level sheet. */
export const linkCss = `
  a[data-clause-cite-link] {
    text-decoration-line: underline;
    text-decoration-style: dotted;
    text-decoration-thickness: 1px;
    text-underline-offset: 0.18em;
  }
`;
