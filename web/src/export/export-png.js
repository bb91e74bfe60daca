// The shown charts as one PNG: each chart's canvas drawn on a background of
// the page's colour, under a caption and a legend of its series.

const PAD = 12;

// The page's background colour (light or dark theme).
function pageBackground() {
  const colour = getComputedStyle(document.body).backgroundColor;
  return colour && colour !== 'rgba(0, 0, 0, 0)' ? colour : '#ffffff';
}

// Draws caption and legend entries at y; returns the height used (in CSS px).
function drawHeading(ctx, caption, series, y, width, ink) {
  ctx.fillStyle = ink;
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.fillText(caption, PAD, y + 10);
  let x = PAD;
  let row = y + 30;
  ctx.font = '13px system-ui, sans-serif';
  for (const s of series) {
    const w = 34 + ctx.measureText(s.label).width + 16;
    if (x + w > width - PAD) { x = PAD; row += 20; }
    ctx.strokeStyle = s.borderColor;
    ctx.lineWidth = 3;
    ctx.setLineDash(s.borderDash ?? []);
    ctx.beginPath();
    ctx.moveTo(x, row);
    ctx.lineTo(x + 26, row);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = ink;
    ctx.fillText(s.label, x + 32, row);
    x += w;
  }
  return row - y + 16;
}

/** A PNG Blob of parts = [{ chart, caption }] stacked vertically. */
export function chartsPng(parts) {
  const scale = Math.max(...parts.map(({ chart }) => chart.canvas.width / chart.width));
  const width = Math.max(...parts.map(({ chart }) => chart.width));
  const ink = getComputedStyle(document.body).color || '#000000';
  // Measure the headings once with a scratch context.
  const scratch = document.createElement('canvas').getContext('2d');
  const headings = parts.map(({ chart, caption }) => drawHeading(scratch, caption, chart.data.datasets, 0, width, ink));
  const height = parts.reduce((sum, { chart }, i) => sum + headings[i] + chart.height + PAD, PAD);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d');
  ctx.scale(scale, scale);
  ctx.fillStyle = pageBackground();
  ctx.fillRect(0, 0, width, height);
  let y = PAD;
  parts.forEach(({ chart, caption }, i) => {
    drawHeading(ctx, caption, chart.data.datasets, y, width, ink);
    y += headings[i];
    ctx.drawImage(chart.canvas, 0, y, chart.width, chart.height);
    y += chart.height + PAD;
  });
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toBlob failed'))), 'image/png'));
}
