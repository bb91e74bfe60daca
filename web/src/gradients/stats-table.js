// The per-layer statistics of one simulation as a table (long stacks show
// their first and last layers), and all simulations as CSV.
import { clear, el, tableCaption } from '../ui/dom.js';
import { num } from '../details/property-text.js';
import { csvNumber } from '../export/export-csv.js';
import { t } from '../i18n/translate.js';

/** Columns: result field, header key, and how a value is shown. */
export const STAT_COLUMNS = [
  { field: 'linearStd', key: 'colLinearStd' }, { field: 'zMean', key: 'colZMean' }, { field: 'zStd', key: 'colZStd' },
  { field: 'aMean', key: 'colAMean' }, { field: 'aStd', key: 'colAStd' },
  { field: 'saturated', key: 'colSaturated', percent: true }, { field: 'dead', key: 'colDead', percent: true },
  { field: 'gradARms', key: 'colGradA' }, { field: 'gradZRms', key: 'colGradZ' },
  { field: 'gradWNorm', key: 'colGradW' }, { field: 'gradWRatio', key: 'colGradRatio' },
];
const HEAD_ROWS = 25; // shown at each end of a stack deeper than twice this

// One cell's text.
function cellText(column, value) {
  return column.percent ? `${num(100 * value, 3)} %` : num(value, 4);
}

/** Fills table with result's layers for the function named name. */
export function renderStatsTable(table, result, name) {
  clear(table);
  const layers = result.layers;
  const shown = layers.length > 2 * HEAD_ROWS
    ? [...layers.slice(0, HEAD_ROWS).map((s, i) => [i, s]), null, ...layers.slice(-HEAD_ROWS).map((s, i) => [layers.length - HEAD_ROWS + i, s])]
    : layers.map((s, i) => [i, s]);
  const body = el('tbody');
  for (const entry of shown) {
    if (!entry) {
      body.append(el('tr', {}, el('td', { colSpan: STAT_COLUMNS.length + 1, className: 'gap', textContent: t('statsGap', { n: layers.length - 2 * HEAD_ROWS }) })));
      continue;
    }
    const [i, stats] = entry;
    body.append(el('tr', {}, el('th', { scope: 'row', textContent: String(i + 1) }),
      ...STAT_COLUMNS.map((c) => el('td', { textContent: cellText(c, stats[c.field]) }))));
  }
  table.append(tableCaption(table, t('statsCaption', { name })),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: t('colLayer') }), ...STAT_COLUMNS.map((c) => el('th', { scope: 'col', textContent: t(c.key) })))),
    body);
}

/** CSV of every layer of every run: runs = [{ label, result }]. */
export function statsCsv(runs) {
  const lines = [['function', 'layer', ...STAT_COLUMNS.map((c) => c.field)].join(',')];
  for (const { label, result } of runs) {
    result.layers.forEach((stats, i) => lines.push([label, i + 1, ...STAT_COLUMNS.map((c) => csvNumber(stats[c.field]))].join(',')));
  }
  return `${lines.join('\n')}\n`;
}
