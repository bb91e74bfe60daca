// The architecture part of the training settings: MLP or CNN (tarch), and
// the CNN's layer list (tlayers) as a form: one row per layer with its kind,
// its settings, the shape it outputs, and buttons to move it up or down or
// remove it; a kind and a button to add a layer; the list as text, editable
// too. Every control is a native one with a label, so the form works from
// the keyboard. A refused value is named with its allowed range and never
// reaches the state; the engine's refusal of the list is shown here too.
// Text from the user or the engine goes in as text only, never as HTML.
import { clear, el, setAttr, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';
import { LAYER_LIMITS, LAYER_TYPES, formatLayers, freshLayer, layerProblem, layerShapes, parseLayers } from './layer-text.js';
import { IMAGE_SHAPES, effectiveArch } from './architecture.js';

// The settings of each kind: [field, layer property, kind of input].
const FIELDS = {
  conv: [['filters', 'filters', 'number'], ['kernel', 'kernel', 'number'], ['same', 'padding', 'checkbox']],
  pool: [['pool', 'size', 'number']],
  drop: [['rate', 'rate', 'number']],
  dense: [['units', 'units', 'number']],
  act: [], flat: [],
};
const LIMIT_OF = { filters: 'filters', kernel: 'kernel', pool: 'pool', rate: 'rate', units: 'units' };

// "26 × 26 × 32" (height × width × channels, as a reader pictures an image stack) or "128".
const shapeText = (shape) => (shape[1] === 1 && shape[2] === 1 ? String(shape[0]) : `${shape[1]} × ${shape[2]} × ${shape[0]}`);

/**
 * Builds the form in container; hooks.apply(changes) sets state. Returns
 * sync(state, refusal): shows state's architecture and layers, and refusal
 * (the engine's message about the list, or '').
 */
export function createArchitectureForm(container, hooks) {
  const title = el('h4', { id: 't-arch-title', className: 't-arch-title' });
  const archLabel = el('label', { htmlFor: 't-tarch', className: 'param-name' });
  const arch = el('select', { id: 't-tarch', attrs: { 'aria-describedby': 't-tarch-note' } }, el('option', { value: 'mlp' }), el('option', { value: 'cnn' }));
  const archNote = el('p', { id: 't-tarch-note', className: 'param-range' });
  const list = el('ol', { className: 'layer-list', id: 't-layer-list', attrs: { 'aria-labelledby': 't-layers-title' } });
  const layersTitle = el('h5', { id: 't-layers-title', className: 't-layers-title' });
  const addKind = el('select', { id: 't-layer-add-kind' }, ...LAYER_TYPES.map((type) => el('option', { value: type })));
  const addKindText = el('span');
  const addKindLabel = el('label', { htmlFor: addKind.id, className: 'layer-field' }, addKindText, addKind);
  const add = el('button', { type: 'button', id: 't-layer-add' });
  const textLabel = el('label', { htmlFor: 't-tlayers', className: 'param-name' });
  const text = el('input', { type: 'text', id: 't-tlayers', className: 'widths-input', spellcheck: false, attrs: { autocomplete: 'off', 'aria-describedby': 't-tlayers-hint t-tlayers-error' } });
  const textHint = el('p', { id: 't-tlayers-hint', className: 'param-range' });
  const error = el('p', { id: 't-tlayers-error', className: 'field-error', attrs: { 'aria-live': 'polite' } });
  const refused = el('p', { id: 't-tlayers-refused', className: 'field-error t-layers-refused', attrs: { role: 'alert' } });
  const output = el('p', { className: 't-key', id: 't-layers-output' });
  const layersBox = el('div', { className: 't-layers', id: 't-layers-box' },
    layersTitle, list, el('div', { className: 'layer-add' }, addKindLabel, add), output, error, refused, textLabel, text, textHint);
  container.append(el('div', { className: 't-arch', role: 'group', attrs: { 'aria-labelledby': title.id } },
    title, el('div', { className: 'param-row' }, archLabel, arch, archNote), layersBox));

  let state = null;
  let shown = ''; // the layer text the rows show
  let layers = [];
  let pendingFocus = null; // the id to focus once the rows are rebuilt

  const applyLayers = (next, focusId = null) => {
    pendingFocus = focusId;
    setText(error, '');
    hooks.apply({ tlayers: formatLayers(next) });
  };

  arch.addEventListener('change', () => hooks.apply({ tarch: arch.value }));
  add.addEventListener('click', () => {
    if (layers.length >= LAYER_LIMITS.layers.max) {
      setText(error, t('tlayersErrTooMany', { max: LAYER_LIMITS.layers.max, n: layers.length + 1 }));
      return;
    }
    applyLayers([...layers, freshLayer(addKind.value)], `t-layer-${layers.length}-kind`);
  });
  text.addEventListener('change', () => {
    const parsed = parseLayers(text.value);
    text.setAttribute('aria-invalid', String(Boolean(parsed.error)));
    if (parsed.error) {
      setText(error, `${t(parsed.error.key, parsed.error.vars)} ${t('tlayersKept')}`);
      return;
    }
    applyLayers(parsed.layers);
  });

  // One row of the list: layer i.
  function row(layer, i, shape) {
    const id = (part) => `t-layer-${i}-${part}`;
    const kind = el('select', { id: id('kind'), attrs: { 'aria-label': t('tLayerKindLabel', { i: i + 1 }) } },
      ...LAYER_TYPES.map((type) => el('option', { value: type, textContent: t(`tLayerKind_${type}`), selected: type === layer.type })));
    kind.addEventListener('change', () => applyLayers(layers.map((l, k) => (k === i ? freshLayer(kind.value) : l)), id('kind')));
    const fields = FIELDS[layer.type].map(([field, property, type]) => {
      const input = type === 'checkbox'
        ? el('input', { type: 'checkbox', id: id(field), checked: layer.padding === 'same' })
        : el('input', { type: 'number', id: id(field), className: 'layer-number', value: String(layer[property]),
          step: field === 'rate' ? '0.05' : '1', min: String(LAYER_LIMITS[LIMIT_OF[field]].min), max: String(LAYER_LIMITS[LIMIT_OF[field]].max),
          attrs: { 'aria-describedby': error.id } });
      input.addEventListener('change', () => {
        const next = { ...layer };
        if (type === 'checkbox') next.padding = input.checked ? 'same' : 'valid';
        else next[property] = input.value.trim() === '' ? NaN : Number(input.value);
        const problem = layerProblem(next, i + 1);
        input.setAttribute('aria-invalid', String(Boolean(problem)));
        if (problem) {
          setText(error, t('gOutOfRange', { name: t('tLayerFieldOf', { i: i + 1, field: t(`tLayerField_${field}`) }), text: input.value.slice(0, 20) || '—', min: problem.vars.min, max: problem.vars.max }));
          return;
        }
        applyLayers(layers.map((l, k) => (k === i ? next : l)), id(field));
      });
      return el('label', { className: type === 'checkbox' ? 'layer-check' : 'layer-field', htmlFor: input.id },
        ...(type === 'checkbox' ? [input, el('span', { textContent: t(`tLayerField_${field}`) })] : [el('span', { textContent: t(`tLayerField_${field}`) }), input]));
    });
    const note = layer.type === 'act' ? [el('span', { className: 'layer-note', textContent: t('tLayerActNote') })] : [];
    const move = (to, part) => applyLayers(layers.map((l, k) => (k === i ? layers[to] : k === to ? layers[i] : l)), `t-layer-${to}-${part}`);
    const up = el('button', { type: 'button', id: id('up'), className: 'layer-button', textContent: '↑', disabled: i === 0, attrs: { 'aria-label': t('tLayerUp', { i: i + 1 }) } });
    const down = el('button', { type: 'button', id: id('down'), className: 'layer-button', textContent: '↓', disabled: i === layers.length - 1, attrs: { 'aria-label': t('tLayerDown', { i: i + 1 }) } });
    const remove = el('button', { type: 'button', id: id('remove'), className: 'layer-button', textContent: '×', attrs: { 'aria-label': t('tLayerRemove', { i: i + 1 }) } });
    up.addEventListener('click', () => move(i - 1, 'up'));
    down.addEventListener('click', () => move(i + 1, 'down'));
    remove.addEventListener('click', () => applyLayers(layers.filter((_, k) => k !== i), layers.length > 1 ? `t-layer-${Math.max(0, i - 1)}-remove` : add.id));
    const out = el('span', { className: 'layer-shape', id: id('shape'), textContent: shape ? `→ ${shapeText(shape)}` : '→ ?' });
    return el('li', { className: 'layer-row', dataset: { type: layer.type } },
      el('div', { className: 'layer-main' }, kind, ...fields, ...note, out),
      el('div', { className: 'layer-buttons' }, up, down, remove));
  }

  function rebuild() {
    const focused = list.contains(document.activeElement) ? document.activeElement.id : null;
    clear(list);
    const shapes = layerShapes(layers, IMAGE_SHAPES[state.tdata] ?? [1, 28, 28]);
    layers.forEach((layer, i) => list.append(row(layer, i, shapes[i])));
    const target = pendingFocus ?? focused;
    pendingFocus = null;
    if (!target) return;
    // A move to either end disables the button pressed: the other one of the same layer takes the focus.
    const other = target.replace(/-(up|down)$/, (m, part) => (part === 'up' ? '-down' : '-up'));
    const candidates = [target, other, target.replace(/-[a-z]+$/, '-kind')].map((id) => document.getElementById(id));
    (candidates.find((node) => node && !node.disabled) ?? add).focus();
  }

  return function sync(next, refusal = '') {
    state = next;
    setText(title, t('tArchTitle'));
    setText(archLabel, t('t_tarch'));
    for (const option of arch.options) setText(option, t(`t_tarch_${option.value}`));
    const image = Boolean(IMAGE_SHAPES[state.tdata]);
    arch.options[1].disabled = !image;
    arch.value = effectiveArch(state);
    setText(archNote, image ? t('tArchNote') : t('tArchToyNote'));
    layersBox.hidden = arch.value !== 'cnn';
    setText(layersTitle, t('tLayersTitle'));
    for (const option of addKind.options) setText(option, t(`tLayerKind_${option.value}`));
    setText(addKindText, t('tLayerAddKind'));
    setText(add, t('tLayerAdd'));
    setText(textLabel, t('t_tlayers'));
    setText(textHint, t('tLayersHint'));
    setText(output, t('tLayersOutput', { classes: 10 }));
    const key = `${state.tlayers}|${state.tdata}|${t('tLayerAdd')}`;
    if (key !== shown) {
      shown = key;
      layers = parseLayers(state.tlayers).layers ?? [];
      rebuild();
    }
    if (document.activeElement !== text) {
      text.value = state.tlayers;
      text.setAttribute('aria-invalid', 'false');
    }
    setText(refused, refusal ? t('tLayersRefused', { detail: refusal }) : '');
    const bad = Number(/^layer (\d+) /.exec(refusal)?.[1] ?? 0);
    for (const [i, item] of [...list.children].entries()) item.classList.toggle('layer-bad', i + 1 === bad);
    if (refusal) setAttr(list, 'aria-describedby', refused.id);
    else list.removeAttribute('aria-describedby');
  };
}
