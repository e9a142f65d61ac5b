// Test pages that imitate how each blogging platform publishes a post holding clause-cite cards:
// the theme around the post (with an aggressive stylesheet of the kind blog themes ship), where
// the script line goes (theme <head>, the post itself, a layout partial), and what the platform
// does to the post's HTML (Blogger turns line breaks into <br />; WordPress.com strips scripts and
// unknown elements). The cards' markup is what the reader's citation builder writes
// (www/reader/snippet.js), with the fallback text taken from the npm package.
import { cardHtml, scriptLine } from '../../www/reader/snippet.js';

/** The two cards every recipe page carries: one English, one Chinese (in a zh-Hans section). */
export const CARDS = [
  { name: 'English', lang: 'en', ref: 'Development Program (10) ¶2', versions: ['zh', 'en'], id: 'policy-paper__pt_3__prog_2__sec_10__para_2' },
  { name: 'Chinese', lang: 'zh-Hans', ref: '发展工程（九）第3段', versions: ['zh', 'en'], id: 'policy-paper__pt_3__prog_2__sec_9__para_3' },
];

/** The builder's model for `card`, with the exact fallback texts from the corpus. */
export function cardModel(corpus, card) {
  const clause = corpus.lookup(card.ref);
  const [summary] = corpus.documents();
  return {
    ref: card.ref,
    versions: card.versions,
    layout: 'stacked',
    sentence: null,
    citation: card.lang.startsWith('zh') ? clause.cite_zh : clause.cite,
    quotes: card.versions.map((version) => ({ version, lang: summary.versions.find((item) => item.id === version).lang, source: null, text: clause.texts[version] })),
  };
}

/** The script line for the widget bundle at `src`, with its SRI hash. */
export function widgetScriptLine(src, integrity) {
  return scriptLine({ script: { src, integrity, crossorigin: 'anonymous' } });
}

/** Rules of the kind blog themes ship, on everything the card or its fallback uses. */
export const AGGRESSIVE_THEME = `
  * { font-family: Georgia, "Times New Roman", serif !important; line-height: 2.2 !important; letter-spacing: 0.04em !important; box-sizing: content-box !important; }
  body { background: #fdf6e3 !important; color: #3b2f2f !important; margin: 0 auto !important; max-width: 760px !important; }
  blockquote { font-style: italic !important; font-size: 1.6em !important; border-left: 12px solid #b58900 !important; margin: 2em -40px !important; padding: 1em 2em !important; background: #eee8d5 !important; quotes: "«" "»" !important; }
  blockquote::before { content: open-quote !important; font-size: 3em !important; }
  p { text-align: justify !important; text-indent: 2em !important; margin: 0 0 1.5em !important; }
  cite { font-variant: small-caps !important; text-transform: uppercase !important; }
  button, select { all: unset !important; color: #3b2f2f !important; }
  a { color: #cb4b16 !important; text-decoration: underline wavy !important; }
  div, section, article { padding: 0.5em !important; }
  br { display: block !important; content: "" !important; margin: 0.8em 0 !important; }
`;

function page({ title, lang = 'en', head = '', body }) {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${title}</title>
<style>${AGGRESSIVE_THEME}</style>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The post's own cards: the English one in the post, the Chinese one in a zh-Hans section. */
function postCards(models) {
  return models.map((model, index) => (CARDS[index].lang === 'en' ? cardHtml(model) : `<div lang="${CARDS[index].lang}">\n<p>中文引文：</p>\n${cardHtml(model)}\n</div>`)).join('\n<p>Some post text between the quotations.</p>\n');
}

/**
 * Blogger: the script goes once into the theme's <head> (Theme → Edit HTML); the card is pasted
 * into the post's HTML view, and Blogger turns every line break of the post into `<br />`.
 */
export function bloggerPost({ script, models, post = null }) {
  const html = post ?? postCards(models);
  return page({
    title: 'Blogger post',
    head: `<link rel="stylesheet" href="data:text/css,.post-body{font-size:110%25}">\n${script ?? ''}`,
    body: `<div class="content-outer"><div class="main-inner"><div class="blog-posts hfeed">
<div class="date-outer"><h2 class="date-header"><span>Thursday, January 29, 2026</span></h2>
<div class="post-outer"><div class="post hentry uncustomized-post-template" itemprop="blogPost">
<h3 class="post-title entry-title" itemprop="name">China's new policy paper, quoted</h3>
<div class="post-body entry-content" id="post-body-7412" itemprop="description articleBody">
${bloggerLineBreaks(html)}
</div></div></div></div></div></div></div>`,
  });
}

/** What Blogger's "convert line breaks" does to a post's HTML. */
export function bloggerLineBreaks(html) {
  return html.replace(/\r?\n/g, '<br />\n');
}

/** WordPress.org (self-hosted): script and card pasted into one Custom HTML block, output as is. */
export function wordpressOrgPost({ script, models }) {
  return page({
    title: 'WordPress.org post',
    head: '<link rel="stylesheet" id="wp-block-library-css" href="data:text/css,.wp-block-quote{border-left:4px solid}" media="all">',
    body: `<div class="wp-site-blocks"><main class="wp-block-group"><article class="post-42 post type-post status-publish">
<h1 class="wp-block-post-title">China's new policy paper, quoted</h1>
<div class="entry-content wp-block-post-content is-layout-constrained">
<p>Some post text before the quotation.</p>
${script}
${postCards(models)}
<p>Some post text after the quotation.</p>
</div></article></main></div>`,
  });
}

/**
 * WordPress.com (plans without plugins) and other hosts that filter posts: <script> is removed,
 * and so is any element not on the allowed list (its content stays), so <clause-cite> goes too
 * and readers get the fallback: the blockquotes with their lang and the citation line.
 */
export function wordpressComPost({ script, models }) {
  const pasted = `${script}\n${postCards(models)}`;
  const filtered = pasted.replace(/<script\b[^>]*>[\s\S]*?<\/script>\n?/g, '').replace(/<\/?clause-cite\b[^>]*>/g, '');
  return page({
    title: 'WordPress.com post',
    body: `<div id="page" class="site"><main id="main"><article class="post type-post">
<h1 class="entry-title">China's new policy paper, quoted</h1>
<div class="entry-content">
<p>Some post text before the quotation.</p>
${filtered}
<p>Some post text after the quotation.</p>
</div></article></main></div>`,
  });
}

/** A static site's page: the layout's <head> holds the script line; the article the rendered cards. */
export function staticSitePage({ generator, head, article }) {
  return page({
    title: `${generator} post`,
    head: `<meta name="generator" content="${generator}">\n${head}`,
    body: `<header class="site-header"><a href="/">My static blog</a></header>
<main><article class="post">
<h1>China's new policy paper, quoted</h1>
${article}
</article></main>`,
  });
}

/** Self-hosting: the package folder copied to the blog's asset host, the script in the layout. */
export function selfHostedPage({ script, models }) {
  return page({ title: 'Self-hosted post', head: script, body: `<main><article>\n${postCards(models)}\n</article></main>` });
}
