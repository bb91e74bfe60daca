// URL fuzz: hundreds of generated URL states (seeded, so every run is the
// same) loaded in Chromium, mostly by history changes in one page (the
// explorer re-reads the URL on popstate) and some by full page loads.
// Asserts: no uncaught exception or console error, no injected element or
// script ran, every number shown is finite or marked as not finite, and a
// visible note exactly when a value had to be corrected.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { watchPage } from './browser.mjs';
import { useServerAndBrowser } from './suite.mjs';
import { prng } from '../js/helpers/prng.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20240605);
const HISTORY_URLS = 480; // loaded through pushState + popstate
const FULL_LOADS = 30; // loaded with page.goto (the start-up path: language, embed, build choice)
const BATCH = 20;


const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">', '"><img src=x onerror=window.__pwned=1>', '<svg onload=window.__pwned=1>',
  '<script>window.__pwned=1</script>', 'javascript:window.__pwned=1', '<iframe src="javascript:parent.__pwned=1">',
  "${window.__pwned=1}", "{{constructor.constructor('window.__pwned=1')()}}", '</textarea><img src=x onerror=window.__pwned=1>',
  '<b>bold</b>', '&lt;img&gt;', '%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E',
];
const IDS = ['sigmoid', 'tanh', 'relu', 'gelu', 'elu', 'swish', 'softplus', 'hardtanh', 'leaky_relu', 'prelu', 'celu', 'selu', 'mish', 'identity',
  'xielu', 'rrelu', 'threshold', 'hardshrink', 'softshrink', 'tanhshrink', 'quick_gelu', 'squared_relu', 'softmax', 'maxout'];
const FN_COUNT = IDS.length - 2; // the elementwise ids: all but softmax and maxout
const VIEWS = ['curves', 'gradients', 'training', 'identities', 'softmax', 'maxout', 'gated', 'accuracy'];
const NUMBER_KEYS = ['x0', 'x1', 'y0', 'y1', 'dy0', 'dy1', 'ly0', 'ly1', 'temp', 'elu.alpha', 'celu.alpha', 'swish.beta', 'softplus.beta', 'softplus.threshold',
  'hardtanh.min_val', 'hardtanh.max_val', 'leaky_relu.negative_slope', 'prelu.alpha',
  'xielu.alpha_p', 'xielu.alpha_n', 'xielu.beta', 'rrelu.lower', 'rrelu.upper', 'threshold.threshold', 'threshold.value', 'hardshrink.lambd',
  'gdepth', 'gwidth', 'gbatch', 'ggain', 'gstd', 'gbound', 'gvalue', 'gbias', 'ginval', 'gclipv', 'gsat', 'gseed',
  'tpoints', 'tnoise', 'tbiasstd', 'tlr', 'tbatch', 'tl2', 'tepochs', 'tseed'];
const KEYS = [...NUMBER_KEYS, 'lang', 'fn', 'hide', 'f', 'df', 'log', 'view', 'embed', 'simd', 'softmax', 'maxout', 'acc',
  'ginit', 'gfan', 'ginput', 'gloss', 'gclip', 'gq', 'gfocus', 'tdata', 'thidden', 'tinit', 'topt', 'tcost', 'tfocus',
  'zzz', 'relu.alpha', 'elu.beta', '__proto__', 'constructor', 'toString', 'fn[]', 'FN', 'x0 ', '', PAYLOADS[0], 'é'];

// One random value, of a kind that fits key or not.
function value(rand, key) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const num = () => pick([
    () => String(Math.round((rand() * 40 - 20) * 100) / 100), () => String(rand() * 2e6 - 1e6), () => pick(['NaN', 'Infinity', '-Infinity', '+Infinity', 'nan', 'inf']),
    () => pick(['1e308', '-1e308', '1e400', '-1e-400', '1e-45', '5e-324', '-0', '0x1F', '0b11', '1_000', ' 3 ', '', ' ', '.', '-', '1e', '12abc', '٣']),
    () => String(-Math.floor(rand() * 1e9)), () => String(Number.MAX_SAFE_INTEGER * 4), () => '9'.repeat(400),
  ])();
  const list = (n, item) => Array.from({ length: n }, item).join(',');
  const generators = [
    num,
    () => pick(PAYLOADS),
    () => 'x'.repeat(1 + Math.floor(rand() * 5000)),
    () => pick(['0', '1', 'true', 'false', 'yes', 'maybe', 'on']),
    () => pick([...VIEWS, 'gradients', 'CURVES', 'network', '1', '0', '']),
    () => list(1 + Math.floor(rand() * 8), () => pick([...IDS, 'foo', 'relu', pick(PAYLOADS), ''])),
    () => list(Math.floor(rand() * 14), () => pick([num(), num(), 'x', ''])),
    () => list(Math.floor(rand() * 9), () => `${num()}:${num()}`),
    () => pick(['en', 'zh', 'fr', 'ZH', 'zh-CN', pick(PAYLOADS)]),
    () => pick(['auto', '0', '1', 'no']),
  ];
  // Mostly values of the right kind for known keys, so the page gets past its first checks.
  if (rand() < 0.55) {
    if (NUMBER_KEYS.includes(key)) return num();
    const kinds = { fn: 5, hide: 5, softmax: 6, maxout: 7, lang: 8, simd: 9, view: 4, embed: 4, f: 3, df: 3, log: 3, acc: 5 };
    const fitting = Object.hasOwn(kinds, key) ? kinds[key] : undefined;
    if (fitting !== undefined) return key === 'acc' ? pick([...IDS, 'foo']) : generators[fitting]();
  }
  return pick(generators)();
}

// Plausible values (mostly valid, near the edges), so that a single silent correction would show.
const PLAUSIBLE = {
  x0: (r) => r() * 60 - 40, x1: (r) => r() * 60 - 20, y0: (r) => r() * 6 - 5, y1: (r) => r() * 6 - 1, dy0: (r) => r() * 2 - 1.5, dy1: (r) => r() * 2,
  ly0: (r) => 10 ** (-r() * 20), ly1: (r) => 10 ** (r() * 4 - 1), temp: (r) => r() * 21, 'elu.alpha': (r) => r() * 11, 'swish.beta': (r) => r() * 11,
  'hardtanh.min_val': (r) => r() * 4 - 2, 'hardtanh.max_val': (r) => r() * 4 - 2, 'leaky_relu.negative_slope': (r) => r() * 1.2 - 0.1, 'prelu.alpha': (r) => r() * 2.4 - 1.2,
  'xielu.alpha_p': (r) => r() * 11, 'xielu.alpha_n': (r) => r() * 11, 'xielu.beta': (r) => r() * 11 - 0.5,
  'rrelu.lower': (r) => r() * 1.2 - 0.1, 'rrelu.upper': (r) => r() * 1.2 - 0.1, 'threshold.value': (r) => r() * 240 - 120, 'softshrink.lambd': (r) => r() * 110 - 5,
  fn: (r) => Array.from({ length: 1 + Math.floor(r() * 4) }, () => IDS[Math.floor(r() * FN_COUNT)]).join(','),
  hide: (r) => Array.from({ length: Math.floor(r() * 3) }, () => IDS[Math.floor(r() * FN_COUNT)]).join(','),
  view: (r) => VIEWS[Math.floor(r() * VIEWS.length)], embed: (r) => ['1', '0', ...VIEWS][Math.floor(r() * (VIEWS.length + 2))], lang: (r) => (r() < 0.5 ? 'en' : 'zh'),
  tdata: (r) => ['spiral', 'moons', 'xor', 'digits'][Math.floor(r() * 4)], thidden: (r) => Array.from({ length: Math.floor(r() * 4) }, () => 1 + Math.floor(r() * 40)).join(','),
  tlr: (r) => 10 ** (-4 * r()), topt: (r) => ['sgd', 'momentum', 'adam'][Math.floor(r() * 3)],
  gdepth: (r) => Math.floor(r() * 40), gwidth: (r) => Math.floor(r() * 130), gbatch: (r) => Math.floor(r() * 70), ggain: (r) => r() * 3,
  gbias: (r) => r() * 10 - 5, gseed: (r) => Math.floor(r() * 1e6), gsat: (r) => r() * 0.6, gclipv: (r) => r() * 2,
  ginit: (r) => ['xavier_normal', 'he_uniform', 'orthogonal', 'constant', 'lecun_normal'][Math.floor(r() * 5)],
  gclip: (r) => ['off', 'value', 'norm'][Math.floor(r() * 3)], gq: (r) => ['gradZRms', 'gradWNorm', 'aStd'][Math.floor(r() * 3)],
  log: (r) => (r() < 0.5 ? '1' : '0'), f: (r) => (r() < 0.8 ? '1' : '0'), df: (r) => (r() < 0.8 ? '1' : '0'), acc: (r) => IDS[Math.floor(r() * FN_COUNT)],
  softmax: (r) => Array.from({ length: 1 + Math.floor(r() * 11) }, () => (r() * 110 - 55).toFixed(1)).join(','),
  maxout: (r) => Array.from({ length: Math.floor(r() * 8) }, () => `${(r() * 22 - 11).toFixed(2)}:${(r() * 4 - 2).toFixed(2)}`).join(','),
};

// A query of 1 to 4 plausible settings.
function plausibleQuery(rand) {
  const keys = Object.keys(PLAUSIBLE);
  const parts = [];
  for (let i = 1 + Math.floor(rand() * 4); i > 0; i--) {
    const key = keys[Math.floor(rand() * keys.length)];
    const v = PLAUSIBLE[key](rand);
    parts.push(`${key}=${encodeURIComponent(typeof v === 'number' ? String(Number(v.toPrecision(4))) : v)}`);
  }
  return `?${parts.join('&')}`;
}

// One query string: 1 to 8 settings, sometimes a key twice, sometimes unencoded (or a plausible one).
function query(rand) {
  if (rand() < 0.35) return plausibleQuery(rand);
  const parts = [];
  const count = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < count; i++) {
    const key = KEYS[Math.floor(rand() * KEYS.length)];
    const text = value(rand, key);
    const raw = rand() < 0.15;
    parts.push(`${raw ? key : encodeURIComponent(key)}=${raw ? text : encodeURIComponent(text)}`);
    if (rand() < 0.1) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(value(rand, key))}`);
  }
  return `?${parts.join('&')}`;
}

// Runs in the page after a URL was loaded: every check, as a list of problems (empty when all is well).
async function inspect(baseline, search) {
  const problems = [];
  const { schema, state, notes } = window.__actlab;
  const s = state();
  // Nothing injected ran or was inserted.
  if (window.__pwned) problems.push('an injected script ran');
  const count = document.querySelectorAll('img, script, iframe, object, embed').length;
  if (count !== baseline) problems.push(`element count ${count}, expected ${baseline}`);
  for (const node of document.querySelectorAll('*')) {
    const handler = [...node.attributes].find((a) => a.name.startsWith('on'));
    if (handler) problems.push(`<${node.localName} ${handler.name}> in the page`);
  }
  // Every shown number is finite or marked as not finite (the caller has moved the read-out to x0).
  const cells = [...document.querySelectorAll('#readout-table td, .values-table td, .summary, #readout-x')].filter((c) => c.offsetParent !== null);
  for (const cell of cells) {
    if (/Infinity|undefined|null|\[object/.test(cell.textContent)) problems.push(`shown number “${cell.textContent}”`);
  }
  for (const td of document.querySelectorAll('#readout-table td')) {
    if (!/^(−?\d+(\.\d+)?(e[+−-]?\d+)?|NaN|[+−]∞)$/.test(td.textContent)) problems.push(`read-out cell “${td.textContent}”`);
  }
  for (const input of document.querySelectorAll('input[type=number]')) {
    if (input.offsetParent !== null && input.value !== '' && !Number.isFinite(Number(input.value))) problems.push(`input ${input.id} = “${input.value}”`);
  }
  for (const row of schema.rows) {
    const v = s[row.key];
    const numbers = row.type === 'number' ? [v] : row.type === 'list' ? v.flat() : [];
    if (numbers.some((n) => !Number.isFinite(n))) problems.push(`state ${row.key} = ${JSON.stringify(v)}`);
  }
  // A note exactly when the URL asked for something the state does not hold.
  const query = new URLSearchParams(search); // as loaded: the page then writes its corrected URL
  let corrected = false;
  const seen = new Set();
  const asked = {};
  const literal = (row, text) => {
    const trimmed = text.trim();
    switch (row.type) {
      case 'number': { const n = trimmed === '' ? NaN : Number(trimmed); return Number.isFinite(n) && n >= row.min && n <= row.max ? n : undefined; }
      case 'bool': return { 1: true, true: true, 0: false, false: false }[text];
      case 'enum': return row.values.includes(text) ? text : undefined;
      case 'embed': return text === '1' || text === 'true' || window.__actlab.schema.byKey.get('view').values.includes(text) ? true : text === '0' || text === 'false' ? false : undefined;
      case 'idList': { const ids = text.split(',').map((x) => x.trim()).filter(Boolean); return ids.every((id) => row.values.includes(id)) ? ids : undefined; }
      case 'list': {
        const items = trimmed === '' ? [] : text.split(',').map((item) => item.split(':').map((p) => (p.trim() === '' ? NaN : Number(p))));
        const ok = items.every((p) => p.length === row.width && p.every((n) => Number.isFinite(n) && n >= row.min && n <= row.max && (!row.integer || Number.isInteger(n))));
        return ok && items.length >= row.minLength && items.length <= row.maxLength ? items.map((p) => (row.width === 1 ? p[0] : p)) : undefined;
      }
      default: return undefined;
    }
  };
  for (const [key, text] of query) {
    if (seen.has(key)) { corrected = true; continue; }
    seen.add(key);
    const row = schema.byKey.get(key);
    const v = row ? literal(row, text) : undefined;
    if (v === undefined) { corrected = true; continue; }
    asked[key] = v;
    if (key === 'embed' && !['0', '1', 'true', 'false'].includes(text)) asked.viewFromEmbed = text;
  }
  if (asked.viewFromEmbed) {
    if ('view' in asked && asked.view !== asked.viewFromEmbed) corrected = true;
    asked.view = asked.viewFromEmbed;
    delete asked.viewFromEmbed;
  }
  for (const [key, v] of Object.entries(asked)) {
    if (JSON.stringify(v) !== JSON.stringify(s[key])) corrected = true;
  }
  const panel = document.getElementById('notes');
  const shown = !panel.hidden && panel.getBoundingClientRect().height > 0 && panel.querySelectorAll('li').length > 0;
  if (corrected && !shown) problems.push('a value was corrected without a visible note');
  if (!corrected && shown) problems.push(`a note although nothing was corrected: ${panel.textContent.slice(0, 200)}`);
  if (notes().length && !shown) problems.push('notes exist but are not shown');
  return problems;
}

const suite = useServerAndBrowser();

describe('URL fuzz', () => {
  test(`${HISTORY_URLS + FULL_LOADS} generated URLs: no error, no injection, finite numbers, a note for every correction`, async () => {
    const rand = prng(SEED);
    const urls = Array.from({ length: HISTORY_URLS + FULL_LOADS }, () => query(rand));
    const page = await suite.browser.context.newPage();
    await page.setViewportSize({ width: 480, height: 640 }); // fewer pixels to draw per URL
    const watched = watchPage(page, suite.server.origin);
    await page.goto(suite.server.url);
    await page.waitForFunction(() => window.__actlab?.timings.length > 0, null, { timeout: 20000 });
    const baseline = await page.evaluate(() => document.querySelectorAll('img, script, iframe, object, embed').length);
    const found = [];
    const errorsSoFar = () => watched.consoleErrors.length + watched.pageErrors.length;
    for (let start = 0; start < HISTORY_URLS; start += BATCH) {
      const batch = urls.slice(start, start + BATCH);
      const before = errorsSoFar();
      const results = await page.evaluate(async ({ batch, baseline, inspectSource }) => {
        const inspect = new Function(`return (${inspectSource})`)();
        const out = [];
        for (const search of batch) {
          history.pushState(null, '', `${location.pathname}${search}`);
          dispatchEvent(new PopStateEvent('popstate'));
          document.getElementById('plot-f').dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(resolve));
          out.push(await inspect(baseline, search));
        }
        return out;
      }, { batch, baseline, inspectSource: inspect.toString() });
      results.forEach((problems, i) => { if (problems.length) found.push({ url: batch[i], problems }); });
      if (errorsSoFar() > before) found.push({ url: `batch ${start}–${start + BATCH - 1}`, problems: [...watched.consoleErrors, ...watched.pageErrors].slice(before) });
    }
    // Full loads: the start-up path reads language, embed mode and build choice before the kernels load.
    for (const search of urls.slice(HISTORY_URLS)) {
      const before = errorsSoFar();
      await page.goto(suite.server.url + search);
      await page.waitForFunction(() => document.body.classList.contains('ready'), null, { timeout: 20000 });
      const problems = await page.evaluate(async ({ baseline, search, inspectSource }) => {
        document.getElementById('plot-f').dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
        await new Promise((resolve) => requestAnimationFrame(resolve));
        return new Function(`return (${inspectSource})`)()(baseline, search);
      }, { baseline, search, inspectSource: inspect.toString() });
      if (errorsSoFar() > before) problems.push(...[...watched.consoleErrors, ...watched.pageErrors].slice(before));
      if (problems.length) found.push({ url: search, problems });
    }
    console.log(`URL fuzz: ${urls.length} URLs (${HISTORY_URLS} by history, ${FULL_LOADS} full loads), seed ${SEED}, ${found.length} with problems`);
    assert.deepEqual(watched.foreignRequests, []);
    if (process.env.FUZZ_DEBUG) for (const f of found) console.log(JSON.stringify(f).slice(0, 600));
    assert.deepEqual(found.slice(0, 10), [], `${found.length} URLs with problems`);
    await page.close();
  });
});
