// The README's blog section starts with the line a blogger can use without uploading anything:
// the jsDelivr script tag for this version, with integrity and crossorigin; and every file the
// recipes name exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the blog section shows the CDN line first, and the recipes’ files exist', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('<!-- widget:start -->'), readme.indexOf('<!-- widget:end -->'));
  // The package takes its version from the crate (scripts/build-package.mjs).
  const version = /^\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(readFileSync(`${root}Cargo.toml`, 'utf8'))[1];
  const firstBlock = /```html\n([\s\S]*?)```/.exec(section)[1].trim();
  assert.match(firstBlock, new RegExp(`^<script type="module" src="https://cdn\\.jsdelivr\\.net/npm/clause-cite@${version.replace(/\./g, '\\.')}/dist/clause-cite\\.js" integrity="sha384-[^"]+" crossorigin="anonymous"></script>$`), 'the first code block is the pinned jsDelivr line');
  assert.match(section, /once per page, or once in your theme/);
  for (const recipe of ['Blogger', 'WordPress.org', 'WordPress.com', 'Static sites', 'Self-hosting']) assert.ok(section.includes(`**${recipe}`), `a ${recipe} recipe`);
  for (const path of section.matchAll(/`(examples\/[^`]+)`/g)) assert.ok(existsSync(`${root}${path[1]}`), `${path[1]} exists`);
  assert.ok(existsSync(`${root}docs/stability.md`) && section.includes('docs/stability.md'), 'the stability policy is linked');
});
