// The parts of each view's panel that the URL key hide= can hide (beside
// function ids, which hide a function's curve). The page marks the hidden
// parts of the shown view on <html data-hide="…">; styles/panel-parts.css
// holds one rule per part, so a hidden part has no layout box at all.

/** Hideable parts of every view, in the order the README lists them. */
export const PANEL_PARTS = {
  curves: ['params', 'legend', 'f', 'df', 'readout'],
  gradients: ['intro', 'params', 'presets', 'settings', 'narration', 'legend', 'status', 'dead', 'heatmaps', 'table', 'chain', 'phase', 'matrix'],
  training: ['intro', 'params', 'presets', 'settings', 'status', 'legend', 'dead', 'speed', 'boundary', 'stats', 'table'],
  identities: ['intro'],
  softmax: ['intro'],
  maxout: ['intro'],
  gated: ['intro'],
  accuracy: ['intro', 'params'],
};

/** Every part name of any view (the values hide= accepts beside function ids). */
export const ALL_PARTS = [...new Set(Object.values(PANEL_PARTS).flat())];

/** Whether id names a panel part (of some view) rather than a function. */
export const isPart = (id) => ALL_PARTS.includes(id);

/** The parts of view that the list hide names. */
export const hiddenParts = (hide, view) => hide.filter((id) => (PANEL_PARTS[view] ?? []).includes(id));

/** Marks the hidden parts of view on the root element (read by styles/panel-parts.css). */
export function applyHiddenParts(hide, view, root = document.documentElement) {
  const parts = hiddenParts(hide, view);
  if (parts.length) root.dataset.hide = parts.join(' ');
  else delete root.dataset.hide;
}
