// HTML legend: one toggle button per selected function (colour and dash shown),
// pressed = shown in both charts.
import { clear, el } from '../ui/dom.js';

// A short line sample drawn in the series colour and dash pattern.
function swatch(style) {
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', '28');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(svgNs, 'line');
  for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 27, y2: 5, stroke: style.colour, 'stroke-width': 3 })) line.setAttribute(k, v);
  if (style.dash.length) line.setAttribute('stroke-dasharray', style.dash.join(' '));
  svg.append(line);
  return svg;
}

/** Rebuilds the legend for the selected specs; onToggle(id) flips a series. */
export function renderLegend(container, specs, hidden, styleOf, onToggle) {
  clear(container);
  for (const spec of specs) {
    const shown = !hidden.includes(spec.id);
    const button = el('button', { type: 'button', className: 'legend-item', attrs: { 'aria-pressed': String(shown) }, dataset: { id: spec.id } },
      swatch(styleOf(spec.id)), el('span', { textContent: spec.name }));
    button.addEventListener('click', () => onToggle(spec.id));
    container.append(button);
  }
}
