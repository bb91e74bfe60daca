// Embed mode (?embed=1 or ?embed=<view>): the page shows one panel without
// the site chrome, tells the parent page its height, and links to the full
// view. It sends only { type: 'actlab:height', height } and listens to no
// message: the parent cannot drive it.

const MESSAGE_TYPE = 'actlab:height';
let lastHeight = -1;

/** Whether the page is in embed mode. */
export function inEmbedMode() {
  return document.documentElement.classList.contains('embed');
}

// Posts the page's height to the parent when it changed (embed mode in a frame only).
function sendHeight() {
  if (!inEmbedMode() || window.parent === window) return;
  const height = Math.ceil(document.body.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  window.parent.postMessage({ type: MESSAGE_TYPE, height }, '*');
}

/** Turns embed mode on or off: the class that hides the site chrome, and the "Open in ActLab" bar. */
export function setEmbedMode(on) {
  document.documentElement.classList.toggle('embed', Boolean(on));
  document.getElementById('embed-bar').hidden = !on;
  lastHeight = -1;
  sendHeight();
}

/** Reports the height now and on every change of the page's size (ResizeObserver). */
export function startHeightReports() {
  if (typeof ResizeObserver === 'function') new ResizeObserver(sendHeight).observe(document.body);
  addEventListener('load', sendHeight);
  sendHeight();
}

/** Points the "Open in ActLab" link at href (the full page with the same state). */
export function setOpenLink(href) {
  document.getElementById('open-full').href = href;
}
