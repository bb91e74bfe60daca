// The URL key preset=<id>: a preset of the gradient view (gradients/presets.js)
// or of the training lab (training/training-presets.js). Reading a URL with it
// loads the preset (keys written next to it win), so an embed shows the
// preset's sentence; any later change that leaves the preset drops the key.
import { PRESETS } from '../gradients/presets.js';
import { TRAINING_PRESETS } from '../training/training-presets.js';
import { GRADIENT_SETTINGS } from '../gradients/gradient-settings.js';
import { TRAINING_SETTINGS } from '../training/training-settings.js';
import { presetChanges } from '../ui/preset-changes.js';
import { isPart } from './panel-parts.js';

/** The presets of each view that has them. */
export const VIEW_PRESETS = { gradients: PRESETS, training: TRAINING_PRESETS };
const SETTINGS = { gradients: GRADIENT_SETTINGS, training: TRAINING_SETTINGS };

/** Every preset id of any view (the values the preset key accepts). */
export const PRESET_IDS = [...new Set(Object.values(VIEW_PRESETS).flat().map((p) => p.id))];

/** The preset id of view, or null when view has no preset of that id. */
export function findPreset(view, id) {
  return VIEW_PRESETS[view]?.find((p) => p.id === id) ?? null;
}

/**
 * The state changes that load preset id of view, exactly as the view's preset
 * button does (the gradient view's phase-diagram choice gpd stays as it is);
 * paramDefaults(ids) gives the catalogue's parameters of the functions ids.
 */
export function presetState(view, id, paramDefaults) {
  const preset = findPreset(view, id);
  if (!preset) return null;
  const changes = presetChanges(preset, SETTINGS[view], paramDefaults);
  delete changes.gpd;
  return changes;
}

/** Whether state still shows what its preset key set up (hidden panel parts do not count). */
export function presetHolds(state, paramDefaults) {
  const changes = presetState(state.view, state.preset, paramDefaults);
  if (!changes) return false;
  return Object.entries(changes).every(([key, value]) => (key === 'hide'
    ? state.hide.every((id) => isPart(id))
    : JSON.stringify(state[key]) === JSON.stringify(value)));
}

/** The URL row: '' (no preset) or a preset id of any view; readState checks it against the view. */
export function presetRow() {
  return {
    key: 'preset', type: 'preset', default: '', omitDefault: true, views: Object.keys(VIEW_PRESETS),
    serialize: (v) => v,
    parse: (s) => (PRESET_IDS.includes(s) ? { value: s } : { error: 'bad' }),
  };
}
