// Tiny DOM helpers: elements are built with properties and text only, never HTML strings.

/**
 * A sideways-scrolling box around a wide table: focusable (so a keyboard can
 * scroll it) and named by the table's caption, which must carry the id
 * `${table.id}-caption` (tableCaption gives it).
 */
export function scrollRegion(table) {
  return el('div', { className: 'table-box', tabIndex: 0, attrs: { role: 'region', 'aria-labelledby': `${table.id}-caption` } }, table);
}

/** The caption of table, with the id scrollRegion names its box by. */
export function tableCaption(table, text) {
  return el('caption', { id: `${table.id}-caption`, textContent: text });
}

/** Creates <tag> with the given properties (attributes via `attrs`) and children (nodes or text). */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { attrs, dataset, ...rest } = props;
  Object.assign(node, rest);
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  Object.assign(node.dataset, dataset ?? {});
  for (const child of children) node.append(child);
  return node;
}

/** Removes every child of node. */
export function clear(node) {
  node.replaceChildren();
}

/** Sets node's text only when it differs (an unchanged page needs no new layout). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Sets attribute name of node only when it differs. */
export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** Sizes canvas to width x height CSS pixels at the screen's pixel ratio; returns its cleared 2-D context in CSS pixels. */
export function prepareCanvas(canvas, width, height) {
  const ratio = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}
