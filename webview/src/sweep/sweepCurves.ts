// Every run's learning curve on one chart, coloured by setting. Up to 500 runs of a few dozen
// epochs each: as chart.js datasets every update would resolve options for 40,000 points, so the
// curves are drawn straight onto the canvas by a plugin under chart.js's axes, and chart.js holds
// one dataset only: the curve under the mouse, highlighted, with its tooltip.
import { Chart, type ChartOptions, type Plugin } from 'chart.js';
import { ThemedChart, axisTitle, baseOptions, tooltipColors, type Theme } from '../common/charts';
import { formatLoss, formatR } from '../common/format';
import type { Point } from '../common/chartData';
import { Palette, logScale, type ScaleOptions } from './sweepCharts';
import { curveKind, type CurveChoice } from './sweepChartData';

export interface CurvesConfig {
  choice: CurveChoice;
  /** Log y axis (losses only). */
  logScale: boolean;
  yTitle: string;
}

export interface RunCurve {
  /** One line per column: train, or train and test (test dashed). */
  lines: { column: string; points: Point[] }[];
  /** Colour position, 0..1. */
  color: number;
  /** Tooltip title, e.g. "batchSize 8 · seed 1". */
  label: string;
}

const COLUMN_LABELS: Record<string, string> = {
  trainLoss: 'train loss',
  devLoss: 'dev loss',
  testLoss: 'test loss',
  trainAccuracy: 'train accuracy',
  devAccuracy: 'dev accuracy',
  testAccuracy: 'test accuracy',
  trainR: 'train r',
  devR: 'dev r',
  testR: 'test r',
};

/** Pointer distance (px) within which a curve counts as hovered. */
const HOVER_PX = 10;

/** Hundreds of overlapping lines: thinner and more transparent the more there are. */
function density(runs: number): { alpha: number; width: number } {
  return runs > 200 ? { alpha: 0.3, width: 1 } : runs > 50 ? { alpha: 0.5, width: 1 } : { alpha: 0.85, width: 1.5 };
}

export class CurvesChart extends ThemedChart<'line'> {
  protected readonly chart: Chart<'line', Point[]>;
  private config: CurvesConfig = { choice: 'trainLoss', logScale: false, yTitle: '' };
  private curves: RunCurve[] = [];
  /** Data ranges of everything added, for the axes (chart.js does not see the curves). */
  private range = { maxEpoch: 1, min: Infinity, max: -Infinity, minPositive: Infinity };
  private rangeKey = '';
  private palette: Palette;
  private hovered: { curve: number; line: number } | undefined;
  /**
   * The curves stroked so far, on a canvas of the chart's size: while runs stream in, a redraw
   * strokes only the new runs' curves onto it and copies it under the axes, instead of stroking
   * every curve again (500 runs: 40,000 segments in software, several times a second). Drawn again
   * whole when what it was drawn for changes (`key`: the canvas, the plot area, the scales, the
   * line density).
   */
  private layer: { canvas: HTMLCanvasElement; key: string; drawn: number } | undefined;

  constructor(private readonly canvas: HTMLCanvasElement, theme: Theme) {
    super(theme);
    this.palette = new Palette(theme);
    const plugin: Plugin<'line'> = { id: 'sweepCurves', beforeDatasetsDraw: (chart) => this.drawCurves(chart) };
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [{ label: '', data: [], pointRadius: 0, pointHoverRadius: 3, borderWidth: 2.5 }] },
      options: this.options(),
      plugins: [plugin],
    });
    canvas.addEventListener('mousemove', (event) => this.onPointer(event));
    canvas.addEventListener('mouseleave', () => this.setHovered(undefined));
  }

  override applyTheme(theme: Theme): void {
    this.palette = new Palette(theme);
    this.layer = undefined;
    super.applyTheme(theme);
  }

  get runs(): number {
    return this.curves.length;
  }

  /** Drops every curve and sets the axes; add the runs again, then `update()`. */
  reset(config: CurvesConfig): void {
    this.config = config;
    this.curves = [];
    this.range = { maxEpoch: 1, min: Infinity, max: -Infinity, minPositive: Infinity };
    this.rangeKey = '';
    this.hovered = undefined;
    this.layer = undefined;
    this.chart.data.datasets[0].data = [];
  }

  addRun(curve: RunCurve): void {
    this.curves.push(curve);
    const r = this.range;
    for (const line of curve.lines) {
      for (const { x, y } of line.points) {
        if (x > r.maxEpoch) r.maxEpoch = x;
        if (!Number.isFinite(y)) continue;
        if (y < r.min) r.min = y;
        if (y > r.max) r.max = y;
        if (y > 0 && y < r.minPositive) r.minPositive = y;
      }
    }
  }

  /** Draws what was added; call at most once per animation frame. */
  update(): void {
    const key = JSON.stringify(this.range);
    if (key !== this.rangeKey) {
      this.rangeKey = key;
      this.chart.options = this.options();
      this.style();
      this.chart.update('none');
      return;
    }
    // Same axes: only the curves (drawn by the plugin) changed, so draw without chart.js's layout
    // pass (sizing every tick label: most of an update's time).
    this.chart.draw();
  }

  // -------------------------------------------------------------- drawing

  private drawCurves(chart: Chart): void {
    const { ctx, chartArea } = chart;
    const xScale = chart.scales.x;
    const yScale = chart.scales.y;
    if (!xScale || !yScale || !chartArea) return;
    const { alpha, width } = density(this.curves.length);
    const { canvas } = chart;
    const key = [canvas.width, canvas.height, chartArea.left, chartArea.top, chartArea.right, chartArea.bottom, xScale.min, xScale.max, yScale.type, yScale.min, yScale.max, alpha, width].join(' ');
    if (this.layer?.key !== key) {
      const layer = this.layer?.canvas ?? document.createElement('canvas');
      // Setting the size clears it.
      layer.width = canvas.width;
      layer.height = canvas.height;
      this.layer = { canvas: layer, key, drawn: 0 };
    }
    const layer = this.layer;
    const pen = layer.canvas.getContext('2d');
    if (!pen) return this.strokeCurves(ctx, chart, 0, alpha, width);
    if (layer.drawn < this.curves.length) {
      pen.setTransform(ctx.getTransform());
      this.strokeCurves(pen, chart, layer.drawn, alpha, width);
      layer.drawn = this.curves.length;
    }
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(layer.canvas, 0, 0);
    ctx.restore();
  }

  /** Strokes the curves from `from` on, clipped to the plot area. */
  private strokeCurves(ctx: CanvasRenderingContext2D, chart: Chart, from: number, alpha: number, width: number): void {
    const { chartArea } = chart;
    const xScale = chart.scales.x;
    const yScale = chart.scales.y;
    ctx.save();
    ctx.beginPath();
    ctx.rect(chartArea.left, chartArea.top - 4, chartArea.right - chartArea.left, chartArea.bottom - chartArea.top + 8);
    ctx.clip();
    ctx.lineWidth = width;
    ctx.lineJoin = 'round';
    for (const curve of this.curves.slice(from)) {
      ctx.strokeStyle = this.palette.color(curve.color, alpha);
      for (const line of curve.lines) {
        ctx.setLineDash(this.dashed(curve, line.column) ? [4, 3] : []);
        ctx.beginPath();
        let pen = false;
        for (const { x, y } of line.points) {
          if (!Number.isFinite(y)) {
            pen = false;
            continue;
          }
          const px = xScale.getPixelForValue(x);
          const py = yScale.getPixelForValue(y);
          if (pen) ctx.lineTo(px, py);
          else ctx.moveTo(px, py);
          pen = true;
        }
        ctx.stroke();
      }
    }
    ctx.restore();
  }

  private dashed(curve: RunCurve, column: string): boolean {
    return curve.lines.length > 1 && column.startsWith('test');
  }

  // -------------------------------------------------------------- hover: the nearest curve, highlighted, with a tooltip

  private onPointer(event: MouseEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    const mx = event.clientX - rect.left;
    const my = event.clientY - rect.top;
    const xScale = this.chart.scales.x;
    const yScale = this.chart.scales.y;
    const area = this.chart.chartArea;
    if (!xScale || !yScale || !area || mx < area.left - HOVER_PX || mx > area.right + HOVER_PX) return this.setHovered(undefined);
    let best: { curve: number; line: number; index: number; d: number } | undefined;
    this.curves.forEach((curve, c) => {
      curve.lines.forEach((line, l) => {
        line.points.forEach((p, i) => {
          if (!Number.isFinite(p.y)) return;
          const dx = xScale.getPixelForValue(p.x) - mx;
          if (Math.abs(dx) > HOVER_PX) return;
          const dy = yScale.getPixelForValue(p.y) - my;
          const d = dx * dx + dy * dy;
          if (d <= HOVER_PX * HOVER_PX && (!best || d < best.d)) best = { curve: c, line: l, index: i, d };
        });
      });
    });
    this.setHovered(best, best && { x: mx, y: my });
  }

  private setHovered(target: { curve: number; line: number; index: number } | undefined, position?: { x: number; y: number }): void {
    const same = target && this.hovered && target.curve === this.hovered.curve && target.line === this.hovered.line;
    const dataset = this.chart.data.datasets[0];
    if (!target) {
      if (!this.hovered) return;
      this.hovered = undefined;
      dataset.data = [];
      this.chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
      this.chart.update('none');
      return;
    }
    if (!same) {
      this.hovered = { curve: target.curve, line: target.line };
      const curve = this.curves[target.curve];
      const line = curve.lines[target.line];
      dataset.data = line.points;
      dataset.label = curve.label;
      const color = this.palette.color(curve.color);
      Object.assign(dataset, { borderColor: color, backgroundColor: color, borderDash: this.dashed(curve, line.column) ? [4, 3] : [] });
      this.chart.update('none');
    }
    const active = [{ datasetIndex: 0, index: target.index }];
    this.chart.setActiveElements(active);
    this.chart.tooltip?.setActiveElements(active, position ?? { x: 0, y: 0 });
    this.chart.update('none');
  }

  // -------------------------------------------------------------- options

  protected style(): void {
    // The curves take their colours from the palette when drawn; the highlight from the hovered curve.
    const dataset = this.chart.data.datasets[0];
    if (this.hovered) {
      const color = this.palette.color(this.curves[this.hovered.curve]?.color ?? 0);
      Object.assign(dataset, { borderColor: color, backgroundColor: color });
    }
  }

  protected options(): ChartOptions<'line'> {
    const { theme, config, range } = this;
    const options = baseOptions(theme);
    const kind = curveKind(config.choice);
    const log = kind === 'loss' && config.logScale && Number.isFinite(range.minPositive);
    const format = (y: number) => (kind === 'loss' ? formatLoss(y) : kind === 'accuracy' ? `${y.toFixed(1)}%` : formatR(y));
    const ticks = { color: theme.muted, maxRotation: 0 };
    const grid = { color: theme.grid, drawTicks: false };
    const hasData = Number.isFinite(range.max);
    let y: ScaleOptions;
    if (log) {
      y = logScale(`${config.yTitle} (log scale)`, theme, { min: range.minPositive, max: range.max });
    } else if (kind === 'accuracy') {
      y = { type: 'linear', min: 0, max: 100, title: axisTitle(config.yTitle, theme), ticks: { ...ticks, callback: (value) => `${value}%` }, grid, border: { color: theme.grid } };
    } else if (kind === 'r') {
      y = { type: 'linear', min: hasData ? Math.min(0, Math.floor(range.min * 10) / 10) : 0, max: 1, title: axisTitle(config.yTitle, theme), ticks, grid, border: { color: theme.grid } };
    } else {
      y = { type: 'linear', min: 0, max: hasData ? range.max * 1.02 : 1, title: axisTitle(config.yTitle, theme), ticks: { ...ticks, callback: (value) => formatLoss(Number(value)) }, grid, border: { color: theme.grid } };
    }
    options.scales = {
      x: { type: 'linear', min: 0, max: range.maxEpoch, title: axisTitle('epoch', theme), ticks: { ...ticks, precision: 0 }, grid, border: { color: theme.grid } },
      y,
    };
    // The pointer is followed by onPointer (over every curve); chart.js only shows what it picks.
    options.events = [];
    options.plugins!.tooltip = {
      ...tooltipColors(theme),
      callbacks: {
        title: () => (this.hovered ? this.curves[this.hovered.curve]?.label ?? '' : ''),
        label: (item) => {
          const line = this.hovered && this.curves[this.hovered.curve]?.lines[this.hovered.line];
          return `epoch ${item.parsed.x}: ${COLUMN_LABELS[line ? line.column : ''] ?? ''} ${format(item.parsed.y ?? NaN)}`;
        },
      },
    };
    return options;
  }
}
