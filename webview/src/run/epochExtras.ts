// What the epochs carry besides the losses and metrics: per-layer gradient and weight norms (log
// scale: vanishing and exploding gradients, and a zero-initialized net's layers moving as one) and
// the learning rate of a schedule. Each card shows only when its run has the numbers.
import { Chart, type ChartDataset, type ChartOptions, type TooltipItem } from 'chart.js';
import type { PanelSnapshot } from '../../../src/shared/panelProtocol';
import type { Point } from '../common/chartData';
import { ThemedChart, axisTitle, baseOptions, tooltipColors, type Theme } from '../common/charts';
import { h } from '../common/dom';
import { formatLoss } from '../common/format';
import { layerNormSeries, learningRateSeries, type NamedSeries } from './runChartData';

/** Lines over epochs, one per name, on a log or linear y axis. */
class NamedLinesChart extends ThemedChart<'line'> {
  protected readonly chart: Chart<'line', Point[]>;
  private totalEpochs: number | undefined;

  constructor(canvas: HTMLCanvasElement, theme: Theme, private readonly yTitle: string, private readonly log: boolean) {
    super(theme);
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: this.options() });
  }

  /** Replaces the lines (a new run, thinned epochs) or, with `append`, adds points to them by name. */
  setLines(lines: readonly NamedSeries[], totalEpochs: number | undefined, append: boolean): void {
    const datasets = this.chart.data.datasets;
    if (!append) datasets.length = 0;
    for (const line of lines) {
      const existing = datasets.find((dataset) => dataset.label === line.name);
      if (existing) existing.data.push(...line.points);
      else datasets.push({ label: line.name, data: [...line.points] } as ChartDataset<'line', Point[]>);
    }
    if (totalEpochs !== this.totalEpochs) {
      this.totalEpochs = totalEpochs;
      this.chart.options = this.options();
    }
    this.style();
    this.chart.update('none');
  }

  protected style(): void {
    const { blue, orange, green, purple, red, yellow } = this.theme;
    const colors = [blue, orange, green, purple, red, yellow];
    this.chart.data.datasets.forEach((dataset, i) => Object.assign(dataset, { borderColor: colors[i % colors.length], backgroundColor: colors[i % colors.length] }));
  }

  protected options(): ChartOptions<'line'> {
    const { theme } = this;
    const ticks = { color: theme.muted, maxRotation: 0 };
    const grid = { color: theme.grid, drawTicks: false };
    const options = baseOptions(theme);
    options.elements = { point: { radius: 0, hoverRadius: 3, hitRadius: 4 }, line: { borderWidth: theme.highContrast ? 2 : 1.5, tension: 0 } };
    options.interaction = { mode: 'nearest', axis: 'x', intersect: false };
    options.scales = {
      x: { type: 'linear', min: 0, max: this.totalEpochs, title: axisTitle('epoch', theme), ticks: { ...ticks, precision: 0 }, grid, border: { color: theme.grid } },
      y: { type: this.log ? 'logarithmic' : 'linear', ...(this.log ? {} : { beginAtZero: true }), title: axisTitle(this.yTitle, theme), ticks: { ...ticks, callback: (value) => formatLoss(Number(value)) }, grid, border: { color: theme.grid } },
    };
    options.plugins = {
      decimation: { enabled: true, algorithm: 'lttb' },
      legend: { display: true, position: 'top', align: 'end', labels: { color: theme.foreground, boxWidth: 14, boxHeight: 2, padding: 8 } },
      tooltip: {
        ...tooltipColors(theme),
        callbacks: {
          title: (items: TooltipItem<'line'>[]) => (items.length ? `epoch ${items[0].parsed.x}` : ''),
          label: (item: TooltipItem<'line'>) => `${item.dataset.label}: ${formatLoss(item.parsed.y)}`,
        },
      },
    };
    return options;
  }
}

export class EpochExtras {
  readonly element: HTMLElement;
  private readonly layersCard: HTMLElement;
  private readonly rateCard: HTMLElement;
  private readonly gradients: NamedLinesChart;
  private readonly weights: NamedLinesChart;
  private readonly rate: NamedLinesChart;
  private painted: { runId?: string; stride: number; count: number } = { stride: 0, count: 0 };

  constructor(theme: Theme) {
    const canvas = (testid: string, label: string) => h('canvas', { testid, attrs: { role: 'img', 'aria-label': label } }) as HTMLCanvasElement;
    const gradientCanvas = canvas('gradient-norm-chart', 'Gradient norm per layer and epoch, log scale');
    const weightCanvas = canvas('weight-norm-chart', 'Weight norm per layer and epoch, log scale');
    const rateCanvas = canvas('learning-rate-chart', 'Learning rate per epoch');
    const head = (title: string, note: string) => h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, title, h('span', { class: 'card-note' }, note)));
    this.layersCard = h(
      'section',
      { class: 'card', testid: 'layer-norms-card' },
      head('Layers', 'L2 norms: the gradient of each epoch\'s last step, the weights at its end'),
      h('div', { class: 'grid two' }, h('div', { class: 'chart-box' }, gradientCanvas), h('div', { class: 'chart-box' }, weightCanvas)),
    );
    this.rateCard = h('section', { class: 'card', testid: 'learning-rate-card' }, head('Learning rate', 'the schedule, per epoch'), h('div', { class: 'chart-box' }, rateCanvas));
    this.element = h('div', { class: 'grid two' }, this.layersCard, this.rateCard);
    this.gradients = new NamedLinesChart(gradientCanvas, theme, 'gradient norm (log)', true);
    this.weights = new NamedLinesChart(weightCanvas, theme, 'weight norm (log)', true);
    this.rate = new NamedLinesChart(rateCanvas, theme, 'learning rate', false);
  }

  applyTheme(theme: Theme): void {
    for (const chart of [this.gradients, this.weights, this.rate]) chart.applyTheme(theme);
  }

  /** Adds the epochs that arrived since the last call (or redraws: a new run, thinned epochs). */
  render(s: PanelSnapshot | undefined): void {
    const epochs = s?.epochs ?? [];
    const stride = s?.epochStride ?? 1;
    const append = s?.runId === this.painted.runId && stride === this.painted.stride && epochs.length >= this.painted.count;
    if (append && epochs.length === this.painted.count) return;
    const from = append ? this.painted.count : 0;
    const total = s?.run?.settings.epochs ?? s?.result?.epochs ?? s?.latest?.epoch;
    this.gradients.setLines(layerNormSeries(epochs, 'gradientNorm', from), total, append);
    this.weights.setLines(layerNormSeries(epochs, 'weightNorm', from), total, append);
    this.rate.setLines([{ name: 'learning rate', points: learningRateSeries(epochs, from) }].filter((line) => line.points.length > 0), total, append);
    this.painted = { runId: s?.runId, stride, count: epochs.length };
    const hasNorms = epochs.some((epoch) => epoch.layers?.length);
    const hasRate = epochs.some((epoch) => epoch.learningRate !== undefined);
    this.layersCard.hidden = !hasNorms;
    this.rateCard.hidden = !hasRate;
    this.element.hidden = !hasNorms && !hasRate;
  }
}
