// The colour scheme of theme="auto": the page's own, not the reader's OS setting alone. A blog
// whose theme is light stays light on a dark OS, so a card there is light too; it is dark only
// when the page says it supports dark (`<meta name="color-scheme">` or `color-scheme` on the root
// element, with the OS asking for dark) or when what lies behind the card is actually dark.
//
// `schemeFor(element)` answers for one element; `watchScheme(callback)` calls back when the
// answer may have changed (the OS setting, or a page's own theme switch on <html> or <body>).

import { oncePerTask } from './dom.js';

const darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;

/** 'dark' or 'light': the scheme the page shows behind `element`. */
export function schemeFor(element) {
  const background = backgroundBehind(element);
  if (background) return relativeLuminance(background) < DARK_LUMINANCE ? 'dark' : 'light';
  // Nothing opaque behind the card: it sits on the page's canvas, which is dark only when the
  // page declares dark support and the OS asks for it (or the page declares dark alone).
  const declared = declaredSchemes();
  if (declared.dark && !declared.light) return 'dark';
  return declared.dark && darkQuery?.matches ? 'dark' : 'light';
}

// Below this relative luminance, white text has more contrast than black (the two ratios are
// equal at (1.05 / 0.05) ** 0.5 × 0.05 − 0.05 ≈ 0.179): the background counts as dark.
const DARK_LUMINANCE = 0.179;

/**
 * The schemes the page declares: the `color-scheme` meta and the root's `color-scheme`, read once
 * per task (a computed style read after a DOM change restyles the page).
 */
const declaredSchemes = oncePerTask(() => {
  const values = [];
  for (const meta of document.querySelectorAll('meta[name="color-scheme" i]')) values.push(meta.getAttribute('content') ?? '');
  values.push(getComputedStyle(document.documentElement).colorScheme ?? '');
  const tokens = values.join(' ').toLowerCase().split(/[\s,]+/);
  return { dark: tokens.includes('dark'), light: tokens.includes('light') };
});

/**
 * The first mostly opaque background colour among `element`'s ancestors (through shadow roots
 * to their hosts), as [r, g, b] in 0–255, or null when every one is transparent.
 */
function backgroundBehind(element) {
  let current = parentOf(element);
  while (current) {
    const colour = backgroundOf(current);
    if (colour && colour[3] >= 0.5) return colour;
    current = parentOf(current);
  }
  return null;
}

/**
 * The computed background of `element`, read once per task (cards upgrading together ask about
 * the same ancestors); a theme switch forgets them too.
 */
const backgrounds = oncePerTask(() => new Map());
function backgroundOf(element) {
  const known = backgrounds();
  if (!known.has(element)) known.set(element, parseColour(getComputedStyle(element).backgroundColor));
  return known.get(element);
}

function parentOf(node) {
  if (node.parentElement) return node.parentElement;
  const root = node.getRootNode?.();
  return root instanceof ShadowRoot ? root.host : null;
}

/** [r, g, b, alpha] from a computed `rgb()`/`rgba()` value; null for any other form. */
function parseColour(value) {
  const match = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$/.exec(value ?? '');
  if (!match) return null;
  let alpha = match[4] === undefined ? 1 : Number.parseFloat(match[4]);
  if (match[4]?.endsWith('%')) alpha /= 100;
  return [Number(match[1]), Number(match[2]), Number(match[3]), alpha];
}

/** WCAG relative luminance of an sRGB colour. */
function relativeLuminance([red, green, blue]) {
  const linear = (channel) => {
    const value = channel / 255;
    return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

const callbacks = new Set();
let watching = false;
let pending = false;

/** Calls `callback` (batched, once a frame) whenever the page's scheme may have changed. */
export function watchScheme(callback) {
  callbacks.add(callback);
  if (!watching) {
    watching = true;
    darkQuery?.addEventListener('change', notify);
    // Theme switches of blogs and frameworks set a class, a data attribute or a style on the
    // root or the body; the meta itself may be changed too.
    const observer = new MutationObserver(notify);
    const watch = () => {
      const themeAttributes = ['class', 'style', 'data-theme', 'data-color-scheme', 'data-bs-theme'];
      for (const node of [document.documentElement, document.body]) {
        if (node) observer.observe(node, { attributes: true, attributeFilter: themeAttributes });
      }
      if (document.head) observer.observe(document.head, { subtree: true, childList: true, attributes: true, attributeFilter: ['content'] });
    };
    watch();
    if (!document.body) document.addEventListener('DOMContentLoaded', watch, { once: true });
  }
  return () => callbacks.delete(callback);
}

function notify() {
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    backgrounds.forget();
    declaredSchemes.forget();
    for (const callback of [...callbacks]) callback();
  });
}
