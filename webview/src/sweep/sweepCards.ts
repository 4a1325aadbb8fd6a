// The sweep view's cards and tables, built from plain data (the numbers come shaped from
// sweepChartData.ts and sweepFacts.ts). Each function returns fresh elements; SweepView decides
// when to rebuild them.
import type { SweepListing, SweepSnapshot } from '../../../src/shared/panelProtocol';
import { describeOutcome, isFractionOutcome, predictionMatches, type OutcomeName, type SweepRunResult, type SweepShape, type SweepSummary } from '../../../src/shared/engineView';
import { h } from '../common/dom';
import { basename, formatClock, formatCount, formatMs, formatPercent, keepTogether } from '../common/format';
import { mixColor } from '../common/chartData';
import {
  formatSpread,
  formatThreshold,
  formatValue,
  shapeReadiness,
  tooEarlyText,
  type Comparison,
  type FractionFacts,
  type HeatGrid,
  type SettingRow,
  type SweepFacts,
} from './sweepFacts';
import { valueText, type ColorKey } from './sweepChartData';
import { icon, openableRow, strokeSvg } from '../common/widgets';

// ---------------------------------------------------------------- shapes

const SHAPE_PATHS: Record<SweepShape, string> = {
  flat: 'M2 8.5h12',
  rising: 'M2 13C6 12 9 6 14 3',
  falling: 'M2 3C6 4 9 10 14 13',
  'inverted-U': 'M2 13C4 3 12 3 14 13',
  bimodal: 'M2 4h4.5M9.5 12H14',
};

/** A shape's name, as the prediction prompt and the CLI write it, with a small glyph of it. */
export function shapeTag(shape: SweepShape, testid?: string): HTMLElement {
  return h('span', { class: 'shape-tag', testid, data: { shape } }, strokeSvg(SHAPE_PATHS[shape], 'shape-glyph', 1.6), shape);
}

// ---------------------------------------------------------------- prediction vs observed

/** The learner's committed prediction next to the observed shape (provisional while running). */
export function predictionBody(s: SweepSnapshot): { body: HTMLElement[]; match?: boolean; provisional: boolean } {
  const prediction = s.sweep.prediction;
  const shape = s.summary.shape;
  const hasRuns = s.summary.overall.n > 0;
  const provisional = s.status === 'running';
  const observed = h(
    'div',
    { class: 'tile' },
    h('span', { class: 'tile-label' }, provisional ? 'Observed so far' : 'Observed'),
    hasRuns ? h('span', { class: 'prediction-shape' }, shapeTag(shape.shape, 'sweep-observed-shape'), shape.bimodal && shape.shape !== 'bimodal' ? h('span', { class: 'flag', title: 'The runs split into two separate groups of outcomes' }, '+ bimodal runs') : null) : h('span', { class: 'muted' }, 'no results yet'),
    hasRuns && h('span', { class: 'prediction-detail' }, `along ${shape.along}: ${shape.detail}`),
    provisional && h('span', { class: 'prediction-detail' }, 'The shape is judged when the sweep ends.'),
  );
  if (!prediction) {
    return {
      body: [
        h('div', { class: 'prediction-grid' }, observed),
        h('p', { class: 'card-foot', testid: 'sweep-no-prediction' }, icon('info'), ' No prediction was recorded for this sweep. Next time, Run Sweep asks which shape you expect before the first run: committing to a guess first makes the result stick.'),
      ],
      provisional,
    };
  }
  const readiness = shapeReadiness(s);
  const match = hasRuns && readiness.ready ? predictionMatches(prediction.shape, shape) : undefined;
  const predicted = h(
    'div',
    { class: 'tile' },
    h('span', { class: 'tile-label' }, 'You predicted'),
    h('span', { class: 'prediction-shape' }, shapeTag(prediction.shape, 'sweep-predicted-shape')),
    prediction.note && h('q', { class: 'prediction-note' }, prediction.note),
    h('span', { class: 'prediction-detail' }, `committed ${formatClock(prediction.recordedAt)}, before the first run`),
  );
  const verdict =
    !hasRuns
      ? h('p', { class: 'prediction-verdict muted' }, 'Waiting for the first results.')
      : match === undefined
        ? h('p', { class: 'prediction-verdict muted', testid: 'sweep-too-early' }, tooEarlyText(readiness, shape.along))
        : h(
          'p',
          { class: `prediction-verdict ${match ? 'pass' : 'fail'}`, attrs: { role: 'status' } },
          icon(match ? 'pass' : 'fail'),
            provisional ? (match ? 'So far this matches your prediction.' : 'So far this does not match your prediction.') : match ? 'Your prediction matches what happened.' : 'Your prediction does not match what happened.',
          );
  return { body: [h('div', { class: 'prediction-grid' }, predicted, observed), verdict], match, provisional };
}

// ---------------------------------------------------------------- numbers

function tile(label: string, value: string, testid: string, sub?: string, data?: Record<string, string | number>): HTMLElement {
  return h('div', { class: 'tile', testid, data }, h('span', { class: 'tile-label' }, label), h('span', { class: 'tile-value' }, keepTogether(value)), sub ? h('span', { class: 'tile-sub' }, sub) : null);
}

/** "What fraction of models learned?": the big number of a sweep with a threshold. */
export function fractionTile(facts: FractionFacts): HTMLElement {
  const percent = facts.fraction === null ? '—' : `${Math.round(facts.fraction * 100)} %`;
  return h(
    'div',
    { class: 'fraction', testid: 'sweep-fraction', data: { value: facts.fraction === null ? '' : String(facts.fraction), count: facts.count, of: facts.of } },
    h('span', { class: 'fraction-value' }, percent),
    facts.of === 0
      ? h('span', { class: 'fraction-text' }, `No run has finished yet: the share of runs ${facts.what} appears here.`)
      : h('span', { class: 'fraction-text' }, h('strong', {}, `${formatCount(facts.count)} of ${formatCount(facts.of)} runs`), ` ${facts.what}`),
    h('span', { class: 'fraction-question' }, 'What fraction of the models learned?'),
  );
}

function outcomeWord(outcome: OutcomeName): string {
  if (outcome === 'epochsToThreshold') return 'epochs to threshold';
  return isFractionOutcome(outcome) ? 'accuracy' : /loss/i.test(outcome) ? 'loss' : /f1/i.test(outcome) ? 'F1' : 'r';
}

export function numberTiles(s: SweepSnapshot, now: number): HTMLElement[] {
  const { summary, sweep } = s;
  const done = sweep.runs.length;
  const counts = summary.counts;
  const running = s.status === 'running';
  const wall = running ? now - sweep.startedAt : sweep.wallMs ?? (sweep.finishedAt ? sweep.finishedAt - sweep.startedAt : undefined);
  const notCounted = counts.failed + counts.stopped + counts.cancelled;
  const runsSub = [counts.diverged ? `${counts.diverged} diverged` : '', summary.overall.n < done - notCounted ? `${done - notCounted - summary.overall.n} without an outcome` : ''].filter(Boolean).join(', ');
  return [
    tile('runs', `${formatCount(done)} / ${formatCount(s.total)}`, 'sweep-runs', runsSub || undefined),
    tile('failed', formatCount(notCounted), 'sweep-failed', notCounted ? [counts.failed && `${counts.failed} failed`, counts.stopped && `${counts.stopped} stopped`, counts.cancelled && `${counts.cancelled} cancelled`].filter(Boolean).join(', ') : undefined, { count: notCounted }),
    tile(`mean ${outcomeWord(sweep.outcome)}`, formatSpread(sweep.outcome, summary.overall.mean, summary.overall.std, summary.overall.n), 'sweep-mean', summary.overall.n ? `over ${formatCount(summary.overall.n)} runs` : undefined),
    tile(running ? 'elapsed' : 'wall time', formatMs(wall), 'sweep-wall'),
    tile('workers', formatCount(sweep.workers), 'sweep-workers', 'trainer processes'),
  ];
}

function settingText(values: Record<string, unknown>): string {
  return Object.entries(values).map(([name, value]) => `${name} ${valueText(value as string)}`).join(', ');
}

/** The runs that did not count, with why (collapsed by default). */
export function failedRuns(runs: readonly SweepRunResult[]): HTMLElement | null {
  const failed = runs.filter((run) => run.status === 'failed' || run.status === 'stopped' || run.status === 'cancelled');
  if (failed.length === 0) return null;
  const shown = failed.slice(0, 100);
  const section = h(
    'vscode-collapsible',
    { class: 'failed-runs', testid: 'sweep-failed-runs', attrs: { heading: `Runs without a result (${failed.length})` } },
    h(
      'ul',
      { class: 'failed-list' },
      shown.map((run) =>
        h(
          'li',
          { testid: 'sweep-failed-run', data: { index: run.index, status: run.status } },
          h('span', { class: 'failed-setting' }, `${settingText(run.values)}, seed ${run.seed}`),
          h('span', { class: `status-text-${run.status === 'failed' ? 'failed' : 'stopped'}` }, ` ${run.status}`),
          run.error ? h('span', { class: 'check-message' }, `: ${run.error.message}`) : null,
        ),
      ),
      failed.length > shown.length ? h('li', { class: 'muted' }, `… and ${failed.length - shown.length} more`) : null,
    ),
  );
  return section;
}

// ---------------------------------------------------------------- table by setting

export function settingTable(rows: readonly SettingRow[], summary: SweepSummary, along: string, aboveHeader: string | undefined): HTMLTableElement {
  const outcome = summary.outcome;
  // A column of one repeated number says nothing.
  const withParameters = new Set(rows.map((row) => row.parameters).filter((p) => p !== undefined)).size > 1;
  const withFailed = rows.some((row) => row.stats.failed > 0);
  const header = [along, 'runs', 'mean ± sd', 'min', 'max', aboveHeader, withParameters && 'parameters', withFailed && 'failed'].filter((c): c is string => typeof c === 'string');
  const body = rows.map((row) =>
    h(
      'tr',
      { testid: 'sweep-table-row', data: { value: String(row.value), n: row.stats.n } },
      h('th', { attrs: { scope: 'row' } }, row.label),
      h('td', {}, formatCount(row.stats.runs)),
      h('td', {}, formatSpread(outcome, row.stats.mean, row.stats.std, row.stats.n)),
      h('td', {}, formatValue(outcome, row.stats.min)),
      h('td', {}, formatValue(outcome, row.stats.max)),
      aboveHeader !== undefined && h('td', {}, formatPercent(row.stats.fractionAbove)),
      withParameters && h('td', {}, formatCount(row.parameters)),
      withFailed && h('td', { class: row.stats.failed ? 'status-text-failed' : 'muted' }, formatCount(row.stats.failed)),
    ),
  );
  const all = summary.overall;
  const foot = h(
    'tr',
    { class: 'total-row' },
    h('th', { attrs: { scope: 'row' } }, 'all'),
    h('td', {}, formatCount(all.runs)),
    h('td', {}, formatSpread(outcome, all.mean, all.std, all.n)),
    h('td', {}, formatValue(outcome, all.min)),
    h('td', {}, formatValue(outcome, all.max)),
    aboveHeader !== undefined && h('td', {}, formatPercent(all.fractionAbove)),
    withParameters && h('td', {}),
    withFailed && h('td', {}, formatCount(all.failed)),
  );
  return h(
    'table',
    { class: 'data-table setting-table', testid: 'sweep-table', attrs: { 'aria-label': `${describeOutcome({ outcome })} by ${along}` } },
    h('thead', {}, h('tr', {}, header.map((c) => h('th', { attrs: { scope: 'col' } }, c)))),
    h('tbody', {}, body),
    h('tfoot', {}, foot),
  );
}

// ---------------------------------------------------------------- heatmap

export function heatmapTable(grid: HeatGrid, outcome: OutcomeName, threshold: number | undefined): HTMLTableElement {
  const percent = isFractionOutcome(outcome);
  const above = threshold !== undefined ? `above ${formatThreshold(outcome, threshold)}` : outcome === 'epochsToThreshold' ? 'reached the threshold' : undefined;
  return h(
    'table',
    { class: 'sweep-heatmap', testid: 'sweep-heatmap', attrs: { 'aria-label': `Mean ${describeOutcome({ outcome })} for each ${grid.rowName} and ${grid.columnName}` } },
    h(
      'thead',
      {},
      h('tr', {}, h('th', { class: 'corner', attrs: { scope: 'col' } }, `${grid.rowName} ↓  ${grid.columnName} →`), grid.columns.map((label) => h('th', { class: 'col', attrs: { scope: 'col' } }, label))),
    ),
    h(
      'tbody',
      {},
      grid.cells.map((row, i) =>
        h(
          'tr',
          {},
          h('th', { class: 'row', attrs: { scope: 'row' } }, grid.rows[i]),
          row.map((cell) =>
            h(
              'td',
              {
                class: 'heat',
                testid: 'sweep-heatmap-cell',
                data: { row: cell.row, col: cell.col, value: cell.mean === null ? '' : String(cell.mean), n: cell.n },
                title: [
                  `${grid.rowName} ${grid.rows[cell.row]}, ${grid.columnName} ${grid.columns[cell.col]}`,
                  `mean ${formatValue(outcome, cell.mean)} over ${cell.n} run${cell.n === 1 ? '' : 's'}`,
                  above && cell.fractionAbove !== null ? `${formatPercent(cell.fractionAbove)} ${above}` : '',
                ]
                  .filter(Boolean)
                  .join('\n'),
                vars: { '--cell': cell.mean === null ? 'transparent' : mixColor('--vscode-charts-blue', 0.08 + 0.92 * cell.level) },
              },
              cell.text,
            ),
          ),
        ),
      ),
    ),
    h('caption', { class: 'heat-caption' }, `mean ${describeOutcome({ outcome })}${percent ? ' in %' : ''}; hover a cell for the number of runs`),
  );
}

export function heatLegend(grid: HeatGrid, outcome: OutcomeName): HTMLElement {
  return h(
    'div',
    { class: 'heat-legend', attrs: { 'aria-hidden': 'true' } },
    h('span', {}, formatValue(outcome, grid.min)),
    h('span', { class: 'heat-scale sequential' }),
    h('span', {}, formatValue(outcome, grid.max)),
  );
}

// ---------------------------------------------------------------- colour keys

/** Swatches for a few values, or a gradient bar with its two ends. */
export function colorLegend(key: ColorKey, color: (value: unknown) => string): HTMLElement {
  if (key.style === 'list') {
    return h(
      'div',
      { class: 'color-key', testid: 'sweep-color-key', attrs: { 'aria-label': `Colour: ${key.name}` } },
      h('span', { class: 'color-key-name' }, key.name),
      key.values.map((value) => h('span', { class: 'swatch-item' }, h('span', { class: 'swatch', vars: { '--swatch': color(value) } }), valueText(value))),
    );
  }
  const ends = [key.values[0], key.values[key.values.length - 1]];
  return h(
    'div',
    { class: 'color-key', testid: 'sweep-color-key', attrs: { 'aria-label': `Colour: ${key.name} from ${valueText(ends[0])} to ${valueText(ends[1])}` } },
    h('span', { class: 'color-key-name' }, key.name),
    h('span', {}, valueText(ends[0])),
    h('span', { class: 'ramp' }),
    h('span', {}, valueText(ends[1])),
  );
}

// ---------------------------------------------------------------- comparison

function factsColumn(facts: SweepFacts, outcome: OutcomeName, threshold: number | undefined): (Node | string)[] {
  return [
    formatSpread(outcome, facts.mean, facts.std),
    threshold !== undefined || outcome === 'epochsToThreshold' ? formatPercent(facts.fractionAbove) : '—',
    facts.shape ? h('span', {}, shapeTag(facts.shape), facts.bimodal && facts.shape !== 'bimodal' ? h('span', { class: 'flag' }, ' + bimodal') : '') : '—',
    facts.prediction
      ? h('span', { class: 'run-checks' }, shapeTag(facts.prediction), facts.matches === undefined ? '' : icon(facts.matches ? 'pass' : 'fail', facts.matches ? 'matches' : 'does not match'))
      : h('span', { class: 'muted' }, 'none'),
  ];
}

export function compareStrip(comparison: Comparison, outcome: OutcomeName, threshold: number | undefined, stop: () => void): HTMLElement {
  const rows = ['mean ± sd', threshold !== undefined ? `above ${formatThreshold(outcome, threshold)}` : outcome === 'epochsToThreshold' ? 'reached' : 'fraction above', 'observed shape', 'prediction'];
  const current = factsColumn(comparison.current, outcome, threshold);
  const earlier = factsColumn(comparison.earlier, outcome, threshold);
  const which = comparison.earlier.startedAt <= comparison.current.startedAt ? 'earlier' : 'later';
  const stopButton = h('vscode-button', { testid: 'sweep-compare-stop', attrs: { secondary: true } }, 'Stop comparing');
  stopButton.addEventListener('click', stop);
  return h(
    'section',
    { class: 'card compare-card', testid: 'sweep-compare', data: { overlay: comparison.overlay, sweepId: comparison.earlier.id } },
    h('div', { class: 'card-head' }, h('h2', { class: 'card-title' }, `Comparing with an ${which} sweep`), stopButton),
    h(
      'table',
      { class: 'data-table compare-table' },
      h('thead', {}, h('tr', {}, h('td', {}), h('th', { attrs: { scope: 'col' } }, `this sweep (${formatClock(comparison.current.startedAt)})`), h('th', { attrs: { scope: 'col' } }, `${which} sweep (${formatClock(comparison.earlier.startedAt)})`))),
      h(
        'tbody',
        {},
        rows.map((label, i) => h('tr', {}, h('th', { attrs: { scope: 'row' } }, label), h('td', {}, current[i]), h('td', {}, earlier[i]))),
      ),
    ),
    comparison.overlay
      ? h('p', { class: 'card-foot' }, `The outcome chart draws the ${which} sweep’s mean as a dashed grey line, its spread as a grey band.`)
      : h('p', { class: 'card-foot', testid: 'sweep-compare-note' }, icon('info'), ` Not drawn on the chart: ${comparison.reason}.`),
  );
}

// ---------------------------------------------------------------- recent sweeps

export interface HistoryActions {
  show(sweepId: string): void;
  compare(sweepId: string | null): void;
}

export function historyTable(sweeps: readonly SweepListing[], current: SweepSnapshot | undefined, compareId: string | undefined, actions: HistoryActions): HTMLTableElement {
  const showExercise = new Set(sweeps.map((s) => s.exercise)).size > 1;
  const anyAbove = sweeps.some((s) => s.fractionAbove !== null && s.fractionAbove !== undefined);
  const header = ['started', showExercise && 'exercise', 'status', 'runs', 'varied', 'mean', anyAbove && 'above', 'shape', 'prediction', 'checks', ''].filter((c): c is string => typeof c === 'string');
  const rows = sweeps.map((listing) => {
    const isCurrent = listing.sweepId === current?.sweep.id;
    const compared = listing.sweepId === compareId;
    // The current sweep may still be running: its summary is newer than its listing.
    const matches = isCurrent && current && listing.prediction && current.sweep.runs.length > 0 ? (shapeReadiness(current).ready ? predictionMatches(listing.prediction, current.summary.shape) : undefined) : listing.matches;
    let compareCell: Node | string = '';
    if (!isCurrent) {
      const button = h(
        'button',
        { class: `inline-button${compared ? ' active' : ''}`, testid: 'sweep-compare-button', attrs: { type: 'button', 'aria-pressed': compared ? 'true' : 'false' }, title: compared ? 'Stop comparing with this sweep' : 'Draw this sweep next to the one shown' },
        compared ? 'Comparing' : 'Compare',
      );
      button.addEventListener('click', (e) => {
        e.stopPropagation();
        actions.compare(compared ? null : listing.sweepId);
      });
      button.addEventListener('keydown', (e) => e.stopPropagation());
      compareCell = button;
    }
    const cells: (Node | string | false)[] = [
      formatClock(listing.startedAt),
      showExercise && (listing.title ?? listing.exercise),
      h('span', { class: `run-status status-text-${listing.status === 'cancelled' ? 'stopped' : listing.status}` }, SWEEP_STATUS_LABELS[listing.status]),
      formatCount(listing.runs),
      h('span', { title: basename(listing.learnerFile) }, listing.axes.map((a) => a.replace(/ x(\d+)$/, ' × $1')).join(', ') + (listing.quick ? ' (reduced)' : '')),
      formatValue(listing.outcome, listing.mean),
      anyAbove && formatPercent(listing.fractionAbove),
      listing.shape ? shapeTag(listing.shape) : '—',
      listing.prediction
        ? h('span', { class: 'run-checks' }, shapeTag(listing.prediction), matches === undefined ? '' : icon(matches ? 'pass' : 'fail', matches ? 'matches' : 'does not match'))
        : h('span', { class: 'muted' }, '—'),
      listing.passed === undefined ? '—' : h('span', { class: `run-checks ${listing.passed ? 'pass' : 'fail'}` }, icon(listing.passed ? 'pass' : 'fail'), listing.checksTotal ? `${listing.checksPassed ?? 0}/${listing.checksTotal}` : listing.passed ? 'passed' : 'failed'),
      compareCell,
    ];
    return openableRow(isCurrent, { testid: 'sweep-history-row', what: 'sweep', data: { sweepId: listing.sweepId, status: listing.status } }, () => actions.show(listing.sweepId), cells.filter((c): c is Node | string => c !== false));
  });
  return h('table', { class: 'history', testid: 'sweep-history' }, h('thead', {}, h('tr', {}, header.map((c) => h('th', { attrs: { scope: 'col' } }, c)))), h('tbody', {}, rows));
}

export const SWEEP_STATUS_LABELS: Record<SweepSnapshot['status'], string> = {
  running: 'Running',
  completed: 'Completed',
  cancelled: 'Stopped',
  failed: 'Failed',
};
