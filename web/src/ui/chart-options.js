// The options every ActLab chart shares: created once and updated in place,
// so no animation, no parsing (data are {x, y} points), no Chart.js events
// (the page handles pointer input itself), no legend or tooltip (the page
// draws its own), and a size set by its box.
import { Chart } from 'chart.js';

/** Chart.js options for a static line chart: lineWidth of the lines, padding { right, top } around the plot. */
export function staticLineOptions({ lineWidth = 2, padding = { right: 12, top: 6 } } = {}) {
  return {
    animation: false,
    parsing: false,
    normalized: true,
    spanGaps: false,
    responsive: true,
    maintainAspectRatio: false,
    events: [],
    elements: { point: { radius: 0, hitRadius: 0, hoverRadius: 0 }, line: { borderWidth: lineWidth, tension: 0 } },
    plugins: { legend: { display: false }, tooltip: { enabled: false } },
    layout: { padding },
  };
}

/** A static line chart on canvas with no data yet and the given scales (staticLineOptions(style) for the rest). */
export function createStaticLineChart(canvas, scales, style) {
  return new Chart(canvas, { type: 'line', data: { datasets: [] }, options: { ...staticLineOptions(style), scales } });
}
