// The function view of the Experiment panel: a function exercise's run (src/host/functionRun.ts).
// 1-D: the function and its derivative over the domain with the descent path as dots coloured by
// step; 2-D: the function as a heatmap with the path on it; the value per step; the sweep's final
// values (a line for one parameter, a heatmap for two); the checks.
import { Chart, type ChartDataset } from 'chart.js';
import type { FunctionPanelState, PanelToHost } from '../../../src/shared/panelProtocol';
import type { FunctionRunResult, FunctionTraining } from '../../../src/shared/engineView';
import { axisTitle, baseOptions, readTheme, type Theme } from '../common/charts';
import type { Point } from '../common/chartData';
import { fill, h, setText } from '../common/dom';
import { card, fillChecks, fillError, instructionsLink, showVerdict } from '../common/widgets';
import { rampColor } from '../sweep/sweepChartData';
import { curvePoints, heatmapOf, pathDots, sweepHeatmap, trainingNote, trainingSeries, valuePerStep } from './functionChartData';
import { drawHeatmap } from './heatmapCanvas';

export interface FunctionHost {
  post(message: PanelToHost): void;
}

export class FunctionView {
  readonly element = h('div', { class: 'function-view', testid: 'function-view' });
  private theme: Theme = readTheme();
  private readonly title = h('h1', { class: 'run-title', testid: 'function-title' });
  private readonly status = h('span', { class: 'muted', testid: 'function-status' });
  private readonly verdict = h('span', { class: 'verdict', testid: 'function-verdict' });
  private readonly links = h('span', { class: 'header-links' });
  private readonly errorView = h('section', { class: 'card error-card', testid: 'function-error', attrs: { role: 'alert' }, hidden: true });
  private readonly checks = h('ul', { class: 'checks', testid: 'function-checks' });
  private readonly checksSummary = h('span', { class: 'card-note' });
  private readonly plotTitle = h('h2', { class: 'card-title' }, 'Function and path');
  private readonly plotBody = h('div', { class: 'chart-box function-plot' });
  private readonly plotNote = h('p', { class: 'card-foot', testid: 'function-plot-note' });
  private readonly valueCard: HTMLElement;
  private readonly valueBody = h('div', { class: 'chart-box' });
  private readonly sweepCard: HTMLElement;
  private readonly sweepBody = h('div', { class: 'chart-box function-plot' });
  private readonly sweepNote = h('p', { class: 'card-foot' });
  private readonly plotCard: HTMLElement;
  /** One card per `trains` check: the learner's loss curve beside tfjs's. */
  private readonly trainingCards = h('div', { class: 'function-trainings', testid: 'function-trainings' });
  private charts: Chart[] = [];
  private painted: FunctionPanelState | undefined;

  constructor(private readonly host: FunctionHost) {
    const checksCard = card('Checks', 'function-checks-card', this.checks);
    checksCard.querySelector('.card-title')!.append(this.checksSummary);
    this.plotCard = h('section', { class: 'card', testid: 'function-plot-card' }, h('div', { class: 'card-head' }, this.plotTitle), this.plotBody, this.plotNote);
    this.valueCard = card('Value per step', 'function-value-card', this.valueBody);
    this.sweepCard = card('Sweep: final value', 'function-sweep-card', this.sweepBody, this.sweepNote);
    const rerun = h('vscode-button', { testid: 'function-rerun', attrs: { secondary: true }, on: { click: () => this.host.post({ type: 'rerun' }) } }, 'Run again');
    this.element.append(
      h('header', { class: 'run-header' }, h('div', { class: 'title-row' }, this.title, this.verdict), h('div', { class: 'meta-row' }, this.status, this.links, rerun)),
      this.errorView, checksCard, this.trainingCards, this.plotCard, this.valueCard, this.sweepCard,
    );
  }

  render(state: FunctionPanelState | undefined): void {
    if (state === this.painted) return;
    this.painted = state;
    this.charts.forEach((chart) => chart.destroy());
    this.charts = [];
    if (!state) return;
    setText(this.title, state.exercise.title);
    setText(this.status, state.status === 'running' ? 'Calling your functions…' : state.status === 'failed' ? 'Failed' : `Done in ${(state.result!.wallMs / 1000).toFixed(1)} s`);
    fill(this.links, ' · ', instructionsLink(state.learnerFile, (message) => this.host.post(message), 'function-instructions'), ' ');
    showVerdict(this.verdict, state.result?.checks, state.result?.passed);
    this.errorView.hidden = !state.error;
    if (state.error) fillError(this.errorView, state.error, (file, line, column) => this.host.post({ type: 'openFile', file, line, column }));
    fillChecks(this.checks, this.checksSummary, state.result?.checks, { testid: 'function-check', waiting: 'Checks appear when the calls are done.', state: state.status === 'running' ? 'pending' : 'none' });
    const result = state.result;
    this.plotCard.hidden = !result?.curve;
    this.valueCard.hidden = !result?.descent;
    this.sweepCard.hidden = !result?.sweep;
    fill(this.trainingCards);
    for (const training of result?.trainings ?? []) this.addTrainingCard(training);
    if (!result) return;
    if (result.curve?.dimensions === 1) this.plot1d(result);
    else if (result.curve) this.plot2d(result);
    if (result.descent) this.plotValues(result);
    if (result.sweep) this.plotSweep(result);
  }

  applyTheme(): void {
    this.theme = readTheme();
    const state = this.painted;
    this.painted = undefined;
    this.render(state);
  }

  private stepColors(): [string, string] {
    return [this.theme.yellow, this.theme.red];
  }

  private lineChart(container: HTMLElement, testid: string, label: string, datasets: ChartDataset<'line', Point[]>[], x: string, y: string): void {
    const canvas = h('canvas', { testid, attrs: { role: 'img', 'aria-label': label } });
    fill(container, canvas);
    const options = baseOptions(this.theme);
    this.charts.push(new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: { ...options, plugins: { ...options.plugins, legend: { display: datasets.length > 1, labels: { boxWidth: 12 } } }, scales: { x: { type: 'linear', title: axisTitle(x, this.theme) }, y: { type: 'linear', title: axisTitle(y, this.theme) } } },
    }) as unknown as Chart);
  }

  private plot1d(result: FunctionRunResult): void {
    const curve = result.curve as Extract<FunctionRunResult['curve'], { dimensions: 1 }>;
    setText(this.plotTitle, 'Function and path');
    const datasets: ChartDataset<'line', Point[]>[] = [{ label: 'f(x)', data: curvePoints(curve.xs, curve.f), borderColor: this.theme.blue, pointRadius: 0, borderWidth: 2 }];
    if (curve.df) datasets.push({ label: "f'(x)", data: curvePoints(curve.xs, curve.df), borderColor: this.theme.purple, borderDash: [5, 4], pointRadius: 0, borderWidth: 1.5 });
    if (result.descent) {
      const dots = pathDots(result.descent);
      datasets.push({ label: 'path', data: dots, showLine: false, pointRadius: 4, pointBackgroundColor: dots.map((dot) => rampColor(this.stepColors(), dot.step)), borderColor: this.theme.red });
    }
    this.lineChart(this.plotBody, 'function-curve-chart', 'The function and its derivative, with the descent path', datasets, 'x', 'value');
    setText(this.plotNote, this.pathNote(result));
  }

  private plot2d(result: FunctionRunResult): void {
    const curve = result.curve as Extract<FunctionRunResult['curve'], { dimensions: 2 }>;
    setText(this.plotTitle, 'Surface and path');
    const canvas = h('canvas', { testid: 'function-heatmap', attrs: { role: 'img', 'aria-label': 'The function as a heatmap, with the descent path' } });
    fill(this.plotBody, canvas);
    drawHeatmap(canvas, heatmapOf(curve), this.theme, { x: 'x', y: 'y' }, result.descent && { points: result.descent.points, stepColors: this.stepColors() });
    setText(this.plotNote, `${this.pathNote(result)} Colours: low values ${'\u2192'} high values of f.`);
  }

  private pathNote(result: FunctionRunResult): string {
    if (result.descentError) return `The descent has no path: ${result.descentError}`;
    if (!result.descent) return '';
    const steps = result.descent.points.length - 1;
    return `${result.descent.export}: ${steps} step${steps === 1 ? '' : 's'}, dots from the start (yellow) to the end (red).`;
  }

  private plotValues(result: FunctionRunResult): void {
    this.lineChart(this.valueBody, 'function-value-chart', 'The value of the function at each step', [{ label: 'value', data: valuePerStep(result.descent!), borderColor: this.theme.blue, pointRadius: 0, borderWidth: 2 }], 'step', 'value');
  }

  /** Appended before its chart is drawn, so that chart.js measures the card in the page. */
  private addTrainingCard(training: FunctionTraining): void {
    const body = h('div', { class: 'chart-box' });
    this.trainingCards.append(card(`Training: your optimizer vs ${training.optimizer}`, 'function-training-card', body, h('p', { class: 'card-foot', testid: 'function-training-note' }, trainingNote(training))));
    // tfjs's curve as a wide band under the learner's thin line: where they agree both stay visible.
    const datasets: ChartDataset<'line', Point[]>[] = trainingSeries(training).map((series) => (series.mine
      ? { label: series.label, data: series.points, borderColor: this.theme.red, backgroundColor: this.theme.red, borderWidth: 2, pointRadius: 2 }
      : { label: series.label, data: series.points, borderColor: this.theme.blue, backgroundColor: this.theme.blue, borderWidth: 7, pointRadius: 0 }));
    this.lineChart(body, 'function-training-chart', `Loss per epoch: your optimizer and ${training.optimizer}`, datasets, 'epoch', 'loss');
  }

  private plotSweep(result: FunctionRunResult): void {
    const sweep = result.sweep!;
    const failed = sweep.points.filter((point) => point.final === null).length;
    setText(this.sweepNote, failed ? `${failed} of ${sweep.points.length} descents failed: ${sweep.points.find((p) => p.error)?.error ?? ''}` : `${sweep.points.length} descents with your ${result.descent?.export ?? 'descent'}.`);
    if (sweep.axes.length === 1) {
      const axis = sweep.axes[0];
      this.lineChart(this.sweepBody, 'function-sweep-chart', `The final value against ${axis.name}`, [{ label: 'final value', data: sweep.points.map((point) => ({ x: point.values[axis.name], y: point.value ?? NaN })), borderColor: this.theme.blue, pointRadius: 3 }], axis.name, 'final value');
      return;
    }
    const canvas = h('canvas', { testid: 'function-sweep-heatmap', attrs: { role: 'img', 'aria-label': `The final value for each ${sweep.axes[0].name} and ${sweep.axes[1].name}` } });
    fill(this.sweepBody, canvas);
    const grid = sweepHeatmap(sweep);
    drawHeatmap(canvas, grid, this.theme, { x: sweep.axes[1].name, y: sweep.axes[0].name, columns: grid.columns, rows: grid.rows });
  }
}
