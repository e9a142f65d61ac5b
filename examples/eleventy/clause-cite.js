// Eleventy shortcodes for clause-cite: in eleventy.config.js, `import clauseCite from './clause-cite.js'`
// and `eleventyConfig.addPlugin(clauseCite)`. Then, in a template:
//   {% clauseCiteScript %}   once, in the layout's <head> (the version installed with npm, and its SRI hash)
//   {% clauseCite "Development Program (10) ¶2", "zh en" %}<blockquote lang="en">…</blockquote>{% endclauseCite %}
import release from 'clause-cite/dist/release.js';

const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export default function clauseCite(eleventyConfig) {
  eleventyConfig.addShortcode('clauseCiteScript', () => `<script type="module" src="${release.cdn.jsdelivr}${release.widget}" integrity="${release.files[release.widget].integrity}" crossorigin="anonymous"></script>`);
  eleventyConfig.addPairedShortcode('clauseCite', (fallback, ref, versions = '', theme = '') =>
    `<clause-cite ref="${escape(ref)}"${versions ? ` versions="${escape(versions)}"` : ''}${theme ? ` theme="${escape(theme)}"` : ''}>${fallback}</clause-cite>`);
}
