// Chart.js plugin: draws the read-out crosshair (a vertical line at chart.$cross.x
// and a dot per curve at the wasm-computed values in chart.$cross.points).
import { chartInk } from '../ui/palette.js';

/** Registered once; does nothing on charts without a $cross. */
export const crosshairPlugin = {
  id: 'actlabCrosshair',
  afterDatasetsDraw(chart) {
    const cross = chart.$cross;
    if (!cross || !Number.isFinite(cross.x)) return;
    const { ctx, chartArea: area, scales } = chart;
    const px = scales.x.getPixelForValue(cross.x);
    if (px < area.left - 0.5 || px > area.right + 0.5) return;
    const ink = chart.$ink ?? chartInk();
    ctx.save();
    ctx.strokeStyle = ink.cross;
    ctx.globalAlpha = 0.6;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(Math.round(px) + 0.5, area.top);
    ctx.lineTo(Math.round(px) + 0.5, area.bottom);
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.setLineDash([]);
    for (const { y, colour } of cross.points ?? []) {
      if (!Number.isFinite(y)) continue;
      const py = scales.y.getPixelForValue(y);
      if (py < area.top || py > area.bottom) continue;
      ctx.fillStyle = colour;
      ctx.strokeStyle = ink.cross;
      ctx.beginPath();
      ctx.arc(px, py, 4, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    }
    ctx.restore();
  },
};
