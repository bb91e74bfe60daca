// The networks a state compares: one run per shown function, or two with
// tdropkind 'both' (the same function with Dropout and with AlphaDropout),
// each with its key, label and trainer config. (What they may hold together
// is the worker's to check: training-worker.js refuses a comparison whose
// buffers pass its budget, with the amount and what to lower.)
import { cnnLayers, dropKindsFor, effectiveArch, hasDropout, hiddenWidths } from './architecture.js';
import { blockNames } from './layer-text.js';
import { trainerConfigFor } from './training-settings.js';
import { gatedRunIndex } from '../shell/gated-runs.js';

/** The label of a dropout kind in run labels. */
export const DROP_LABELS = { dropout: 'Dropout', alphadropout: 'AlphaDropout' };

/** The run key of function id with dropout kind (its id alone unless the kinds are compared). */
export function runKey(id, kind, both) {
  return both ? `${id}-${kind}` : id;
}

/**
 * The runs of state for the shown function specs (in order) and
 * paramsOf(spec) -> { name: value }: [{ key, id, kind, label, colourIndex,
 * widths, blocks, config }]. kind: the run's dropout kind, or null when its
 * network has none; colourIndex: the function's place in fn (each run's own
 * place when two runs share a function).
 */
export function runsFor(state, specs, paramsOf) {
  const both = specs.some((spec) => dropKindsFor(state, spec.id).length > 1);
  const cnn = effectiveArch(state) === 'cnn';
  const widths = hiddenWidths(state);
  const blocks = cnn ? blockNames(cnnLayers(state)) : null;
  const runs = specs.flatMap((spec) => dropKindsFor(state, spec.id).map((kind) => ({
    key: runKey(spec.id, kind, both), id: spec.id, kind: hasDropout(state) ? kind : null,
    label: both ? `${spec.name} + ${DROP_LABELS[kind]}` : spec.name,
    colourIndex: spec.gated ? gatedRunIndex(state, spec.id) : state.fn.indexOf(spec.id), widths, blocks,
    config: trainerConfigFor(state, spec, paramsOf(spec), kind),
  })));
  if (both) runs.forEach((run, i) => { run.colourIndex = i; });
  return runs;
}

