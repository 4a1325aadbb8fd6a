// A heatmap drawn on a canvas (chart.js has no matrix chart without a plugin): the 2-D function
// with the descent path on it, and a sweep's learning rate x steps grid. Colours come from the
// theme's ramp; the path's dots go from the first step's colour to the last's.
import { numberText } from '../../../src/shared/engineView';
import type { Theme } from '../common/charts';
import { rampColor } from '../sweep/sweepChartData';
import { colorPosition, toPixel, type HeatmapGrid } from './functionChartData';

const MARGIN = { left: 44, bottom: 28, top: 8, right: 8 };

export interface HeatmapLabels {
  x: string;
  y: string;
  /** Tick labels at the cell centres (a sweep's values), else the range's two ends. */
  columns?: number[];
  rows?: number[];
}

/** Draws `grid` into `canvas` at its CSS width (square plot area), with `path` (domain points) on top. */
export function drawHeatmap(canvas: HTMLCanvasElement, grid: HeatmapGrid, theme: Theme, labels: HeatmapLabels, path?: { points: number[][]; stepColors: [string, string] }): void {
  const cssWidth = Math.max(200, Math.min(520, canvas.parentElement?.clientWidth ?? 360));
  const plot = cssWidth - MARGIN.left - MARGIN.right;
  const cssHeight = plot + MARGIN.top + MARGIN.bottom;
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  canvas.style.setProperty('width', `${cssWidth}px`);
  canvas.style.setProperty('height', `${cssHeight}px`);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, cssWidth, cssHeight);
  ctx.save();
  ctx.translate(MARGIN.left, MARGIN.top);
  const rows = grid.cells.length;
  const columns = grid.cells[0]?.length ?? 0;
  const cellW = plot / Math.max(1, columns);
  const cellH = plot / Math.max(1, rows);
  grid.cells.forEach((row, r) => row.forEach((value, c) => {
    const t = colorPosition(value, grid.min, grid.max);
    ctx.fillStyle = Number.isNaN(t) ? theme.grid : rampColor(theme.ramp, t);
    // A hair wider than the cell: no seams between neighbours.
    ctx.fillRect(c * cellW, r * cellH, cellW + 0.5, cellH + 0.5);
  }));
  if (path && path.points.length > 0) {
    const pixels = path.points.map(([x, y]) => toPixel(x, y, grid, plot, plot));
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    pixels.forEach(([px, py], k) => (k === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)));
    ctx.stroke();
    const last = Math.max(1, pixels.length - 1);
    pixels.forEach(([px, py], k) => {
      ctx.fillStyle = rampColor(path.stepColors, k / last);
      ctx.beginPath();
      ctx.arc(px, py, k === 0 || k === pixels.length - 1 ? 4 : 2.5, 0, 2 * Math.PI);
      ctx.fill();
    });
  }
  ctx.restore();
  ctx.fillStyle = theme.muted;
  ctx.font = `${Math.max(10, theme.fontSize - 2)}px ${theme.fontFamily}`;
  ctx.textAlign = 'center';
  const bottom = MARGIN.top + plot + 14;
  if (labels.columns) labels.columns.forEach((value, c) => ctx.fillText(numberText(value), MARGIN.left + (c + 0.5) * cellW, bottom));
  else {
    ctx.fillText(numberText(grid.xRange[0]), MARGIN.left, bottom);
    ctx.fillText(numberText(grid.xRange[1]), MARGIN.left + plot, bottom);
  }
  ctx.fillText(labels.x, MARGIN.left + plot / 2, bottom + 12);
  ctx.textAlign = 'right';
  if (labels.rows) labels.rows.forEach((value, r) => ctx.fillText(numberText(value), MARGIN.left - 4, MARGIN.top + (r + 0.5) * cellH + 4));
  else {
    ctx.fillText(numberText(grid.yRange[1]), MARGIN.left - 4, MARGIN.top + 8);
    ctx.fillText(numberText(grid.yRange[0]), MARGIN.left - 4, MARGIN.top + plot);
  }
  ctx.save();
  ctx.translate(10, MARGIN.top + plot / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
}
