// The run view's tables, built from plain data (shaped in runChartData.ts and runFacts.ts). Each
// function returns fresh elements; RunView decides when to rebuild them.
import type { PanelSnapshot, RunSummary } from '../../../src/shared/panelProtocol';
import { describeOptimizer, type Evaluation, type RunStarted, type SplitMetrics } from '../../../src/shared/engineView';
import { mixColor } from '../common/chartData';
import { h } from '../common/dom';
import { formatCount, formatMs, formatPercent } from '../common/format';
import { icon, openableRow } from '../common/widgets';
import { classMetricsRows, confusionTable, heatmap, layerWidths } from './runChartData';
import { learningRateNow, runHistoryCells, runHistoryColumns, trainingExtrasRows } from './runFacts';

export function confusionMatrix(evaluation: Extract<Evaluation, { kind: 'confusion' }>, normalized: boolean): { table: HTMLTableElement; note: string } {
  const table = confusionTable(evaluation);
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
  return {
    table: h('table', { class: 'confusion', testid: 'confusion-matrix', data: { normalized } }, head, body, foot),
    note: `${formatCount(table.correct)} of ${formatCount(table.total)} ${evaluation.split} examples on the diagonal. Rows are the true classes; ${normalized ? 'each row sums to 100%' : 'turn on Row % to compare classes of different sizes'}.`,
  };
}

/** Precision, recall and F1 of each class and their macro averages, for the split the matrix shows; null without them. */
export function classMetricsTable(metrics: SplitMetrics | undefined): HTMLTableElement | null {
  const rows = classMetricsRows(metrics);
  if (!rows) return null;
  const columns = ['class', 'precision', 'recall', 'F1', 'rows'];
  return h(
    'table',
    { class: 'class-metrics', testid: 'class-metrics', attrs: { 'aria-label': 'Precision, recall and F1 per class' } },
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
    h('tbody', {}, rows.map((row) => h(
      'tr',
      { class: row.macro ? 'macro' : undefined, testid: 'class-metrics-row' },
      h('th', { attrs: { scope: 'row' } }, row.label),
      h('td', {}, row.precision),
      h('td', {}, row.recall),
      h('td', {}, row.f1),
      h('td', {}, formatCount(row.support)),
    ))),
  );
}

export function correlationHeatmap(correlation: NonNullable<RunStarted['dataset']['correlation']>, target: string): HTMLTableElement {
  const map = heatmap(correlation, target);
  return h(
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
          h('th', { class: 'row', attrs: { scope: 'row' }, title: row.label }, row.label),
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
}

export function heatLegend(): HTMLElement {
  return h('div', { class: 'heat-legend', attrs: { 'aria-hidden': 'true' } }, h('span', {}, '−1'), h('span', { class: 'heat-scale' }), h('span', {}, '+1'));
}

/** The recent runs, the one shown marked; a row opens its run. */
export function runHistoryTable(runs: readonly RunSummary[], currentRunId: string | undefined, open: (runId: string) => void): HTMLTableElement {
  const columns = runHistoryColumns(runs);
  const rows = runs.map((r) => {
    const text = runHistoryCells(r);
    const cells = columns.map((column): Node | string => {
      if (column === 'status') return h('span', { class: `run-status status-text-${r.status}` }, text.status);
      if (column === 'checks' && r.checksTotal > 0) return h('span', { class: `run-checks ${r.passed ? 'pass' : 'fail'}` }, icon(r.passed ? 'pass' : 'fail'), text.checks);
      if (column === 'checks' && r.errorKind) return h('span', { class: 'muted' }, text.checks);
      return text[column];
    });
    return openableRow(r.runId === currentRunId, { testid: 'history-row', what: 'run', data: { runId: r.runId, status: r.status } }, () => open(r.runId), cells, columns);
  });
  return h('table', { class: 'history', testid: 'history' }, h('thead', {}, h('tr', {}, columns.map((c) => h('th', { attrs: { scope: 'col' } }, c)))), h('tbody', {}, rows));
}

/** The "Numbers" card's details: backend, timings, model, data, training settings. */
export function runDetails(s: PanelSnapshot): HTMLElement[] {
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
    rows.push(['Data', [`${formatCount(d.rows)} rows (${formatCount(d.trainRows)} train, ${d.devRows ? `${formatCount(d.devRows)} dev, ` : ''}${formatCount(d.testRows)} test), ${d.features.length} features → ${d.target}${classes}`]]);
    const st = run.settings;
    const batch = st.batchSize === 'full' ? 'full batch' : `batches of ${st.batchSize}`;
    const optimizer = s.result?.optimizer ? describeOptimizer(s.result.optimizer) : `${st.optimizer} lr ${st.learningRate}${st.momentum !== undefined ? ` momentum ${st.momentum}` : ''}`;
    rows.push(['Training', [`${st.loss}, ${optimizer}, ${batch}, ${formatCount(st.epochs)} epochs`]]);
    // A schedule's rate now: the latest epoch's (the curves hold the rest).
    const rate = learningRateNow(s.latest);
    if (rate) rows.push(['Learning rate', [rate]]);
    for (const [term, text] of trainingExtrasRows(st, s.latest, s.result)) rows.push([term, [text], term.toLowerCase().replace(/ /g, '-')]);
  }
  return rows.map(([term, value, id]) => [h('dt', {}, term), h('dd', { testid: id }, ...value)]).flat();
}
