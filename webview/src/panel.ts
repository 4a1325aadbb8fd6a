// The Experiment panel's DOM. Built once, then repainted from the view model: cheap parts
// (header, numbers) every frame that has news, the rest only when its input object changed
// (the reducer keeps unchanged parts identical), the curves incrementally.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/vscode-button.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/vscode-collapsible.js';
import type { VscodeProgressBar } from '@vscode-elements/elements/dist/vscode-progress-bar/vscode-progress-bar.js';
import type { PanelSnapshot, PanelToHost, RunSummary } from '../../src/shared/panelProtocol';
import { isTerminal } from '../../src/shared/runHistory';
import type { CheckResult, Evaluation, RunError, RunResult, RunStarted, SplitMetrics } from '../../src/trainer/protocol';
import { CurveChart, ScatterChart, readTheme, type CurveConfig, type Theme } from './charts';
import { fill, h, setText } from './dom';
import {
  STATUS_LABELS,
  basename,
  formatCount,
  formatLoss,
  formatMs,
  formatPercent,
  formatR,
  humanizeId,
} from './format';
import { card, fileLink, fillChecks, fillError, formatClock, icon, openableRow, richText, separated, showTrustBanner, showVerdict, StopButton } from './widgets';
import { chanceAccuracy, confusionTable, epochSeries, heatmap, layerWidths, metricKindOf, mixColor, scatterShape, type MetricKind } from './shape';

export interface UiState {
  logScale: boolean;
  normalized: boolean;
}

export interface TrustState {
  trusted: boolean;
  reason?: string;
}

export interface ViewModel {
  snapshot: PanelSnapshot | undefined;
  history: RunSummary[];
  trust: TrustState;
  ui: UiState;
}

export interface PanelHost {
  post(message: PanelToHost): void;
  /** The user flipped a toggle; persist it. */
  uiChanged(ui: UiState): void;
}

// ---------------------------------------------------------------- small helpers

function formatMetric(split: SplitMetrics | undefined, kind: MetricKind): string {
  if (!split) return '—';
  return kind === 'accuracy' ? formatPercent(split.accuracy) : formatR(split.r);
}

function metricLabel(kind: MetricKind): string {
  return kind === 'accuracy' ? 'accuracy' : 'r';
}

// ---------------------------------------------------------------- the view

export class PanelView {
  private theme: Theme;
  private ui: UiState;
  private model: ViewModel | undefined;

  // header
  private readonly title = h('h1', { class: 'title', testid: 'exercise' }, 'Experiment');
  private readonly status = h('vscode-badge', { class: 'status', testid: 'status', attrs: { role: 'status' } });
  private readonly verdict = h('span', { class: 'verdict', testid: 'verdict', attrs: { 'aria-live': 'polite' } });
  private readonly epoch = h('span', { class: 'epoch', testid: 'epoch' });
  private readonly stopButton = new StopButton('stop', () => this.host.post({ type: 'stop' }));
  private readonly rerunButton = h('vscode-button', { testid: 'rerun', hidden: true }, 'Run again') as VscodeButton;
  private readonly progress = h('vscode-progress-bar', { class: 'progress', attrs: { 'aria-label': 'Training progress' } }) as VscodeProgressBar;
  private readonly meta = h('div', { class: 'meta' });
  private readonly backend = h('span', { class: 'backend-name', testid: 'backend' });

  // body
  private readonly empty = h('section', { class: 'card empty', testid: 'empty' });
  private readonly trustBanner = h('div', { class: 'banner', testid: 'trust', attrs: { role: 'status' }, hidden: true });
  private readonly errorView = h('section', { class: 'card error-card', testid: 'error', attrs: { role: 'alert' }, hidden: true });
  private readonly checks = h('ul', { class: 'checks', testid: 'checks' });
  private readonly checksCard: HTMLElement;
  private readonly checksSummary = h('span', { class: 'card-note' });
  private readonly tiles = h('div', { class: 'tiles', testid: 'numbers' });
  private readonly details = h('dl', { class: 'details' });
  private readonly lossCanvas = h('canvas', { testid: 'loss-chart', attrs: { role: 'img', 'aria-label': 'Loss per epoch, train and test' } });
  private readonly metricCanvas = h('canvas', { testid: 'metric-chart', attrs: { role: 'img', 'aria-label': 'Metric per epoch, train and test' } });
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
  private scatterChart: ScatterChart | undefined;

  // what is on screen (identity of the inputs last painted)
  private painted: {
    runId?: string;
    run?: RunStarted;
    result?: RunResult;
    error?: RunError;
    logs?: string[];
    history?: RunSummary[];
    curves: { runId?: string; stride: number; count: number; logScale: boolean; config?: string };
  } = { curves: { stride: 0, count: 0, logScale: false } };

  constructor(root: HTMLElement, private readonly host: PanelHost, ui: UiState) {
    this.ui = { ...ui };
    this.theme = readTheme();

    this.rerunButton.addEventListener('click', () => {
      if (!this.rerunButton.disabled) this.host.post({ type: 'rerun' });
    });
    this.logToggle.checked = this.ui.logScale;
    this.logToggle.addEventListener('change', () => this.setUi({ logScale: this.logToggle.checked }));
    this.normalizeToggle.checked = this.ui.normalized;
    this.normalizeToggle.addEventListener('change', () => this.setUi({ normalized: this.normalizeToggle.checked }));

    const header = h(
      'header',
      { class: 'header' },
      h('div', { class: 'title-row' }, this.title, this.status, this.verdict, h('span', { class: 'spacer' }), this.epoch, this.stopButton.element, this.rerunButton),
      this.progress,
      this.meta,
    );

    this.checksCard = card('Checks', 'checks-card', this.checks);
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
    this.trainingSections = [top, curves];
    this.runBody = h('div', { class: 'run' }, this.errorView, top, curves, evaluation, this.notesCard, this.logs);
    fill(root, h('main', { class: 'panel' }, header, this.trustBanner, this.empty, this.runBody, this.historyCard));

    this.lossChart = new CurveChart(this.lossCanvas, 'loss', this.theme);
    this.metricChart = new CurveChart(this.metricCanvas, 'metric', this.theme);
    this.rerunButton.hidden = true;
  }

  /** Re-reads the theme colours (VS Code changed theme). */
  applyTheme(): void {
    this.theme = readTheme();
    this.lossChart.applyTheme(this.theme);
    this.metricChart.applyTheme(this.theme);
    this.scatterChart?.applyTheme(this.theme);
  }

  render(model: ViewModel): void {
    this.model = model;
    const s = model.snapshot;
    const runChanged = s?.runId !== this.painted.runId;

    this.renderHeader(s, model.trust);
    this.renderTrust(model.trust);
    this.empty.hidden = s !== undefined;
    this.runBody.hidden = s === undefined;
    const neverTrained = s !== undefined && !s.run && s.epochs.length === 0 && !s.result;
    for (const section of this.trainingSections) section.hidden = neverTrained;
    if (!s) {
      fill(this.empty, h('h2', { class: 'card-title' }, 'No run yet'), h('p', {}, 'Train an exercise file and its loss curves, checks and evaluation appear here, live.'));
    }

    this.renderCurves(s);
    if (runChanged || s?.run !== this.painted.run || s?.result !== this.painted.result || s?.error !== this.painted.error) {
      this.renderOutcome(s);
    }
    this.renderNumbers(s);
    if (runChanged || s?.logs !== this.painted.logs) this.renderLogs(s);
    if (runChanged || model.history !== this.painted.history) this.renderHistory(model.history, s?.runId);

    this.painted.runId = s?.runId;
    this.painted.run = s?.run;
    this.painted.result = s?.result;
    this.painted.error = s?.error;
    this.painted.logs = s?.logs;
    this.painted.history = model.history;
  }

  // -------------------------------------------------------------- header

  private renderHeader(s: PanelSnapshot | undefined, trust: TrustState): void {
    const exercise = s?.run?.exercise ?? s?.result?.exercise ?? s?.exercise?.id;
    setText(this.title, s?.exercise?.title ?? (exercise ? humanizeId(exercise) : s?.learnerFile ? basename(s.learnerFile) : 'Experiment'));
    this.title.title = exercise ?? '';
    const status = s?.status;
    this.status.hidden = !s;
    setText(this.status, status ? STATUS_LABELS[status] : '');
    this.status.dataset.status = status ?? '';
    this.status.className = `status status-${status ?? 'none'}`;

    showVerdict(this.verdict, s?.result?.checks, s?.result?.passed);

    const total = s?.run?.settings.epochs;
    const done = s?.result?.epochs ?? s?.latest?.epoch ?? 0;
    this.epoch.hidden = !s?.run;
    setText(this.epoch, total ? `epoch ${formatCount(done)} / ${formatCount(total)}` : `epoch ${formatCount(done)}`);

    const running = s !== undefined && !isTerminal(s.status);
    this.stopButton.show(running ? s.runId : undefined);
    this.rerunButton.hidden = !s || running;
    this.rerunButton.disabled = !trust.trusted;
    this.rerunButton.title = trust.trusted ? 'Train the same file again' : trust.reason ?? 'Disabled in an untrusted workspace';

    this.progress.hidden = !running;
    if (running) {
      if (total && done > 0) {
        this.progress.indeterminate = false;
        this.progress.max = total;
        this.progress.value = done;
      } else {
        this.progress.indeterminate = true;
      }
    }

    const backend = s?.result?.backend ?? s?.run?.backend;
    setText(this.backend, backend ?? '');
    this.backend.title = s?.result?.backendReason ?? s?.run?.backendReason ?? '';
    if (s !== undefined && s.runId !== this.painted.runId) this.fillMeta(s);
    else if (s && (s.run !== this.painted.run || s.result !== this.painted.result)) this.fillMeta(s);
    this.meta.hidden = !s;
  }

  private fillMeta(s: PanelSnapshot): void {
    const parts: (Node | string)[] = [];
    if (s.learnerFile) parts.push(fileLink(basename(s.learnerFile), s.learnerFile, (file) => this.host.post({ type: 'openFile', file }), { testid: 'learner-file' }));
    if (s.run || s.result) parts.push(h('span', {}, 'backend ', this.backend));
    const seed = s.result?.seed ?? s.run?.settings.seed;
    if (seed !== undefined) parts.push(`seed ${seed}`);
    if (s.startedAt !== undefined) parts.push(`started ${formatClock(s.startedAt)}`);
    fill(this.meta, separated(parts));
  }

  private renderTrust(trust: TrustState): void {
    showTrustBanner(this.trustBanner, trust, 'Training is disabled. ', 'It runs your code, so it needs a trusted workspace.');
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
      this.lossChart.setPoints(series.trainLoss, series.testLoss);
      this.metricChart.setPoints(series.trainMetric, series.testMetric);
      dirty = true;
    } else if (epochs.length > painted.count) {
      const series = epochSeries(epochs, metric, { from: painted.count, logLoss: this.ui.logScale });
      this.lossChart.appendPoints(series.trainLoss, series.testLoss);
      this.metricChart.appendPoints(series.trainMetric, series.testMetric);
      dirty = true;
    }
    this.painted.curves = { runId: s?.runId, stride: s?.epochStride ?? 1, count: epochs.length, logScale: this.ui.logScale, config: key };
    if (dirty) {
      this.lossChart.update();
      this.metricChart.update();
    }
  }

  // -------------------------------------------------------------- outcome: checks, error, evaluation, notes

  private renderOutcome(s: PanelSnapshot | undefined): void {
    const result = s?.result;
    this.renderChecks(s, result?.checks);
    this.renderError(s?.error);
    this.renderEvaluation(result?.evaluation, s);
    this.renderHeatmap(s?.run);
    this.renderNotes(s?.run?.warnings ?? [], result?.diagnosis ?? []);
    this.evaluationRow.hidden = this.confusionCard.hidden && this.scatterCard.hidden && this.heatmapCard.hidden;
    if (s?.error && s.logs.length > 0) this.logs.open = true;
  }

  private renderChecks(s: PanelSnapshot | undefined, checks: CheckResult[] | undefined): void {
    this.checksCard.hidden = !checks && s?.status !== 'failed' && s?.status !== 'stopped';
    const failed = s?.status === 'failed';
    fillChecks(this.checks, this.checksSummary, checks, {
      testid: 'check',
      waiting: failed ? 'No checks: the run did not finish.' : 'The checks run when training ends.',
      state: failed ? 'none' : 'pending',
    });
  }

  private renderError(error: RunError | undefined): void {
    this.errorView.hidden = !error;
    if (!error) return fill(this.errorView);
    fillError(this.errorView, error, (file, line, column) => this.host.post({ type: 'openFile', file, line, column }));
  }

  private renderEvaluation(evaluation: Evaluation | undefined, s: PanelSnapshot | undefined): void {
    this.confusionCard.hidden = evaluation?.kind !== 'confusion';
    this.scatterCard.hidden = evaluation?.kind !== 'scatter';
    if (evaluation?.kind === 'confusion') this.renderConfusion(evaluation);
    if (evaluation?.kind === 'scatter') {
      this.scatterChart ??= new ScatterChart(this.scatterCanvas, this.theme);
      const target = s?.run?.dataset.target ?? 'value';
      const shape = scatterShape(evaluation);
      this.scatterChart.setData(shape, `true ${target}`, `predicted ${target}`);
      fill(
        this.scatterNote,
        h('strong', {}, `r = ${formatR(shape.r)}`),
        ` on the ${evaluation.split} split, ${formatCount(shape.points.length)} examples. Points on the dashed line are predicted exactly.`,
      );
    }
  }

  private renderConfusion(evaluation: Extract<Evaluation, { kind: 'confusion' }>): void {
    const table = confusionTable(evaluation);
    const normalized = this.ui.normalized;
    const n = table.classes.length;
    const head = h(
      'thead',
      {},
      h('tr', {}, h('th', { class: 'corner', attrs: { rowspan: 2, scope: 'col' } }, 'true ↓'), h('th', { class: 'axis', attrs: { colspan: n, scope: 'colgroup' } }, 'predicted →'), h('th', { class: 'acc-head', attrs: { rowspan: 2, scope: 'col' } }, 'class accuracy')),
      h('tr', {}, table.classes.map((label) => h('th', { class: 'class', attrs: { scope: 'col' } }, label))),
    );
    const body = h(
      'tbody',
      {},
      table.rows.map((row, i) =>
        h(
          'tr',
          {},
          h('th', { class: 'class', attrs: { scope: 'row' } }, row.label),
          row.counts.map((count, j) =>
            h(
              'td',
              {
                class: `cell${i === j ? ' diagonal' : ''}`,
                testid: 'confusion-cell',
                data: { row: i, col: j, count, normalized: row.normalized[j].toFixed(4) },
                title: `${formatCount(count)} of ${formatCount(row.total)} “${row.label}” predicted as “${table.classes[j]}” (${formatPercent(row.normalized[j])})`,
                vars: { '--cell': mixColor(i === j ? '--vscode-charts-blue' : '--vscode-charts-red', row.normalized[j]) },
              },
              normalized ? formatPercent(row.normalized[j]) : formatCount(count),
            ),
          ),
          h('td', { class: 'acc', testid: 'class-accuracy' }, formatPercent(row.accuracy)),
        ),
      ),
    );
    const foot = h(
      'tfoot',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'row' } }, 'predicted'),
        table.predictedTotals.map((t) => h('td', { class: 'total' }, formatCount(t))),
        h('td', { class: 'acc overall', testid: 'overall-accuracy' }, formatPercent(table.accuracy)),
      ),
    );
    fill(this.confusionBody, h('table', { class: 'confusion', testid: 'confusion-matrix', data: { normalized } }, head, body, foot));
    fill(this.confusionNote, `${formatCount(table.correct)} of ${formatCount(table.total)} ${evaluation.split} examples on the diagonal. Rows are the true classes; ${normalized ? 'each row sums to 100%' : 'turn on Row % to compare classes of different sizes'}.`);
  }

  private renderHeatmap(run: RunStarted | undefined): void {
    const correlation = run?.dataset.correlation;
    this.heatmapCard.hidden = !correlation;
    if (!correlation) return fill(this.heatmapBody);
    const map = heatmap(correlation, run.dataset.target);
    const table = h(
      'table',
      { class: 'heatmap', testid: 'correlation-heatmap', attrs: { 'aria-label': 'Pearson correlation between the data columns' } },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('td', { class: 'corner' }),
          map.columns.map((label, j) => h('th', { class: `col${j === map.highlightedColumn ? ' target' : ''}`, attrs: { scope: 'col' }, title: label }, h('span', {}, label))),
        ),
      ),
      h(
        'tbody',
        {},
        map.rows.map((row) =>
          h(
            'tr',
            { class: row.highlighted ? 'target' : undefined },
            h('th', { class: 'row', attrs: { scope: 'row' } }, row.label),
            row.cells.map((cell, j) =>
              h(
                'td',
                {
                  class: `heat${cell.diagonal ? ' diagonal' : ''}${j === map.highlightedColumn ? ' target-col' : ''}`,
                  testid: 'heatmap-cell',
                  data: { value: cell.text },
                  title: `${row.label} × ${map.columns[j]}: ${cell.text || 'n/a'}`,
                  vars: { '--cell': cell.color },
                },
                cell.text,
              ),
            ),
          ),
        ),
      ),
    );
    fill(this.heatmapBody, table);
  }

  private renderNotes(warnings: string[], diagnosis: string[]): void {
    this.notesCard.hidden = warnings.length + diagnosis.length === 0;
    fill(
      this.notes,
      diagnosis.map((text) => h('li', { class: 'note diagnosis', testid: 'diagnosis' }, icon('info'), h('span', {}, ...richText(text)))),
      warnings.map((text) => h('li', { class: 'note warning', testid: 'warning' }, icon('warning'), h('span', {}, ...richText(text)))),
    );
  }

  // -------------------------------------------------------------- numbers

  private renderNumbers(s: PanelSnapshot | undefined): void {
    if (!s) return;
    const kind = this.metricKind(s);
    const metrics = s.result?.metrics ?? (s.latest ? { train: s.latest.train, test: s.latest.test } : undefined);
    const hasTest = (s.run?.dataset.testRows ?? (metrics?.test ? 1 : 0)) > 0;
    const source = s.result ? 'final' : s.latest ? `epoch ${formatCount(s.latest.epoch)}` : '';
    const tile = (label: string, value: string, testid: string) =>
      h('div', { class: 'tile', testid }, h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, value));
    const tiles = [
      tile('train loss', formatLoss(metrics?.train.loss), 'train-loss'),
      hasTest && tile('test loss', formatLoss(metrics?.test?.loss), 'test-loss'),
      tile(`train ${metricLabel(kind)}`, formatMetric(metrics?.train, kind), 'train-metric'),
      hasTest && tile(`test ${metricLabel(kind)}`, formatMetric(metrics?.test, kind), 'test-metric'),
    ];
    fill(this.tiles, tiles);
    this.tiles.dataset.source = source;
    const title = this.tiles.parentElement?.querySelector('.card-title');
    if (title) setText(title, s.result ? 'Final numbers' : s.latest ? `Numbers, ${source}` : 'Numbers');

    if (s.result === this.painted.result && s.run === this.painted.run && s.runId === this.painted.runId && this.details.childElementCount > 0) return;
    const rows: [string, (Node | string)[], string?][] = [];
    const backend = s.result?.backend ?? s.run?.backend;
    const reason = s.result?.backendReason ?? s.run?.backendReason;
    if (backend) rows.push(['Backend', [h('strong', {}, backend), reason ? h('span', { class: 'muted', testid: 'backend-reason' }, ` — ${reason}`) : '']]);
    const sandbox = s.result?.sandbox ?? s.run?.sandbox;
    if (sandbox) rows.push(['Sandbox', [h('strong', {}, sandbox.on ? 'on' : 'off'), h('span', { class: 'muted', testid: 'sandbox' }, ` — ${sandbox.reason}${sandbox.memoryWatch.on ? '' : `; memory cap on the heap only: ${sandbox.memoryWatch.reason}`}`)]]);
    const t = s.result?.timings;
    if (t && s.result) {
      rows.push(['First epoch', [formatMs(t.firstEpochMs)]]);
      rows.push(['Per step', [`${formatMs(t.msPerStep)} × ${formatCount(t.steps)} steps = ${formatMs(t.trainMs)}`]]);
      rows.push(['Wall time', [formatMs(s.result.wallMs), h('span', { class: 'muted' }, ` (startup ${formatMs(t.startupMs)}, compile ${formatMs(t.compileMs)}, data ${formatMs(t.dataMs)})`)]]);
      rows.push(['Peak memory', [`${formatCount(s.result.peakRssMb)} MB`]]);
    }
    const run = s.run;
    if (run) {
      const widths = layerWidths(run.model.variableShapes);
      rows.push(['Model', [`${widths ? `${widths.join(' → ')}, ` : ''}${formatCount(run.model.parameters)} parameters`]]);
      const d = run.dataset;
      const classes = d.classes?.length ? `, classes ${d.classes.join(', ')}` : '';
      rows.push(['Data', [`${formatCount(d.rows)} rows (${formatCount(d.trainRows)} train, ${formatCount(d.testRows)} test), ${d.features.length} features → ${d.target}${classes}`]]);
      const st = run.settings;
      const batch = st.batchSize === 'full' ? 'full batch' : `batches of ${st.batchSize}`;
      rows.push(['Training', [`${st.loss}, ${st.optimizer} lr ${st.learningRate}${st.momentum !== undefined ? ` momentum ${st.momentum}` : ''}, ${batch}, ${formatCount(st.epochs)} epochs`]]);
    }
    fill(this.details, rows.map(([term, value, id]) => [h('dt', {}, term), h('dd', { testid: id }, ...value)]).flat());
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
    if (runs.length === 0) return fill(this.historyBody);
    const showExercise = new Set(runs.map((r) => r.exercise).filter(Boolean)).size > 1;
    const anyTest = runs.some((r) => r.metrics?.test);
    const kindOf = (r: RunSummary) => metricKindOf(r.task, r.metrics?.train);
    const header = ['started', showExercise && 'exercise', 'status', 'checks', 'train loss', anyTest && 'test loss', 'train acc / r', anyTest && 'test acc / r', 'epochs', 'settings', 'backend', 'wall'].filter(
      (c): c is string => typeof c === 'string',
    );
    const metric = (r: RunSummary, split: SplitMetrics | undefined) => {
      const kind = kindOf(r);
      return kind === 'accuracy' ? formatMetric(split, kind) : split?.r !== undefined ? `r ${formatR(split.r)}` : '—';
    };
    const rows = runs.map((r) => {
      const cells: (Node | string | false)[] = [
        formatClock(r.startedAt),
        showExercise && (r.exercise ?? '—'),
        h('span', { class: `run-status status-text-${r.status}` }, STATUS_LABELS[r.status]),
        r.checksTotal > 0
          ? h('span', { class: `run-checks ${r.passed ? 'pass' : 'fail'}` }, icon(r.passed ? 'pass' : 'fail'), `${r.checksPassed}/${r.checksTotal}`)
          : r.errorKind
            ? h('span', { class: 'muted' }, r.errorKind)
            : '—',
        formatLoss(r.metrics?.train.loss),
        anyTest && formatLoss(r.metrics?.test?.loss),
        metric(r, r.metrics?.train),
        anyTest && metric(r, r.metrics?.test),
        r.epochs === 0 ? '—' : r.totalEpochs && r.totalEpochs !== r.epochs ? `${formatCount(r.epochs)} / ${formatCount(r.totalEpochs)}` : formatCount(r.epochs),
        r.settings ? `${r.settings.optimizer} ${r.settings.learningRate}, ${r.settings.batchSize === 'full' ? 'full' : `b${r.settings.batchSize}`}` : '—',
        r.backend ?? '—',
        formatMs(r.wallMs),
      ];
      return openableRow(r.runId === currentRunId, { testid: 'history-row', what: 'run', data: { runId: r.runId, status: r.status } }, () => this.host.post({ type: 'showRun', runId: r.runId }), cells.filter((c): c is Node | string => c !== false));
    });
    fill(
      this.historyBody,
      h(
        'table',
        { class: 'history', testid: 'history' },
        h('thead', {}, h('tr', {}, header.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
        h('tbody', {}, rows),
      ),
    );
  }

  // -------------------------------------------------------------- toggles

  private setUi(change: Partial<UiState>): void {
    this.ui = { ...this.ui, ...change };
    this.host.uiChanged(this.ui);
    const s = this.model?.snapshot;
    if (change.logScale !== undefined) this.renderCurves(s);
    if (change.normalized !== undefined && s?.result?.evaluation.kind === 'confusion') this.renderConfusion(s.result.evaluation);
  }
}

function heatLegend(): HTMLElement {
  return h(
    'div',
    { class: 'heat-legend', attrs: { 'aria-hidden': 'true' } },
    h('span', {}, '−1'),
    h('span', { class: 'heat-scale' }),
    h('span', {}, '+1'),
  );
}

