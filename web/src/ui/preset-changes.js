// Loading a preset of any view: the state changes that set it up from defaults.

/**
 * The state changes that load a preset of any view ({ fn, set }): its
 * functions, every setting of `settings` back to its default, the
 * functions' parameters back to the catalogue's (paramDefaults(ids)), then
 * the preset's own settings.
 */
export function presetChanges(preset, settings, paramDefaults) {
  const changes = { fn: [...preset.fn], hide: [] };
  for (const s of settings) changes[s.key] = structuredClone(s.default);
  Object.assign(changes, paramDefaults(preset.fn), structuredClone(preset.set));
  return changes;
}
