// The lines of the training charts and the text beside them, from the runs
// the view keeps ({ label, colour, dash, history }): pure, so what a legend
// says before any epoch ("—", never "NaN") can be tested without a page.
import { num } from '../details/property-text.js';

/** Line styles of hidden layers 1, 2, … in the dead-units chart (then again). */
export const LAYER_DASHES = [[], [10, 4], [4, 3], [1, 3], [8, 3, 1, 3]];

/** A value as the page shows it: '—' (none) when missing, else num() (so NaN and ±∞ stay visible). */
export function shown(value, digits, none = '—') {
  return value === undefined || value === null ? none : num(value, digits);
}

/** The last value of a series as shown, or none before any epoch. */
export function latestShown(values, digits, none = '—') {
  return shown(values.length ? values.at(-1) : undefined, digits, none);
}

/**
 * The names of a run's hidden layers for the per-layer charts: the report's
 * block names ("conv2d 32 3x3 valid", "dense 128") for a CNN (run.blocks set),
 * else null (the MLP's layers are "hidden layer l").
 */
export function layerNames(run) {
  if (!run.blocks) return null;
  return (run.history[0]?.report.blocks ?? run.blocks).slice(0, -1);
}

/** Dead-units lines: one per run and hidden layer (the run's colour, the layer's dash), values per epoch. */
export function deadSeries(runs) {
  return runs.flatMap((r) => {
    const layers = Math.max(0, (r.history[0]?.report.deadEpoch?.length ?? r.widths.length + 1) - 1);
    const names = layerNames(r);
    return Array.from({ length: layers }, (_, l) => ({
      label: `${r.label} ${names ? names[l] : l + 1}`, colour: r.colour, dash: LAYER_DASHES[l % LAYER_DASHES.length], width: 2,
      values: r.history.map((h) => h.report.deadEpoch?.[l] ?? null),
    }));
  });
}

/** Per run, its latest dead shares per hidden layer as text ('12 % / 0 %', a no-break space before each %), or none before any epoch. */
export function deadText(run, none = '—') {
  const dead = run.history.at(-1)?.report.deadEpoch;
  return dead ? dead.slice(0, -1).map((d) => `${num(100 * d, 3)}\u00a0%`).join(' / ') || none : none;
}

/** Layer-speed lines of one run: one per hidden layer, coloured by styleOf(l), ‖∂C/∂b_l‖ per epoch. */
export function speedSeries(run, layerLabel, styleOf) {
  return Array.from({ length: run.widths.length }, (_, l) => ({
    label: layerLabel(l + 1), ...styleOf(l), values: run.history.map((h) => h.report.biasSpeed[l] || null),
  }));
}
