// The sweep view of the Experiment panel: one exercise's experiment over many settings and
// seeds, live as the runs arrive. Built once, then repainted from the model when main.ts says
// (at most a few times a second while runs stream in): the header and numbers every time, tables
// and the outcome chart when the summary changed, the learning curves incrementally.
import type { PanelModel, TrustState } from '../../../src/shared/panelModel';
import { describeOutcome, type CheckResult, type RunError, type SweepResult, type SweepSummary } from '../../../src/shared/engineView';
import type { PanelToHost, SweepListing, SweepSnapshot } from '../../../src/shared/panelProtocol';
import { readTheme, type Theme } from '../common/charts';
import { fill, h, setText } from '../common/dom';
import { formatClock, formatCount } from '../common/format';
import { card, fillChecks, fillError } from '../common/widgets';
import type { SweepUi } from '../persistedState';
import { CurvesCard } from './curvesCard';
import { colorOf, sweepAxes, type SweepAxes } from './sweepAxes';
import { colorLegend, compareStrip, failedRuns, fractionTile, heatLegend, heatmapTable, historyTable, numberTiles, predictionBody, settingTable } from './sweepCards';
import { OutcomeChart, ParametersChart, plottedText, type OutcomePlot } from './sweepCharts';
import { colorPosition, meanBand, outcomeDots, outcomeScale, outcomeSeries, parameterDots, rampColor, sweepXAxis, valueText, type ColorKey, type RunPoint } from './sweepChartData';
import { compareSweeps, formatThreshold, fractionFacts, heatGrid, settingRows, sweepChecksNotice, type Comparison } from './sweepFacts';
import { SweepHeader } from './sweepHeader';

export interface SweepModel {
  sweep: SweepSnapshot;
  history: SweepListing[];
  compare: PanelModel['compare'];
  trust: TrustState;
}

export interface SweepHost {
  post(message: PanelToHost): void;
  uiChanged(ui: SweepUi): void;
}

export class SweepView {
  readonly element: HTMLElement;
  private theme: Theme;
  private model: SweepModel | undefined;

  private readonly header: SweepHeader;

  // body
  private readonly compareSlot = h('div', { class: 'compare-slot' });
  private readonly errorView = h('section', { class: 'card error-card', testid: 'sweep-error', attrs: { role: 'alert' }, hidden: true });
  private readonly fractionSlot = h('div', { class: 'fraction-slot' });
  private readonly tiles = h('div', { class: 'tiles', testid: 'sweep-numbers' });
  private readonly failedSlot = h('div', {});
  private readonly predictionCard = h('section', { class: 'card prediction-card', testid: 'sweep-prediction' });
  private readonly outcomeTitle = h('h2', { class: 'card-title' });
  private readonly outcomeKey = h('div', { class: 'key-slot' });
  /** A random search over several settings: which one goes along the x axis of the scatter. */
  private readonly axisPick = h('div', { class: 'axis-pick', testid: 'sweep-axis-pick', hidden: true });
  private chosenAxis: string | undefined;
  private readonly outcomeCanvas = h('canvas', { testid: 'sweep-outcome-chart', attrs: { role: 'img', 'aria-label': 'Outcome of every run by setting, with the mean per setting' } });
  private readonly outcomeNote = h('p', { class: 'card-foot', testid: 'sweep-outcome-note' });
  private readonly heatmapCard: HTMLElement;
  private readonly heatmapLegend = h('div', { class: 'key-slot' });
  private readonly heatmapBody = h('div', { class: 'heatmap-wrap' });
  private readonly parametersCard: HTMLElement;
  private readonly parametersKey = h('div', { class: 'key-slot' });
  private readonly parametersCanvas = h('canvas', { testid: 'sweep-parameters-chart', attrs: { role: 'img', 'aria-label': 'Outcome of every run by its number of trainable parameters' } });
  private readonly parametersNote = h('p', { class: 'card-foot', testid: 'sweep-parameters-note' });
  private readonly checks = h('ul', { class: 'checks', testid: 'sweep-checks' });
  private readonly checksSummary = h('span', { class: 'card-note' });
  private readonly tableTitle = h('h2', { class: 'card-title' });
  private readonly tableBody = h('div', { class: 'table-wrap setting-wrap' });
  private readonly historyCard: HTMLElement;
  /** The outcome chart and the table (and the heatmap): hidden when a sweep failed before any result. */
  private readonly outcomeCard: HTMLElement;
  private readonly tableCard: HTMLElement;
  private readonly historyBody = h('div', { class: 'table-wrap' });

  private outcomeChart: OutcomeChart | undefined;
  private parametersChart: ParametersChart | undefined;
  private readonly curvesCard: CurvesCard;

  /** Recomputed when the sweep changes. */
  private axes: SweepAxes | undefined;
  private comparison: { compare?: NonNullable<SweepModel['compare']>; result?: Comparison } = {};
  private painted: {
    snapshot?: SweepSnapshot;
    summary?: SweepSummary;
    checks?: CheckResult[];
    status?: string;
    error?: RunError;
    history?: SweepListing[];
    historyKey?: string;
    compare?: SweepResult;
  } = {};

  constructor(private readonly host: SweepHost, ui: SweepUi) {
    this.theme = readTheme();
    this.header = new SweepHeader((message) => this.host.post(message));
    this.curvesCard = new CurvesCard({ ...ui }, (changed) => this.host.uiChanged(changed));

    const numbersCard = card('Numbers', 'sweep-numbers-card', this.fractionSlot, this.tiles, this.failedSlot);
    this.outcomeCard = h(
      'section',
      { class: 'card', testid: 'sweep-outcome-card' },
      h('div', { class: 'card-head' }, this.outcomeTitle, this.outcomeKey),
      this.axisPick,
      h('div', { class: 'chart-box outcome-box' }, this.outcomeCanvas),
      this.outcomeNote,
    );
    this.heatmapCard = h('section', { class: 'card', testid: 'sweep-heatmap-card', hidden: true }, h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Mean by setting'), this.heatmapLegend), this.heatmapBody);
    this.parametersCard = h(
      'section',
      { class: 'card', testid: 'sweep-parameters-card', hidden: true },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Outcome vs trainable parameters'), this.parametersKey),
      h('div', { class: 'chart-box' }, this.parametersCanvas),
      this.parametersNote,
    );
    const checksCard = card('Checks', 'sweep-checks-card', this.checks);
    checksCard.querySelector('.card-title')!.append(this.checksSummary);
    this.tableCard = h('section', { class: 'card', testid: 'sweep-table-card' }, this.tableTitle, this.tableBody);
    this.historyCard = card('Recent sweeps', 'sweep-history-card', this.historyBody);

    this.element = h(
      'main',
      { class: 'panel sweep', testid: 'sweep-view' },
      this.header.element,
      this.header.trustBanner,
      this.compareSlot,
      this.errorView,
      h('div', { class: 'grid two' }, numbersCard, this.predictionCard),
      this.outcomeCard,
      this.heatmapCard,
      h('div', { class: 'grid two' }, this.parametersCard, this.curvesCard.element),
      h('div', { class: 'grid two' }, checksCard, this.tableCard),
      this.historyCard,
    );
  }

  /** Re-reads the theme colours (VS Code changed theme). */
  applyTheme(): void {
    this.theme = readTheme();
    this.outcomeChart?.applyTheme(this.theme);
    this.parametersChart?.applyTheme(this.theme);
    this.curvesCard.applyTheme(this.theme);
    // The colour keys carry canvas colours computed from the theme.
    if (this.model) this.renderKeys(this.model.sweep);
  }

  render(model: SweepModel): void {
    this.model = model;
    const s = model.sweep;
    const newSweep = s.sweep.id !== this.painted.snapshot?.sweep.id;
    if (newSweep) {
      this.axes = undefined;
      this.chosenAxis = undefined;
    }
    // The charts are created on first paint: the view is built hidden, and chart.js measures its box.
    this.outcomeChart ??= new OutcomeChart(this.outcomeCanvas, this.theme);
    const axes = this.axesOf(s);

    this.header.render(s, model.trust);
    fill(this.tiles, numberTiles(s, Date.now()));
    const fraction = fractionFacts(s.sweep);
    fill(this.fractionSlot, fraction ? fractionTile(fraction) : null);

    const summaryChanged = s.summary !== this.painted.summary || newSweep;
    const compareChanged = model.compare !== this.painted.compare;
    if (summaryChanged || compareChanged || s.status !== this.painted.status) {
      this.updateComparison(s, model.compare);
      this.renderAxisPick(s, axes);
      this.renderPrediction(s);
      this.renderOutcome(s, axes);
      this.renderParameters(s, axes);
      this.renderHeatmap(s);
      this.renderTable(s, axes);
      fill(this.failedSlot, failedRuns(s.sweep.runs));
      this.renderKeys(s);
      const nothing = s.status === 'failed' && s.summary.overall.n === 0;
      this.outcomeCard.hidden = nothing;
      this.tableCard.hidden = nothing;
      if (nothing) this.heatmapCard.hidden = true;
    }
    if (compareChanged || summaryChanged) this.renderCompare(s);
    this.curvesCard.render(s, axes, this.theme);
    if (newSweep || s.sweep.checks !== this.painted.checks || s.status !== this.painted.status) this.renderChecks(s);
    if (newSweep || s.error !== this.painted.error) {
      this.errorView.hidden = !(s.status === 'failed' && s.error);
      if (s.status === 'failed' && s.error) fillError(this.errorView, s.error, (file, line, column) => this.host.post({ type: 'openFile', file, line, column }), 'sweep-');
    }
    const historyKey = `${s.sweep.id}|${model.compare?.id ?? ''}|${s.status}|${s.summary.shape.shape}|${s.summary.shape.bimodal}`;
    if (model.history !== this.painted.history || historyKey !== this.painted.historyKey) this.renderHistory(model);

    this.painted = { ...this.painted, snapshot: s, summary: s.summary, checks: s.sweep.checks, status: s.status, error: s.error, history: model.history, historyKey, compare: model.compare };
  }

  // -------------------------------------------------------------- settings and colours

  private axesOf(s: SweepSnapshot): SweepAxes {
    if (this.axes?.sweepId !== s.sweep.id) this.axes = sweepAxes(s, this.chosenAxis);
    return this.axes;
  }

  /** One button per setting of a random search over several: the scatter of the outcome against it. */
  private renderAxisPick(s: SweepSnapshot, axes: SweepAxes): void {
    const random = s.summary.search === 'random' && s.sweep.axes.length > 1;
    this.axisPick.hidden = !random;
    if (!random) return fill(this.axisPick);
    const buttons = s.sweep.axes.map((axis) => {
      const active = axis.name === axes.along;
      const button = h('button', { class: `inline-button${active ? ' active' : ''}`, testid: 'sweep-axis-button', attrs: { type: 'button', 'aria-pressed': active ? 'true' : 'false' }, title: `The outcome of every run against ${axis.name}` }, axis.name);
      button.addEventListener('click', () => {
        if (active || !this.model) return;
        this.chosenAxis = axis.name;
        this.axes = undefined;
        // Repaint everything that depends on the x axis.
        this.painted = { ...this.painted, summary: undefined };
        this.render(this.model);
      });
      return button;
    });
    fill(this.axisPick, h('span', { class: 'card-note' }, 'Random search: outcome against '), ...buttons);
  }

  private keyColor(key: ColorKey): (value: unknown) => string {
    return (value) => rampColor(this.theme.ramp, colorPosition(value as never, key.values, key.kind));
  }

  private renderKeys(s: SweepSnapshot): void {
    const axes = this.axesOf(s);
    // With a few values of the other setting, the chart's own legend names each mean line.
    fill(this.outcomeKey, axes.key && axes.key.style === 'gradient' ? colorLegend(axes.key, this.keyColor(axes.key)) : null);
    const parametersKey = axes.key ?? (s.summary.parameters ? axes.curveKey : undefined);
    fill(this.parametersKey, parametersKey ? colorLegend(parametersKey, this.keyColor(parametersKey)) : null);
    fill(this.curvesCard.key, colorLegend(axes.curveKey, this.keyColor(axes.curveKey)));
  }

  /** "learningRate 0.0151 · layers 2 · seed 7", then the outcome. */
  private describeRun(s: SweepSnapshot, point: RunPoint, axes: SweepAxes): string[] {
    const run = s.sweep.runs.find((r) => r.index === point.run);
    const settings = run ? [axes.along, ...Object.keys(run.values).filter((n) => n !== axes.along)].map((n) => `${n} ${valueText(run.values[n])}`) : [];
    const extra = run?.parameters !== undefined ? [`${formatCount(run.parameters)} parameters`] : [];
    return [[...settings, `seed ${point.seed}`].join(' · '), `${describeOutcome(s.sweep.spec)}: ${plottedText(s.sweep.outcome, point.y)}${run?.status === 'diverged' ? ' (diverged)' : ''}`, ...extra];
  }

  // -------------------------------------------------------------- outcome chart, heatmap, parameters

  private updateComparison(s: SweepSnapshot, compare: SweepModel['compare']): void {
    if (!compare || compare.id === s.sweep.id) {
      this.comparison = {};
      return;
    }
    this.comparison = { compare, result: compareSweeps({ sweep: s.sweep, summary: s.summary }, { sweep: compare, summary: compare.summary }) };
  }

  private renderOutcome(s: SweepSnapshot, axes: SweepAxes): void {
    const outcome = s.sweep.outcome;
    const name = describeOutcome(s.sweep.spec);
    fill(this.outcomeTitle, `${name} by `, h('span', { class: 'setting-name' }, axes.along));
    let axis = axes.axis;
    let earlier: OutcomePlot['earlier'];
    const { result, compare } = this.comparison;
    if (result?.overlay && compare) {
      // Draw both sweeps over the range of both.
      const theirs = compare.axes.find((a) => a.name === axes.along);
      if (theirs && axis.kind !== 'category') {
        const union = sweepXAxis({ name: axes.along, values: [...axis.values, ...theirs.values] }, s.sweep.spec.vary[axes.along]);
        axis = { ...axis, min: Math.min(axis.min, union.min), max: Math.max(axis.max, union.max) };
      }
      const which = compare.startedAt <= s.sweep.startedAt ? 'earlier' : 'later';
      earlier = { label: `${which} sweep (${formatClock(compare.startedAt, false)})`, band: meanBand(compare.summary.marginals[axes.along] ?? [], axis, outcome) };
    }
    const dots = outcomeDots(s.sweep.runs, axis, outcome, colorOf(axes.key), axis.kind === 'category' ? 0.3 : 0);
    const threshold = s.sweep.threshold !== undefined && outcome !== 'epochsToThreshold' ? s.sweep.threshold * outcomeScale(outcome) : undefined;
    const plot: OutcomePlot = {
      axis,
      xTitle: axis.kind === 'log' ? `${axes.along} (log scale)` : axes.along,
      yTitle: name,
      outcome,
      dots: dots.points,
      coloredDots: axes.key !== undefined,
      series: outcomeSeries(s.summary, axis, axes.key),
      threshold,
      thresholdLabel: threshold !== undefined ? `threshold ${formatThreshold(outcome, s.sweep.threshold!)}` : undefined,
      earlier,
      describeRun: (point) => this.describeRun(s, point, axes),
      describeSetting: (x) => `${axes.along} ${axis.kind === 'category' ? valueText(axis.values[Math.round(x)] ?? '') : valueText(x)}`,
    };
    this.outcomeChart!.setPlot(plot);
    this.outcomeCanvas.setAttribute('aria-label', `${name} of ${formatCount(dots.points.length)} runs by ${axes.along}, with the mean per setting`);

    const perSeries = plot.series.length > 1;
    const repeated = s.summary.points.some((p) => p.n > 1);
    const mark = axis.kind === 'category' ? 'dash' : 'line';
    const notes: string[] = [];
    if (dots.points.length === 0 && dots.withoutOutcome === 0) {
      notes.push(`Each run adds a dot when it finishes; the ${mark} shows the mean per ${axes.along}.`);
    } else {
      notes.push(`Each dot is one run (${formatCount(dots.points.length)}${s.status === 'running' ? ' so far' : ''}).`);
      if (s.summary.search === 'random' && s.sweep.axes.length > 1) notes.push(`The settings were drawn at random, all of them at once: the dots against ${axes.along}${axes.key ? `, coloured by ${axes.key.name}` : ''}, and no line (a line along one setting would mix the others). Pick another setting above; the table lists the draws.`);
      else if (perSeries) notes.push(`Each ${mark} is the mean per ${axes.along} for one value of ${axes.key!.name}; the heatmap below has every cell.`);
      else if (repeated) notes.push(`The ${mark} is the mean per ${axes.along}, the ${axis.kind === 'category' ? 'bar' : 'band'} ± 1 standard deviation over the ${s.sweep.axes.length === 2 ? 'seeds and the other setting' : 'seeds'}.`);
      else notes.push(`One run per ${axes.along}: the ${mark} joins them.`);
    }
    if (dots.withoutOutcome > 0) notes.push(`${formatCount(dots.withoutOutcome)} run${dots.withoutOutcome === 1 ? '' : 's'} without an outcome ${dots.withoutOutcome === 1 ? 'is' : 'are'} counted but not drawn.`);
    setText(this.outcomeNote, notes.join(' '));
  }

  private renderHeatmap(s: SweepSnapshot): void {
    const grid = s.summary.grid;
    this.heatmapCard.hidden = !grid;
    if (!grid) return;
    const shaped = heatGrid(grid, s.sweep.outcome);
    fill(this.heatmapBody, heatmapTable(shaped, s.sweep.outcome, s.sweep.threshold));
    fill(this.heatmapLegend, heatLegend(shaped, s.sweep.outcome));
  }

  private renderParameters(s: SweepSnapshot, axes: SweepAxes): void {
    const parameters = s.summary.parameters;
    this.parametersCard.hidden = !parameters;
    if (!parameters) return;
    this.parametersChart ??= new ParametersChart(this.parametersCanvas, this.theme);
    const key = axes.key ?? axes.curveKey;
    const name = describeOutcome(s.sweep.spec);
    this.parametersChart.setPlot({
      outcome: s.sweep.outcome,
      yTitle: name,
      dots: parameterDots(s.sweep.runs, s.sweep.outcome, colorOf(key)),
      coloredDots: true,
      describeRun: (point) => this.describeRun(s, point, axes),
    });
    const rho = parameters.rho === null ? 'undefined (no variation)' : parameters.rho.toFixed(2);
    fill(
      this.parametersNote,
      h('strong', {}, `Spearman ρ = ${rho}`),
      ` between trainable parameters (${formatCount(parameters.min)} to ${formatCount(parameters.max)}) and ${name}, over ${formatCount(parameters.runs)} runs. ρ near 1: bigger models do better; near 0: size alone does not decide.`,
    );
  }

  private renderTable(s: SweepSnapshot, axes: SweepAxes): void {
    const outcome = s.sweep.outcome;
    const above = outcome === 'epochsToThreshold' ? 'reached' : s.sweep.threshold !== undefined ? `> ${formatThreshold(outcome, s.sweep.threshold)}` : undefined;
    fill(this.tableTitle, 'By ', h('span', { class: 'setting-name' }, axes.along), s.sweep.axes.length === 2 ? ` (pooled over ${axes.key?.name ?? 'the other setting'})` : '');
    fill(this.tableBody, settingTable(settingRows(s.summary, axes.along), s.summary, axes.along, above));
  }

  private renderPrediction(s: SweepSnapshot): void {
    const { body, match, provisional } = predictionBody(s);
    const head = h('h2', { class: 'card-title' }, 'Prediction vs observed');
    fill(this.predictionCard, head, ...body);
    if (match === undefined) delete this.predictionCard.dataset.match;
    else this.predictionCard.dataset.match = String(match);
    this.predictionCard.dataset.provisional = String(provisional);
  }

  private renderCompare(s: SweepSnapshot): void {
    const result = this.comparison.result;
    fill(this.compareSlot, result ? compareStrip(result, s.sweep.outcome, s.sweep.threshold, () => this.host.post({ type: 'compareSweep', sweepId: null })) : null);
  }

  private renderChecks(s: SweepSnapshot): void {
    fillChecks(this.checks, this.checksSummary, s.sweep.checks, {
      testid: 'sweep-check',
      waiting: s.status === 'running' ? 'The checks run when the sweep ends.' : s.status === 'failed' ? 'No checks: the sweep did not finish.' : 'This exercise has no sweep checks.',
      state: s.status === 'running' ? 'pending' : 'none',
      notice: sweepChecksNotice({ status: s.status === 'cancelled' ? 'cancelled' : s.sweep.status, checks: s.sweep.checks, verification: s.sweep.verification }),
    });
  }

  // -------------------------------------------------------------- history

  private renderHistory(model: SweepModel): void {
    const sweeps = model.history;
    this.historyCard.hidden = sweeps.length === 0;
    if (sweeps.length === 0) return fill(this.historyBody);
    fill(
      this.historyBody,
      historyTable(sweeps, model.sweep, model.compare?.id, {
        show: (sweepId) => this.host.post({ type: 'showSweep', sweepId }),
        compare: (sweepId) => this.host.post({ type: 'compareSweep', sweepId }),
      }),
    );
  }
}
