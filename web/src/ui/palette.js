// Okabe–Ito colour-blind-safe colours, ordered for contrast on light and dark
// backgrounds; past eight series the colours repeat with dash patterns.

const LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#B8A800'];
const DARK = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00', '#FFFFFF', '#3A9BDC'];
const DASHES = [[], [8, 4], [2, 3]];

/** Whether the page is currently dark: theme=dark/light in the URL (<html data-theme>) or else prefers-color-scheme. */
export function prefersDark() {
  const forced = globalThis.document?.documentElement.dataset.theme;
  if (forced === 'dark' || forced === 'light') return forced === 'dark';
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Colour and dash pattern of series number index. */
export function seriesStyle(index, dark = prefersDark()) {
  const colours = dark ? DARK : LIGHT;
  return { colour: colours[index % colours.length], dash: DASHES[Math.floor(index / colours.length) % DASHES.length] };
}

/** Axis, grid and text colours for the charts. */
export function chartInk(dark = prefersDark()) {
  return dark
    ? { text: '#d6d6d6', grid: 'rgba(255,255,255,0.12)', zero: 'rgba(255,255,255,0.45)', cross: '#ffffff' }
    : { text: '#333333', grid: 'rgba(0,0,0,0.10)', zero: 'rgba(0,0,0,0.45)', cross: '#000000' };
}

/** Colours every scale of a Chart.js chart with ink: tick labels, titles and grid (grid: a colour or a scriptable function). */
export function inkScales(chart, ink = chartInk(), grid = ink.grid) {
  for (const scale of Object.values(chart.options.scales)) {
    scale.ticks.color = ink.text;
    scale.title.color = ink.text;
    scale.grid.color = grid;
  }
}
