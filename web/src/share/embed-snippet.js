// What a tutorial author pastes into a page: the embed's URL, its <iframe>,
// and the few lines of script that size the iframe from ActLab's height
// messages (checking where each message comes from).
import { writeState } from '../shell/url-state.js';

/** The absolute URL of the full page showing state. */
export function pageUrl(state, schema) {
  return `${location.origin}${location.pathname}${writeState({ ...state, embed: false }, schema)}`;
}

/** The absolute URL of the embed of state's panel `view`. */
export function embedUrl(state, schema, view) {
  return `${location.origin}${location.pathname}${writeState({ ...state, embed: true, view }, schema)}`;
}

// Text made safe inside a double-quoted HTML attribute.
function attribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The <iframe> for url with an accessible title; its height is a first guess the script then corrects. */
export function iframeSnippet(url, title, height = 600) {
  return `<iframe class="actlab-embed" src="${attribute(url)}" title="${attribute(title)}" width="100%" height="${height}" style="border: 0; max-width: 100%" loading="lazy"></iframe>`;
}

/** The host page's script: sets each ActLab iframe's height to what it reports, from origin only. */
export function resizeScript(origin) {
  return [
    '<script>',
    '  // Resize ActLab iframes to the height they report; accept nothing else.',
    "  addEventListener('message', (event) => {",
    `    if (event.origin !== ${JSON.stringify(origin)} || event.data?.type !== 'actlab:height') return;`,
    '    const height = Number(event.data.height);',
    '    if (!Number.isFinite(height) || height <= 0) return;',
    "    for (const frame of document.querySelectorAll('iframe.actlab-embed')) {",
    '      if (frame.contentWindow === event.source) frame.style.height = `${Math.min(Math.ceil(height), 10000)}px`;',
    '    }',
    '  });',
    '</script>',
  ].join('\n');
}
