// What a tutorial author pastes into a page: the embed's URL, its <iframe>
// (no inline style), the one <script src> line of ActLab's embed.js that
// sizes every ActLab iframe from its height messages, and the equivalent
// <actlab-panel> element. Nothing in them runs inline, so a host page with a
// strict Content-Security-Policy only has to allow ActLab's origin.
import { writeState } from '../shell/url-state.js';

/** The absolute URL of the full page showing state (only the keys of its view). */
export function pageUrl(state, schema) {
  return `${location.origin}${location.pathname}${writeState({ ...state, embed: false }, schema, { view: state.view })}`;
}

/** The absolute URL of the embed of state's panel `view` (only the keys of that view). */
export function embedUrl(state, schema, view) {
  return `${location.origin}${location.pathname}${writeState({ ...state, embed: true, view }, schema, { view })}`;
}

/** The absolute URL of embed.js next to the page at pageHref. */
export function embedScriptUrl(pageHref = location.href) {
  return new URL('embed.js', pageHref).href;
}

// Text made safe inside a double-quoted HTML attribute.
function attribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The <iframe> for url with an accessible title; its height is a first guess that embed.js then corrects. */
export function iframeSnippet(url, title, height = 600) {
  return `<iframe class="actlab-embed" src="${attribute(url)}" title="${attribute(title)}" width="100%" height="${height}" loading="lazy"></iframe>`;
}

/** The host page's one script line: embed.js from ActLab's own origin (it trusts only that origin). */
export function resizeScript(scriptUrl) {
  return `<script src="${attribute(scriptUrl)}" defer></script>`;
}

/**
 * The <actlab-panel> element showing state's panel `view`: one attribute per
 * URL key of that view that is not at its default (embed becomes view).
 */
export function elementSnippet(state, schema, view) {
  const query = new URLSearchParams(writeState({ ...state, embed: false, view }, schema, { view, compact: true }));
  const attrs = [`view="${attribute(view)}"`];
  for (const [key, value] of query) {
    if (key !== 'embed' && key !== 'view') attrs.push(`${key}="${attribute(value)}"`);
  }
  return `<actlab-panel ${attrs.join(' ')}></actlab-panel>`;
}
