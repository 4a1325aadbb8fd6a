// chart.js views of a run: the loss curves, the metric curves and the predicted-vs-true scatter.
//
// Long runs: animation off, `parsing: false` with {x, y} points on a linear x axis so the
// decimation plugin (LTTB) draws ~one point per pixel, and the caller batches updates (at most
// one `update('none')` per animation frame).
import { Chart, type ChartDataset, type ChartOptions, type TooltipItem } from 'chart.js';
import { withAlpha, type Point } from '../common/chartData';
import { ThemedChart, axisTitle, baseOptions, tooltipColors, type Theme } from '../common/charts';
import { formatLoss, formatR } from '../common/format';
import type { MetricKind, ScatterShape } from './runChartData';

type LineChart = Chart<'line', Point[]>;

export interface CurveConfig {
  /** Epochs the run will train (x axis end); undefined while unknown. */
  totalEpochs?: number;
  metric: MetricKind;
  /** Chance accuracy in % (classification), drawn dashed. */
  chance?: number;
  logScale: boolean;
}

const TRAIN = 0;
const DEV = 1;
const TEST = 2;
/** The metric chart's chance line; the loss chart's best-epoch marker. */
const EXTRA = 3;

/** One chart's points per split. */
export interface SplitPoints {
  train: readonly Point[];
  dev: readonly Point[];
  test: readonly Point[];
}

function curveOptions(theme: Theme): ChartOptions<'line'> {
  return {
    ...baseOptions(theme),
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    elements: {
      point: { radius: 0, hoverRadius: 3, hitRadius: 4 },
      line: { borderWidth: theme.highContrast ? 2 : 1.5, tension: 0 },
    },
    plugins: {
      decimation: { enabled: true, algorithm: 'lttb' },
      legend: {
        position: 'top',
        align: 'end',
        labels: {
          color: theme.foreground,
          boxWidth: 14,
          boxHeight: 2,
          padding: 8,
          // Hide the legend entry of an empty series (no test split).
          filter: (item, data) => (data.datasets[item.datasetIndex ?? 0]?.data.length ?? 0) > 0,
        },
      },
      tooltip: {
        ...tooltipColors(theme),
      },
    },
  };
}

/** Train, dev and test curves over epochs: either the loss or the metric. */
export class CurveChart extends ThemedChart<'line'> {
  protected readonly chart: LineChart;
  private readonly series: [Point[], Point[], Point[]] = [[], [], []];
  private config: CurveConfig = { metric: 'accuracy', logScale: false };

  constructor(
    canvas: HTMLCanvasElement,
    private readonly kind: 'loss' | 'metric',
    theme: Theme,
  ) {
    super(theme);
    const datasets: ChartDataset<'line', Point[]>[] = [
      { label: 'train', data: this.series[TRAIN] },
      { label: 'dev', data: this.series[DEV] },
      { label: 'test', data: this.series[TEST] },
    ];
    if (kind === 'metric') datasets.push({ label: 'chance', data: [], borderDash: [4, 4] });
    else datasets.push({ label: 'best epoch', data: [], showLine: false, pointStyle: 'rectRot', pointRadius: 5, pointHoverRadius: 6 });
    this.chart = new Chart(canvas, { type: 'line', data: { datasets }, options: this.options() });
    this.style();
  }

  configure(config: CurveConfig): void {
    this.config = config;
    const chance = this.kind === 'metric' ? this.chart.data.datasets[EXTRA] : undefined;
    if (chance) {
      const end = config.totalEpochs ?? 1;
      chance.data = config.chance === undefined ? [] : [{ x: 0, y: config.chance }, { x: end, y: config.chance }];
    }
    this.chart.options = this.options();
    this.style();
  }

  /** Replaces the series (new run, or the points had to be reshaped). */
  setPoints(points: SplitPoints): void {
    this.series[TRAIN] = [...points.train];
    this.series[DEV] = [...points.dev];
    this.series[TEST] = [...points.test];
  }

  appendPoints(points: SplitPoints): void {
    for (const p of points.train) this.series[TRAIN].push(p);
    for (const p of points.dev) this.series[DEV].push(p);
    for (const p of points.test) this.series[TEST].push(p);
  }

  /** The loss chart's mark of early stopping's best epoch (none: undefined). */
  setBestEpoch(point: Point | undefined): void {
    if (this.kind === 'loss') this.chart.data.datasets[EXTRA].data = point ? [point] : [];
  }

  /** Draws the current points; call at most once per animation frame. */
  update(): void {
    // Assigning goes through the decimation plugin's setter once it decimates a dataset.
    this.chart.data.datasets[TRAIN].data = this.series[TRAIN];
    this.chart.data.datasets[DEV].data = this.series[DEV];
    this.chart.data.datasets[TEST].data = this.series[TEST];
    this.chart.update('none');
  }

  protected style(): void {
    const [train, dev, test, extra] = this.chart.data.datasets;
    Object.assign(train, { borderColor: this.theme.blue, backgroundColor: this.theme.blue });
    Object.assign(dev, { borderColor: this.theme.purple, backgroundColor: this.theme.purple });
    Object.assign(test, { borderColor: this.theme.orange, backgroundColor: this.theme.orange });
    if (this.kind === 'metric') Object.assign(extra, { borderColor: this.theme.muted, backgroundColor: this.theme.muted, borderWidth: 1 });
    else Object.assign(extra, { borderColor: this.theme.foreground, backgroundColor: this.theme.green, borderWidth: 1 });
  }

  protected options(): ChartOptions<'line'> {
    const { theme, config } = this;
    const options = curveOptions(theme);
    const percent = this.kind === 'metric' && config.metric === 'accuracy';
    const yTitle = this.kind === 'loss' ? (config.logScale ? 'loss (log scale)' : 'loss') : percent ? 'accuracy (%)' : 'Pearson r';
    const ticks = { color: theme.muted, maxRotation: 0 };
    options.scales = {
      x: {
        type: 'linear',
        min: 0,
        max: config.totalEpochs,
        title: axisTitle('epoch', theme),
        ticks: { ...ticks, precision: 0 },
        grid: { color: theme.grid, drawTicks: false },
        border: { color: theme.grid },
      },
      y:
        this.kind === 'loss' && config.logScale
          ? {
              type: 'logarithmic',
              title: axisTitle(yTitle, theme),
              ticks: { ...ticks, callback: (value) => formatLoss(Number(value)), autoSkipPadding: 12 },
              grid: { color: theme.grid, drawTicks: false },
              border: { color: theme.grid },
            }
          : {
              type: 'linear',
              title: axisTitle(yTitle, theme),
              ...(this.kind === 'loss' ? { beginAtZero: true } : percent ? { min: 0, max: 100 } : { suggestedMin: 0, max: 1 }),
              ticks: { ...ticks, callback: (value) => (this.kind === 'loss' ? formatLoss(Number(value)) : percent ? `${value}%` : String(value)) },
              grid: { color: theme.grid, drawTicks: false },
              border: { color: theme.grid },
            },
    };
    const kind = this.kind;
    options.plugins!.tooltip!.callbacks = {
      title: (items: TooltipItem<'line'>[]) => (items.length ? `epoch ${items[0].parsed.x}` : ''),
      label: (item: TooltipItem<'line'>) => {
        const y = item.parsed.y;
        const value = kind === 'loss' ? formatLoss(y) : percent ? `${(y ?? NaN).toFixed(1)}%` : formatR(y);
        return `${item.dataset.label}: ${value}`;
      },
    };
    return options;
  }
}

/** Predicted vs true values of the evaluation split, with the y = x line. */
export class ScatterChart extends ThemedChart<'scatter'> {
  protected readonly chart: Chart<'scatter', Point[]>;
  private shape: ScatterShape | undefined;
  private axis = { truth: 'true value', prediction: 'predicted value' };

  constructor(canvas: HTMLCanvasElement, theme: Theme) {
    super(theme);
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: {
        datasets: [
          { label: 'examples', data: [], pointStyle: 'circle' },
          { label: 'prediction = truth', data: [], showLine: true, pointRadius: 0, pointHoverRadius: 0, pointStyle: 'line', borderDash: [4, 4], borderWidth: 1 },
        ],
      },
      options: this.options(),
    });
  }

  setData(shape: ScatterShape, truthLabel: string, predictionLabel: string): void {
    this.shape = shape;
    this.axis = { truth: truthLabel, prediction: predictionLabel };
    const [points, identity] = this.chart.data.datasets;
    points.data = shape.points;
    identity.data = shape.identity;
    this.restyle();
  }

  protected style(): void {
    const [points, identity] = this.chart.data.datasets;
    const n = this.shape?.points.length ?? 0;
    Object.assign(points, {
      pointRadius: n > 2000 ? 1.5 : 2.5,
      pointHoverRadius: 4,
      borderWidth: 0,
      backgroundColor: withAlpha(this.theme.blue, n > 500 ? 0.45 : 0.7),
      borderColor: this.theme.blue,
    });
    Object.assign(identity, { borderColor: this.theme.muted, backgroundColor: this.theme.muted });
  }

  protected options(): ChartOptions<'scatter'> {
    const { theme, shape } = this;
    const scale = (title: string) => ({
      type: 'linear' as const,
      min: shape?.min,
      max: shape?.max,
      title: axisTitle(title, theme),
      ticks: { color: theme.muted, maxRotation: 0, stepSize: shape?.step, callback: (value: number | string) => formatLoss(Number(value)) },
      grid: { color: theme.grid, drawTicks: false },
      border: { color: theme.grid },
    });
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: { x: scale(this.axis.truth), y: scale(this.axis.prediction) },
      plugins: {
        legend: { position: 'top', align: 'end', labels: { color: theme.foreground, usePointStyle: true, boxWidth: 14, boxHeight: 6, padding: 8 } },
        tooltip: {
          ...tooltipColors(theme),
          filter: (item) => item.datasetIndex === 0,
          callbacks: {
            label: (item) => `true ${formatLoss(item.parsed.x)}, predicted ${formatLoss(item.parsed.y)}`,
          },
        },
      },
    };
  }
}
