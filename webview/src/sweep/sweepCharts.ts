// chart.js views of a sweep: the outcome by setting (dots, mean lines, ± sd bands, threshold,
// an earlier sweep) and the outcome by trainable parameters. Every run's learning curve is in
// sweepCurves.ts.
//
// Up to 500 runs: animation off, `parsing: false`, colours precomputed per point, and the caller
// draws at most once per animation frame.
import { Chart, type ChartDataset, type ChartOptions, type LegendItem, type TooltipItem } from 'chart.js';
import type { OutcomeName } from '../../../src/shared/engineView';
import { ThemedChart, axisTitle, baseOptions, tooltipColors, type Theme } from '../common/charts';
import { formatLoss, formatR } from '../common/format';
import { withAlpha, type Point } from '../common/chartData';
import { categoryLabel, logTicks, outcomeScale, rampColor, valueText, type MeanBand, type MeanPoint, type OutcomeSeries, type RunPoint, type SweepXAxis } from './sweepChartData';

type LineDataset = ChartDataset<'line', Point[]>;

// ---------------------------------------------------------------- shared pieces

/** Ramp colours, cached per 1/64 step: 500 dots share a handful of colours. */
export class Palette {
  private cache = new Map<string, string>();

  constructor(private readonly theme: Theme) {}

  color(t: number, alpha = 1): string {
    const key = `${Math.round(t * 64)}:${alpha}`;
    let color = this.cache.get(key);
    if (!color) {
      color = rampColor(this.theme.ramp, Math.round(t * 64) / 64, alpha);
      this.cache.set(key, color);
    }
    return color;
  }
}

export type ScaleOptions = NonNullable<NonNullable<ChartOptions<'line'>['scales']>[string]>;

/**
 * A log axis with ticks at 1..9 times each power of ten, labelled (and with a visible grid line)
 * at 1, 2 and 5. chart.js's own log ticks skip values next to a non-round axis minimum.
 */
export function logScale(title: string, theme: Theme, range: { min?: number; max?: number } = {}): ScaleOptions {
  const labelled = new Set<number>();
  return {
    type: 'logarithmic',
    ...range,
    title: axisTitle(title, theme),
    afterBuildTicks: (scale) => {
      const ticks = logTicks(scale.min, scale.max);
      labelled.clear();
      for (const tick of ticks) if (tick.labelled) labelled.add(tick.value);
      scale.ticks = ticks.map((tick) => ({ value: tick.value }));
    },
    ticks: { color: theme.muted, maxRotation: 0, autoSkip: false, callback: (value) => (labelled.has(Number(value)) ? valueText(Number(value)) : '') },
    grid: { color: (ctx) => (ctx.tick && labelled.has(ctx.tick.value) ? theme.grid : withAlpha(theme.grid, 0.35)), drawTicks: false },
    border: { color: theme.grid },
  };
}

/** The x axis of a setting: log, linear, or categories at 0, 1, ... labelled with the values. */
function settingScale(axis: Pick<SweepXAxis, 'kind' | 'min' | 'max' | 'values'>, title: string, theme: Theme): ScaleOptions {
  if (axis.kind === 'log') return logScale(title, theme, { min: axis.min, max: axis.max });
  const base = {
    type: 'linear' as const,
    min: axis.min,
    max: axis.max,
    title: axisTitle(title, theme),
    grid: { color: theme.grid, drawTicks: false },
    border: { color: theme.grid },
  };
  const ticks = { color: theme.muted, maxRotation: 0 };
  if (axis.kind === 'category') {
    return {
      ...base,
      grid: { display: false },
      afterBuildTicks: (scale) => {
        scale.ticks = axis.values.map((_, i) => ({ value: i }));
      },
      ticks: { ...ticks, autoSkip: false, font: { size: 12 }, callback: (value) => categoryLabel(axis as SweepXAxis, Number(value)) },
    };
  }
  // The range is padded past the first and last setting: no ticks at those odd values.
  return { ...base, ticks: { ...ticks, includeBounds: false, callback: (value) => valueText(Number(value)) } };
}

/** A y value as the learner reads it: "85.0%", "0.123", "17". */
export function plottedText(outcome: OutcomeName, y: number): string {
  if (!Number.isFinite(y)) return '—';
  if (outcomeScale(outcome) === 100) return `${y.toFixed(1)}%`;
  if (outcome === 'epochsToThreshold') return y.toFixed(0);
  return /loss/i.test(outcome) ? formatLoss(y) : formatR(y);
}

/** `empty`: no runs yet, so a threshold line alone does not set the range. */
function outcomeAxis(outcome: OutcomeName, title: string, theme: Theme, empty = false): ScaleOptions {
  const percent = outcomeScale(outcome) === 100;
  return {
    type: 'linear',
    title: axisTitle(title, theme),
    ...(percent ? { max: 100, ...(empty ? { min: 0 } : {}) } : outcome === 'epochsToThreshold' ? { beginAtZero: true } : {}),
    ticks: {
      color: theme.muted,
      precision: outcome === 'epochsToThreshold' ? 0 : undefined,
      callback: (value) => (percent ? `${value}%` : outcome === 'epochsToThreshold' ? String(value) : plottedText(outcome, Number(value))),
    },
    grid: { color: theme.grid, drawTicks: false },
    border: { color: theme.grid },
  };
}


// ---------------------------------------------------------------- outcome by setting

export interface OutcomePlot {
  axis: SweepXAxis;
  xTitle: string;
  yTitle: string;
  outcome: OutcomeName;
  dots: RunPoint[];
  /** Dots coloured by their colour position (a grid's other setting); else all alike. */
  coloredDots: boolean;
  series: OutcomeSeries[];
  /** In the plotted unit (% for accuracies). */
  threshold?: number;
  thresholdLabel?: string;
  earlier?: { label: string; band: MeanBand };
  /** Tooltip lines for a run's dot. */
  describeRun(point: RunPoint): string[];
  describeSetting(x: number): string;
}

type Role = 'dots' | 'mean' | 'band' | 'threshold' | 'earlier' | 'earlierBand';
interface DatasetInfo {
  role: Role;
  /** Datasets toggled together from the legend. */
  group: string;
  legend?: string;
  /** Colour position of a series; undefined: the theme's default colour. */
  color?: number;
  /** A band drawn as a thick vertical bar (categories) rather than a filled area. */
  bar?: boolean;
}

const LEGEND_RANK: Record<Role, number> = { dots: 0, mean: 1, band: 2, threshold: 3, earlier: 4, earlierBand: 5 };

export class OutcomeChart extends ThemedChart<'line'> {
  protected readonly chart: Chart<'line', Point[]>;
  private plot: OutcomePlot | undefined;
  private info: DatasetInfo[] = [];
  private readonly hidden = new Set<string>();
  private palette: Palette;
  private optionsKey = '';

  constructor(canvas: HTMLCanvasElement, theme: Theme) {
    super(theme);
    this.palette = new Palette(theme);
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: this.options() });
  }

  override applyTheme(theme: Theme): void {
    this.palette = new Palette(theme);
    super.applyTheme(theme);
  }

  /** Replaces what is drawn and draws it; call at most once per animation frame. */
  setPlot(plot: OutcomePlot): void {
    this.plot = plot;
    const datasets: LineDataset[] = [];
    const info: DatasetInfo[] = [];
    const add = (dataset: LineDataset, meta: DatasetInfo) => {
      datasets.push({ ...dataset, hidden: this.hidden.has(meta.group) });
      info.push(meta);
    };
    // Words on the x axis are not a continuum: a dash per category and a bar for the spread, no lines between.
    const category = plot.axis.kind === 'category';
    const many = plot.series.length > 1;
    const markers = plot.series[0] && plot.series[0].band.mean.length <= 12;
    const meanStyle = (hover: number): Partial<LineDataset> =>
      category ? { showLine: false, pointStyle: 'line', pointRadius: 13, pointHoverRadius: 14, pointBorderWidth: 3, pointHitRadius: 4 } : { pointRadius: markers ? 2.5 : 0, pointHoverRadius: hover, pointHitRadius: 6 };
    // Several series in a category: side by side rather than on top of each other.
    const shift = (i: number) => (category && many ? (i - (plot.series.length - 1) / 2) * Math.min(0.12, 0.6 / plot.series.length) : 0);
    const moved = <T extends Point>(points: T[], dx: number) => (dx ? points.map((p) => ({ ...p, x: p.x + dx })) : points);
    const band = (b: MeanBand, role: 'band' | 'earlierBand', group: string, legend: string | undefined, color: number | undefined, dx = 0) => {
      if (!b.upper.some((p, j) => p.y - b.lower[j].y > 1e-9)) return;
      if (category) {
        b.upper.forEach((p, j) =>
          add({ label: legend ?? group, data: [{ x: p.x + dx, y: b.lower[j].y }, { x: p.x + dx, y: p.y }], pointRadius: 0, pointHitRadius: 0, borderWidth: 22, borderCapStyle: 'butt' }, { role, group, legend: j === 0 ? legend : undefined, color, bar: true }),
        );
        return;
      }
      add({ label: group, data: b.lower, pointRadius: 0, pointHitRadius: 0, fill: false }, { role, group, color });
      add({ label: legend ?? group, data: b.upper, pointRadius: 0, pointHitRadius: 0, fill: '-1' }, { role, group, legend, color });
    };
    // Index order is drawing order from the top: means over dots over bands.
    plot.series.forEach((series, i) => {
      add({ label: series.label, data: moved(series.band.mean, shift(i)), ...meanStyle(4) }, { role: 'mean', group: `mean${i}`, legend: many ? series.label : 'mean', color: many ? series.color : undefined });
    });
    if (plot.earlier) {
      add({ label: plot.earlier.label, data: plot.earlier.band.mean, borderDash: [5, 4], ...meanStyle(3), pointRadius: category ? 13 : 0 }, { role: 'earlier', group: 'earlier', legend: plot.earlier.label });
    }
    if (plot.threshold !== undefined) {
      const { min, max } = plot.axis;
      add({ label: 'threshold', data: [{ x: min, y: plot.threshold }, { x: max, y: plot.threshold }], borderDash: [6, 4], pointRadius: 0, pointHitRadius: 0 }, { role: 'threshold', group: 'threshold', legend: plot.thresholdLabel ?? 'threshold' });
    }
    add({ label: 'runs', data: plot.dots, showLine: false, pointRadius: plot.dots.length > 200 ? 2 : 2.75, pointHoverRadius: 4.5, pointHitRadius: 3, pointBorderWidth: 0 }, { role: 'dots', group: 'dots', legend: 'runs' });
    plot.series.forEach((series, i) => {
      if (series.showBand) band(series.band, 'band', 'band', 'mean ± 1 sd', many ? series.color : undefined, shift(i));
    });
    if (plot.earlier) band(plot.earlier.band, 'earlierBand', 'earlier', undefined, undefined, category ? 0.22 : 0);
    this.info = info;
    this.chart.data.datasets = datasets;
    const key = JSON.stringify([plot.axis.kind, plot.axis.min, plot.axis.max, plot.axis.values.length, plot.xTitle, plot.yTitle, plot.outcome, plot.dots.length === 0]);
    if (key !== this.optionsKey) {
      this.optionsKey = key;
      this.chart.options = this.options();
    }
    this.style();
    this.chart.update('none');
  }

  protected style(): void {
    const { theme, plot } = this;
    if (!plot) return;
    const base = theme.blue;
    this.chart.data.datasets.forEach((dataset, i) => {
      const info = this.info[i];
      const color = info.color === undefined ? base : this.palette.color(info.color);
      switch (info.role) {
        case 'mean':
          Object.assign(dataset, { borderColor: color, backgroundColor: color, borderWidth: theme.highContrast ? 2.5 : 2 });
          break;
        case 'band':
          // A faint edge line makes the area read as a band, not as a shape of its own.
          Object.assign(dataset, { borderColor: withAlpha(color, info.bar ? 0.2 : 0.3), backgroundColor: withAlpha(color, 0.1), borderWidth: info.bar ? 22 : 1 });
          break;
        case 'threshold':
          Object.assign(dataset, { borderColor: withAlpha(theme.foreground, 0.75), backgroundColor: theme.foreground, borderWidth: 1 });
          break;
        case 'earlier':
          Object.assign(dataset, { borderColor: theme.muted, backgroundColor: theme.muted, borderWidth: 1.5 });
          break;
        case 'earlierBand':
          Object.assign(dataset, { borderColor: info.bar ? withAlpha(theme.muted, 0.16) : 'transparent', backgroundColor: withAlpha(theme.muted, 0.08) });
          break;
        case 'dots': {
          const alpha = plot.dots.length > 200 ? 0.4 : 0.55;
          const colors = plot.coloredDots ? plot.dots.map((p) => this.palette.color(p.color, alpha)) : withAlpha(base, alpha);
          Object.assign(dataset, { backgroundColor: colors, borderColor: colors, pointBackgroundColor: colors, pointBorderColor: colors });
          break;
        }
      }
    });
  }

  protected options(): ChartOptions<'line'> {
    const { theme } = this;
    const plot = this.plot;
    const options = baseOptions(theme);
    const axis = plot?.axis ?? { kind: 'linear' as const, min: 0, max: 1, values: [], name: '' };
    options.scales = { x: settingScale(axis, plot?.xTitle ?? '', theme), y: outcomeAxis(plot?.outcome ?? 'accuracy', plot?.yTitle ?? '', theme, !plot || plot.dots.length === 0) };
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins!.legend = {
      display: true,
      position: 'top',
      align: 'end',
      labels: {
        color: theme.foreground,
        usePointStyle: true,
        boxWidth: 14,
        boxHeight: 6,
        padding: 8,
        generateLabels: (chart) => this.legendItems(chart),
        sort: (a, b) => LEGEND_RANK[this.info[a.datasetIndex!]?.role ?? 'dots'] - LEGEND_RANK[this.info[b.datasetIndex!]?.role ?? 'dots'] || a.datasetIndex! - b.datasetIndex!,
      },
      onClick: (_event, item) => {
        const group = this.info[item.datasetIndex!]?.group;
        if (!group || !this.plot) return;
        if (this.hidden.has(group)) this.hidden.delete(group);
        else this.hidden.add(group);
        this.setPlot(this.plot);
      },
    };
    options.plugins!.tooltip = {
      ...tooltipColors(theme),
      // One thing at a time: a run (with its seed) rather than the mean it sits on.
      filter: (_item, index, items) => index === Math.max(0, items.findIndex((i) => this.info[i.datasetIndex]?.role === 'dots')),
      callbacks: {
        title: (items: TooltipItem<'line'>[]) => {
          const item = items[0];
          if (!item || !this.plot) return '';
          const role = this.info[item.datasetIndex]?.role;
          return role === 'dots' ? this.plot.describeRun(item.raw as RunPoint)[0] : this.plot.describeSetting(item.parsed.x ?? NaN);
        },
        label: (item: TooltipItem<'line'>) => {
          const plot = this.plot;
          if (!plot) return '';
          const role = this.info[item.datasetIndex]?.role;
          if (role === 'dots') return plot.describeRun(item.raw as RunPoint).slice(1);
          const p = item.raw as MeanPoint;
          const sd = p.sd !== undefined && p.n > 1 ? ` ± ${plottedText(plot.outcome, p.sd).replace('%', '')}${outcomeScale(plot.outcome) === 100 ? ' %' : ''}` : '';
          const n = p.n !== undefined ? ` (${p.n} run${p.n === 1 ? '' : 's'})` : '';
          return `${item.dataset.label}: ${plottedText(plot.outcome, item.parsed.y ?? NaN)}${sd}${n}`;
        },
      },
    };
    return options;
  }

  private legendItems(chart: Chart): LegendItem[] {
    const items: LegendItem[] = [];
    chart.data.datasets.forEach((dataset, i) => {
      const info = this.info[i];
      if (!info?.legend) return;
      const line = dataset as LineDataset;
      const fill = (typeof line.backgroundColor === 'string' ? line.backgroundColor : Array.isArray(line.backgroundColor) ? line.backgroundColor[0] : undefined) as string | undefined;
      const stroke = (typeof line.borderColor === 'string' ? line.borderColor : undefined) ?? fill;
      const isBand = info.role === 'band';
      items.push({
        text: info.legend,
        datasetIndex: i,
        hidden: this.hidden.has(info.group),
        fillStyle: isBand ? fill : info.role === 'dots' ? fill : stroke,
        strokeStyle: isBand ? fill : stroke,
        lineWidth: info.role === 'dots' ? 0 : 2,
        lineDash: line.borderDash as number[] | undefined,
        pointStyle: info.role === 'dots' ? 'circle' : isBand ? 'rect' : 'line',
        fontColor: this.theme.foreground,
      });
    });
    return items;
  }
}

// ---------------------------------------------------------------- outcome by parameters

export interface ParametersPlot {
  outcome: OutcomeName;
  yTitle: string;
  dots: RunPoint[];
  coloredDots: boolean;
  describeRun(point: RunPoint): string[];
}

export class ParametersChart extends ThemedChart<'line'> {
  protected readonly chart: Chart<'line', Point[]>;
  private plot: ParametersPlot | undefined;
  private palette: Palette;

  constructor(canvas: HTMLCanvasElement, theme: Theme) {
    super(theme);
    this.palette = new Palette(theme);
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [{ label: 'runs', data: [], showLine: false, pointBorderWidth: 0, pointHoverRadius: 4.5, pointHitRadius: 3 }] }, options: this.options() });
  }

  override applyTheme(theme: Theme): void {
    this.palette = new Palette(theme);
    super.applyTheme(theme);
  }

  setPlot(plot: ParametersPlot): void {
    const outcomeChanged = plot.outcome !== this.plot?.outcome || plot.yTitle !== this.plot?.yTitle;
    this.plot = plot;
    this.chart.data.datasets[0].data = plot.dots;
    if (outcomeChanged) this.chart.options = this.options();
    this.style();
    this.chart.update('none');
  }

  protected style(): void {
    const plot = this.plot;
    const dataset = this.chart.data.datasets[0];
    if (!plot) return;
    const alpha = plot.dots.length > 200 ? 0.45 : 0.6;
    const colors = plot.coloredDots ? plot.dots.map((p) => this.palette.color(p.color, alpha)) : withAlpha(this.theme.blue, alpha);
    Object.assign(dataset, { pointRadius: plot.dots.length > 200 ? 2 : 2.75, backgroundColor: colors, borderColor: colors, pointBackgroundColor: colors, pointBorderColor: colors });
  }

  protected options(): ChartOptions<'line'> {
    const { theme } = this;
    const options = baseOptions(theme);
    options.scales = {
      x: logScale('trainable parameters (log scale)', theme),
      y: outcomeAxis(this.plot?.outcome ?? 'accuracy', this.plot?.yTitle ?? '', theme),
    };
    options.interaction = { mode: 'nearest', intersect: true };
    options.plugins!.tooltip = {
      ...tooltipColors(theme),
      callbacks: {
        title: (items) => (items[0] && this.plot ? this.plot.describeRun(items[0].raw as RunPoint)[0] : ''),
        label: (item) => (this.plot ? this.plot.describeRun(item.raw as RunPoint).slice(1) : ''),
      },
    };
    return options;
  }
}
