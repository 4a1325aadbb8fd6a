// The run view of the Experiment panel. Built once, then repainted from the panel model: cheap
// parts (header, numbers) every frame that has news, the rest only when its input object changed
// (the reducer keeps unchanged parts identical), the curves incrementally.
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/vscode-collapsible.js';
import type { PanelModel } from '../../../src/shared/panelModel';
import type { PanelGuidance, PanelSnapshot, PanelToHost, RunSummary } from '../../../src/shared/panelProtocol';
import type { CheckResult, Evaluation, RunError, RunResult, RunStarted, SplitMetrics } from '../../../src/shared/engineView';
import { readTheme, type Theme } from '../common/charts';
import { fill, h, setText } from '../common/dom';
import { formatCount, formatLoss, formatR } from '../common/format';
import { card, fillChecks, fillError, icon, richText } from '../common/widgets';
import { checkActions, fillHints } from './runGuidance';
import type { RunUi } from '../persistedState';
import { CurveChart, ScatterChart, type CurveConfig } from './runCharts';
import { bestEpochPoint, chanceAccuracy, epochSeries, metricKindOf, scatterShape, type MetricKind } from './runChartData';
import { checksNotice, formatMetric, heatmapLayout, metricLabel, scatterAxisTitles } from './runFacts';
import { EpochExtras } from './epochExtras';
import { RunHeader } from './runHeader';
import { classMetricsTable, confusionMatrix, correlationHeatmap, heatLegend, runDetails, runHistoryTable } from './runTables';

/** The heatmap card's padding and borders (panel.css .card). */
const HEATMAP_CARD_CHROME = 30;

export interface RunHost {
  post(message: PanelToHost): void;
  /** The user flipped a toggle; persist it. */
  uiChanged(ui: RunUi): void;
}

export class RunView {
  private theme: Theme;
  private ui: RunUi;
  private model: PanelModel | undefined;
  private readonly header: RunHeader;

  // body
  private readonly empty = h('section', { class: 'card empty', testid: 'empty' });
  private readonly errorView = h('section', { class: 'card error-card', testid: 'error', attrs: { role: 'alert' }, hidden: true });
  private readonly checks = h('ul', { class: 'checks', testid: 'checks' });
  private readonly checksCard: HTMLElement;
  private readonly checksSummary = h('span', { class: 'card-note' });
  private readonly hints = h('ul', { class: 'hints', testid: 'hints', hidden: true });
  private readonly tiles = h('div', { class: 'tiles', testid: 'numbers' });
  private readonly details = h('dl', { class: 'details' });
  private readonly lossCanvas = h('canvas', { testid: 'loss-chart', attrs: { role: 'img', 'aria-label': 'Loss per epoch, train, dev and test' } });
  private readonly metricCanvas = h('canvas', { testid: 'metric-chart', attrs: { role: 'img', 'aria-label': 'Metric per epoch, train, dev and test' } });
  private readonly metricTitle = h('h2', { class: 'card-title' }, 'Accuracy');
  private readonly logToggle = h('vscode-checkbox', { testid: 'log-scale', attrs: { toggle: true, label: 'Log scale' } }) as VscodeCheckbox;
  private readonly normalizeToggle = h('vscode-checkbox', { testid: 'normalize', attrs: { toggle: true, label: 'Row %' } }) as VscodeCheckbox;
  private readonly confusionCard: HTMLElement;
  private readonly confusionBody = h('div', { class: 'confusion-wrap' });
  private readonly confusionNote = h('p', { class: 'card-foot' });
  private readonly scatterCard: HTMLElement;
  private readonly scatterCanvas = h('canvas', { testid: 'scatter-chart', attrs: { role: 'img', 'aria-label': 'Predicted versus true values' } });
  private readonly scatterNote = h('p', { class: 'card-foot', testid: 'scatter-r' });
  private readonly heatmapCard: HTMLElement;
  private readonly heatmapBody = h('div', { class: 'heatmap-wrap' });
  private readonly notesCard: HTMLElement;
  private readonly notes = h('ul', { class: 'notes', testid: 'notes' });
  private readonly logs = h('vscode-collapsible', { class: 'logs-section', testid: 'logs-section', attrs: { heading: 'Output' } }) as VscodeCollapsible;
  private readonly logText = h('pre', { class: 'logs', testid: 'logs' });
  private readonly historyCard: HTMLElement;
  private readonly historyBody = h('div', { class: 'table-wrap' });
  private readonly runBody: HTMLElement;
  private readonly evaluationRow: HTMLElement;
  /** Checks + numbers, and the curves: hidden when a run failed before training started. */
  private readonly trainingSections: HTMLElement[];

  private readonly lossChart: CurveChart;
  private readonly metricChart: CurveChart;
  /** Per-layer norms and the learning rate, below the curves. */
  private readonly extras: EpochExtras;
  private scatterChart: ScatterChart | undefined;

  // what is on screen (identity of the inputs last painted)
  private painted: {
    runId?: string;
    run?: RunStarted;
    result?: RunResult;
    error?: RunError;
    logs?: string[];
    history?: RunSummary[];
    curves: { runId?: string; stride: number; count: number; logScale: boolean; config?: string; best?: string };
  } = { curves: { stride: 0, count: 0, logScale: false } };

  constructor(root: HTMLElement, private readonly host: RunHost, ui: RunUi) {
    this.ui = { ...ui };
    this.theme = readTheme();
    this.header = new RunHeader((message) => this.host.post(message));
    this.logToggle.checked = this.ui.logScale;
    this.logToggle.addEventListener('change', () => this.setUi({ logScale: this.logToggle.checked }));
    this.normalizeToggle.checked = this.ui.normalized;
    this.normalizeToggle.addEventListener('change', () => this.setUi({ normalized: this.normalizeToggle.checked }));

    this.checksCard = card('Checks', 'checks-card', this.checks, this.hints);
    this.checksCard.querySelector('.card-title')!.append(this.checksSummary);
    const numbersCard = card('Numbers', 'numbers-card', this.tiles, this.details);
    const lossCard = h(
      'section',
      { class: 'card', testid: 'loss-card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Loss'), this.logToggle),
      h('div', { class: 'chart-box' }, this.lossCanvas),
    );
    const metricCard = h('section', { class: 'card', testid: 'metric-card' }, h('div', { class: 'card-head' }, this.metricTitle), h('div', { class: 'chart-box' }, this.metricCanvas));
    this.confusionCard = h(
      'section',
      { class: 'card', testid: 'confusion-card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Confusion matrix'), this.normalizeToggle),
      this.confusionBody,
      this.confusionNote,
    );
    this.scatterCard = h(
      'section',
      { class: 'card scatter-card', testid: 'scatter-card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Predicted vs true')),
      h('div', { class: 'chart-box scatter-box' }, this.scatterCanvas),
      this.scatterNote,
    );
    this.heatmapCard = h(
      'section',
      { class: 'card heatmap-card', testid: 'heatmap-card' },
      h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, 'Data correlations'), heatLegend()),
      this.heatmapBody,
    );
    this.notesCard = card('Notes', 'notes-card', this.notes);
    this.logs.append(this.logText);
    this.historyCard = card('Recent runs', 'history-card', this.historyBody);

    const top = h('div', { class: 'grid two' }, this.checksCard, numbersCard);
    const curves = h('div', { class: 'grid two' }, lossCard, metricCard);
    const evaluation = (this.evaluationRow = h('div', { class: 'flow' }, this.confusionCard, this.scatterCard, this.heatmapCard));
    this.extras = new EpochExtras(this.theme);
    this.trainingSections = [top, curves];
    this.runBody = h('div', { class: 'run' }, this.errorView, top, curves, this.extras.element, evaluation, this.notesCard, this.logs);
    fill(root, h('main', { class: 'panel' }, this.header.element, this.header.trustBanner, this.empty, this.runBody, this.historyCard));
    // The heatmap fits the panel's width: measured on its row, as the card itself takes the table's width.
    new ResizeObserver(() => this.fitHeatmap()).observe(this.evaluationRow);

    this.lossChart = new CurveChart(this.lossCanvas, 'loss', this.theme);
    this.metricChart = new CurveChart(this.metricCanvas, 'metric', this.theme);
  }

  /** Re-reads the theme colours (VS Code changed theme). */
  applyTheme(): void {
    this.theme = readTheme();
    this.lossChart.applyTheme(this.theme);
    this.metricChart.applyTheme(this.theme);
    this.extras.applyTheme(this.theme);
    this.scatterChart?.applyTheme(this.theme);
  }

  render(model: PanelModel): void {
    this.model = model;
    const s = model.run;
    const runChanged = s?.runId !== this.painted.runId;

    this.header.render(s, model.trust);
    this.empty.hidden = s !== undefined;
    this.runBody.hidden = s === undefined;
    const neverTrained = s !== undefined && !s.run && s.epochs.length === 0 && !s.result;
    for (const section of this.trainingSections) section.hidden = neverTrained;
    if (!s) {
      fill(this.empty, h('h2', { class: 'card-title' }, 'No run yet'), h('p', {}, 'Train an exercise file and its loss curves, checks and evaluation appear here, live.'));
    }

    this.renderCurves(s);
    this.extras.render(s);
    if (runChanged || s?.run !== this.painted.run || s?.result !== this.painted.result || s?.error !== this.painted.error) {
      this.renderOutcome(s);
    }
    this.renderNumbers(s);
    if (runChanged || s?.logs !== this.painted.logs) this.renderLogs(s);
    if (runChanged || model.runHistory !== this.painted.history) this.renderHistory(model.runHistory, s?.runId);

    this.painted.runId = s?.runId;
    this.painted.run = s?.run;
    this.painted.result = s?.result;
    this.painted.error = s?.error;
    this.painted.logs = s?.logs;
    this.painted.history = model.runHistory;
  }

  // -------------------------------------------------------------- curves

  private metricKind(s: PanelSnapshot | undefined): MetricKind {
    return metricKindOf(s?.run?.task, s?.latest?.train ?? s?.result?.metrics.train);
  }

  private renderCurves(s: PanelSnapshot | undefined): void {
    const metric = this.metricKind(s);
    const classes = s?.run?.dataset.classes?.length ?? (s?.run?.task === 'binary' ? 2 : undefined);
    const config: CurveConfig = {
      totalEpochs: s?.run?.settings.epochs ?? s?.result?.epochs ?? s?.latest?.epoch,
      metric,
      chance: metric === 'accuracy' ? chanceAccuracy(classes) : undefined,
      logScale: this.ui.logScale,
    };
    const painted = this.painted.curves;
    const key = JSON.stringify(config);
    let dirty = false;
    if (key !== painted.config) {
      this.lossChart.configure(config);
      this.metricChart.configure({ ...config, logScale: false });
      setText(this.metricTitle, metric === 'accuracy' ? 'Accuracy' : 'Correlation r (predicted vs true)');
      dirty = true;
    }
    const epochs = s?.epochs ?? [];
    const reset = s?.runId !== painted.runId || (s?.epochStride ?? 1) !== painted.stride || epochs.length < painted.count || this.ui.logScale !== painted.logScale || key !== painted.config;
    if (reset) {
      const series = epochSeries(epochs, metric, { logLoss: this.ui.logScale });
      this.lossChart.setPoints({ train: series.trainLoss, dev: series.devLoss, test: series.testLoss });
      this.metricChart.setPoints({ train: series.trainMetric, dev: series.devMetric, test: series.testMetric });
      dirty = true;
    } else if (epochs.length > painted.count) {
      const series = epochSeries(epochs, metric, { from: painted.count, logLoss: this.ui.logScale });
      this.lossChart.appendPoints({ train: series.trainLoss, dev: series.devLoss, test: series.testLoss });
      this.metricChart.appendPoints({ train: series.trainMetric, dev: series.devMetric, test: series.testMetric });
      dirty = true;
    }
    const best = bestEpochPoint(epochs, s?.result?.earlyStopping?.bestEpoch, s?.run?.settings.earlyStopping?.monitor, this.ui.logScale);
    if (reset || JSON.stringify(best) !== painted.best) {
      this.lossChart.setBestEpoch(best);
      dirty = true;
    }
    this.painted.curves = { runId: s?.runId, stride: s?.epochStride ?? 1, count: epochs.length, logScale: this.ui.logScale, config: key, best: JSON.stringify(best) };
    if (dirty) {
      this.lossChart.update();
      this.metricChart.update();
    }
  }

  // -------------------------------------------------------------- outcome: checks, error, evaluation, notes

  private renderOutcome(s: PanelSnapshot | undefined): void {
    const result = s?.result;
    this.renderChecks(s, result);
    this.renderError(s?.error);
    this.renderEvaluation(result?.evaluation, s);
    this.renderHeatmap(s?.run);
    this.renderNotes(s?.run?.warnings ?? [], result?.diagnosis ?? [], (result?.advice ?? []).map((advice) => advice.text));
    this.evaluationRow.hidden = this.confusionCard.hidden && this.scatterCard.hidden && this.heatmapCard.hidden;
    if (s?.error && s.logs.length > 0) this.logs.open = true;
  }

  private renderChecks(s: PanelSnapshot | undefined, result: RunResult | undefined): void {
    const checks = result?.checks;
    this.checksCard.hidden = !checks && s?.status !== 'failed' && s?.status !== 'stopped';
    const failed = s?.status === 'failed';
    const unverified = checksNotice(result);
    fillChecks(this.checks, this.checksSummary, checks, {
      testid: 'check',
      waiting: failed ? 'No checks: the run did not finish.' : 'The checks run when training ends.',
      state: failed ? 'none' : 'pending',
      ...(unverified ? { notice: unverified } : {}),
      ...this.guidanceOptions(s),
    });
    fillHints(this.hints, this.guidanceOf(s), (message) => this.host.post(message));
  }

  /** The guidance of this run's exercise (another run's would name other checks). */
  private guidanceOf(s: PanelSnapshot | undefined): PanelGuidance | undefined {
    const guidance = this.model?.guidance;
    return guidance && guidance.exerciseId === (s?.exercise?.id ?? s?.run?.exercise) ? guidance : undefined;
  }

  private guidanceOptions(s: PanelSnapshot | undefined): { order?: number[]; actions?: ReturnType<typeof checkActions> } {
    const guidance = this.guidanceOf(s);
    if (!guidance) return {};
    return { order: guidance.checks.map((check) => check.index), actions: checkActions(guidance, (message) => this.host.post(message)) };
  }

  private renderError(error: RunError | undefined): void {
    this.errorView.hidden = !error;
    if (!error) return fill(this.errorView);
    fillError(this.errorView, error, (file, line, column) => this.host.post({ type: 'openFile', file, line, column }));
  }

  private renderEvaluation(evaluation: Evaluation | undefined, s: PanelSnapshot | undefined): void {
    this.confusionCard.hidden = evaluation?.kind !== 'confusion';
    this.scatterCard.hidden = evaluation?.kind !== 'scatter';
    if (evaluation?.kind === 'confusion') this.renderConfusion(evaluation, s?.result?.metrics[evaluation.split]);
    if (evaluation?.kind === 'scatter') {
      this.scatterChart ??= new ScatterChart(this.scatterCanvas, this.theme);
      const shape = scatterShape(evaluation);
      const titles = scatterAxisTitles(s?.run);
      this.scatterChart.setData(shape, titles.truth, titles.prediction);
      fill(
        this.scatterNote,
        h('strong', {}, `r = ${formatR(shape.r)}`),
        ` on the ${evaluation.split} split, ${formatCount(shape.points.length)} examples. Points on the dashed line are predicted exactly.`,
      );
    }
  }

  private renderConfusion(evaluation: Extract<Evaluation, { kind: 'confusion' }>, metrics: SplitMetrics | undefined): void {
    const { table, note } = confusionMatrix(evaluation, this.ui.normalized);
    const perClass = classMetricsTable(metrics);
    fill(this.confusionBody, table, ...(perClass ? [perClass] : []));
    fill(this.confusionNote, note);
  }

  private renderHeatmap(run: RunStarted | undefined): void {
    const correlation = run?.dataset.correlation;
    this.heatmapCard.hidden = !correlation;
    if (!correlation) return fill(this.heatmapBody);
    fill(this.heatmapBody, correlationHeatmap(correlation, run.dataset.target));
    this.fitHeatmap();
  }

  private fitHeatmap(): void {
    const columns = this.model?.run?.run?.dataset.correlation?.columns.length;
    const width = this.evaluationRow.clientWidth - HEATMAP_CARD_CHROME;
    if (!columns || width <= 0) return;
    const layout = heatmapLayout(width, columns);
    this.heatmapBody.style.setProperty('--heat-label', `${layout.labelWidth}px`);
    this.heatmapBody.style.setProperty('--heat-cell', `${layout.cellWidth}px`);
    this.heatmapBody.style.setProperty('--heat-width', `${layout.labelWidth + columns * layout.cellWidth}px`);
    this.heatmapBody.dataset.values = String(layout.showValues);
  }

  private renderNotes(warnings: string[], diagnosis: string[], advice: string[]): void {
    this.notesCard.hidden = warnings.length + diagnosis.length + advice.length === 0;
    fill(
      this.notes,
      advice.map((text) => h('li', { class: 'note advice', testid: 'advice' }, icon('lightbulb'), h('span', {}, h('strong', {}, 'Try next: '), ...richText(text)))),
      diagnosis.map((text) => h('li', { class: 'note diagnosis', testid: 'diagnosis' }, icon('info'), h('span', {}, ...richText(text)))),
      warnings.map((text) => h('li', { class: 'note warning', testid: 'warning' }, icon('warning'), h('span', {}, ...richText(text)))),
    );
  }

  // -------------------------------------------------------------- numbers

  private renderNumbers(s: PanelSnapshot | undefined): void {
    if (!s) return;
    const kind = this.metricKind(s);
    const metrics = s.result?.metrics ?? (s.latest ? { train: s.latest.train, dev: s.latest.dev, test: s.latest.test } : undefined);
    const hasTest = (s.run?.dataset.testRows ?? (metrics?.test ? 1 : 0)) > 0;
    const hasDev = (s.run?.dataset.devRows ?? (metrics?.dev ? 1 : 0)) > 0;
    const source = s.result ? 'final' : s.latest ? `epoch ${formatCount(s.latest.epoch)}` : '';
    const tile = (label: string, value: string, testid: string) =>
      h('div', { class: 'tile', testid }, h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, value));
    const tiles = [
      tile('train loss', formatLoss(metrics?.train.loss), 'train-loss'),
      hasDev && tile('dev loss', formatLoss(metrics?.dev?.loss), 'dev-loss'),
      hasTest && tile('test loss', formatLoss(metrics?.test?.loss), 'test-loss'),
      tile(`train ${metricLabel(kind)}`, formatMetric(metrics?.train, kind), 'train-metric'),
      hasDev && tile(`dev ${metricLabel(kind)}`, formatMetric(metrics?.dev, kind), 'dev-metric'),
      hasTest && tile(`test ${metricLabel(kind)}`, formatMetric(metrics?.test, kind), 'test-metric'),
    ];
    fill(this.tiles, tiles);
    this.tiles.dataset.source = source;
    const title = this.tiles.parentElement?.querySelector('.card-title');
    if (title) setText(title, s.result ? 'Final numbers' : s.latest ? `Numbers, ${source}` : 'Numbers');

    if (s.result === this.painted.result && s.run === this.painted.run && s.runId === this.painted.runId && this.details.childElementCount > 0) return;
    fill(this.details, runDetails(s));
  }

  // -------------------------------------------------------------- logs and history

  private renderLogs(s: PanelSnapshot | undefined): void {
    const lines = s?.logs ?? [];
    const dropped = s?.droppedLogLines ?? 0;
    this.logs.description = lines.length === 0 ? 'nothing printed' : `${formatCount(lines.length + dropped)} line${lines.length + dropped === 1 ? '' : 's'}`;
    const text = (dropped > 0 ? [`… ${formatCount(dropped)} earlier lines not kept`] : []).concat(lines).join('\n');
    setText(this.logText, text);
    this.logText.hidden = lines.length === 0;
    if (lines.length > 0) this.logText.scrollTop = this.logText.scrollHeight;
  }

  private renderHistory(runs: RunSummary[], currentRunId: string | undefined): void {
    this.historyCard.hidden = runs.length === 0;
    fill(this.historyBody, runs.length === 0 ? null : runHistoryTable(runs, currentRunId, (runId) => this.host.post({ type: 'showRun', runId })));
  }

  // -------------------------------------------------------------- toggles

  private setUi(change: Partial<RunUi>): void {
    this.ui = { ...this.ui, ...change };
    this.host.uiChanged(this.ui);
    const s = this.model?.run;
    if (change.logScale !== undefined) this.renderCurves(s);
    if (change.normalized !== undefined && s?.result?.evaluation.kind === 'confusion') this.renderConfusion(s.result.evaluation, s.result.metrics[s.result.evaluation.split]);
  }
}
