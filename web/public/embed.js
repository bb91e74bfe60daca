// ActLab's embed script, served next to ActLab's page as /…/embed.js (no hash,
// a stable name). A host page includes it once, <script src="…/embed.js" defer>,
// with no inline code, and it then:
//  - sizes every <iframe class="actlab-embed"> from the embed's one message,
//    { type: 'actlab:height', height } (shell/embed-mode.js posts it), taken
//    only from ActLab's origin and only from that iframe's own window;
//  - defines <actlab-panel view="…" preset="…" hide="…" theme="…">, an
//    element that writes such an iframe itself (attributes = URL keys).
// It never writes a style attribute or a <style> element (a host's
// style-src 'self' would block them): styles are set through element.style.
// It works as a classic script and as a side-effect ES module import; as a
// module it has no script URL, so each <actlab-panel> then needs src="…".
(() => {
  if (globalThis.customElements?.get('actlab-panel')) return; // included twice: the first copy does the work

  const MESSAGE_TYPE = 'actlab:height';
  const MAX_HEIGHT = 20000; // CSS px; a larger report is cut to this
  // ActLab's page: the folder this script was loaded from (null when imported as a module).
  const scriptSrc = document.currentScript?.src || null;
  const base = scriptSrc ? new URL('./', scriptSrc).href : null;
  const scriptOrigin = scriptSrc ? new URL(scriptSrc).origin : null;

  // URL keys an <actlab-panel> passes on: every key of ActLab's URL table
  // (tests/js/embed-element.test.js checks this list against the table), and
  // any "function.parameter" key such as elu.alpha. embed is the element's own.
  const KEYS = new Set(['view', 'preset', 'hide', 'theme', 'lang', 'fn', 'gates', 'x0', 'x1', 'y0', 'y1', 'dy0', 'dy1', 'ly0', 'ly1', 'f', 'df', 'log', 'simd',
    'softmax', 'temp', 'softop', 'acc', 'maxout', 'glu', 'glurange', 'glupart', 'gfocus', 'tfocus',
    'gdepth', 'gwidth', 'gbatch', 'ginit', 'gfan', 'ggain', 'gstd', 'gbound', 'gvalue', 'gbias', 'gbstd', 'gnorm', 'gnormat', 'gskip', 'gskipscale', 'gskipalpha', 'gdrop', 'gdropkind', 'gpairs', 'gpairc', 'gpairq', 'gvs', 'gpd', 'ginput', 'ginval', 'gloss', 'gclip', 'gclipv', 'gsat', 'gseed', 'gq',
    'tdata', 'tpoints', 'tnoise', 'ttrain', 'tarch', 'tlayers', 'thidden', 'tdropout', 'tdropkind', 'tinit', 'tbiasstd', 'topt', 'tlr', 'tbatch', 'tl2', 'tclip', 'tclipvalue', 'tcost', 'tepochs', 'tseed']);
  const PARAM_KEY = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

  // The origin whose height messages may size frame: where its element points, else where this script came from.
  const originOf = (frame) => frame.actlabOrigin ?? scriptOrigin;

  // Styles an ActLab iframe through the DOM (allowed by CSP, unlike a style attribute).
  function styleFrame(frame) {
    frame.style.border = '0';
    frame.style.display = 'block';
    frame.style.width = '100%';
    frame.style.maxWidth = '100%';
  }

  // One listener for every ActLab iframe on the page, plain or made by <actlab-panel>.
  addEventListener('message', (event) => {
    if (event.data === null || typeof event.data !== 'object' || event.data.type !== MESSAGE_TYPE) return;
    const height = Number(event.data.height);
    if (!Number.isFinite(height) || height <= 0) return;
    for (const frame of document.querySelectorAll('iframe.actlab-embed')) {
      if (frame.contentWindow !== event.source || event.origin !== originOf(frame)) continue;
      styleFrame(frame);
      frame.style.height = `${Math.min(Math.ceil(height), MAX_HEIGHT)}px`;
    }
  });

  // Frames written in the page before this (deferred) script ran, and any added later.
  const styleAll = () => document.querySelectorAll('iframe.actlab-embed').forEach(styleFrame);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', styleAll);
  else styleAll();

  if (!globalThis.customElements) return;

  /** <actlab-panel>: one ActLab panel in an iframe; each attribute named like a URL key becomes that key. */
  class ActLabPanel extends HTMLElement {
    constructor() {
      super();
      this.frame = null;
      this.observer = new MutationObserver(() => this.render());
    }

    connectedCallback() {
      this.style.display = 'block';
      this.observer.observe(this, { attributes: true });
      this.render();
    }

    disconnectedCallback() {
      this.observer.disconnect();
    }

    // ActLab's page URL: the src (or base) attribute, else the folder embed.js came from.
    pageUrl() {
      const given = this.getAttribute('src') ?? this.getAttribute('base');
      if (given) return new URL(given, document.baseURI);
      return base ? new URL(base) : null;
    }

    // Writes (or updates) the iframe for the current attributes; says clearly what is missing.
    render() {
      const page = this.pageUrl();
      if (!page) {
        const message = 'actlab-panel: no ActLab URL. Give the element src="https://…/actlab/" (needed when embed.js is imported as a module).';
        if (this.textContent !== message) this.textContent = message;
        console.error(message);
        return;
      }
      const query = new URLSearchParams();
      for (const { name, value } of this.attributes) {
        if (KEYS.has(name) || PARAM_KEY.test(name)) query.set(name, value);
      }
      query.set('embed', query.get('view') || '1');
      query.delete('view');
      page.search = query.toString();
      if (!this.frame) {
        this.frame = document.createElement('iframe');
        this.frame.className = 'actlab-embed';
        this.frame.width = '100%';
        this.frame.height = this.getAttribute('height') || '600';
        this.frame.loading = this.getAttribute('loading') === 'eager' ? 'eager' : 'lazy';
        styleFrame(this.frame);
        this.replaceChildren(this.frame);
      }
      this.frame.actlabOrigin = page.origin;
      this.frame.title = this.getAttribute('label') || `ActLab: ${query.get('embed') === '1' ? 'curves' : query.get('embed')}`;
      if (this.frame.src !== page.href) this.frame.src = page.href;
    }
  }

  customElements.define('actlab-panel', ActLabPanel);
})();
