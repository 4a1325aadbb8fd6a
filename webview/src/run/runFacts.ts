// Pure text and layout for the run view's numbers, tables and axes: no DOM. Unit-tested from
// test/webview/runFacts.test.ts (root tsconfig, without DOM types).
import type { RunSummary } from '../../../src/shared/panelProtocol';
import { scalingOf, verificationNote, type DataRecipe, type EpochMetrics, type NormalizeMethod, type RunResult, type RunStarted, type SplitMetrics } from '../../../src/shared/engineView';
import { STATUS_LABELS, formatClock, formatCount, formatLoss, formatMs, formatPercent, formatR } from '../common/format';
import { metricKindOf, type MetricKind } from './runChartData';

/** The line above the checks when their verdict is not a verified one: what it rests on, and why. */
export function checksNotice(result: RunResult | undefined): string | undefined {
  return result && result.verification?.state !== 'verified' ? `Checks ${verificationNote(result.verification)}` : undefined;
}

export function formatMetric(split: SplitMetrics | undefined, kind: MetricKind): string {
  if (!split) return '—';
  return kind === 'accuracy' ? formatPercent(split.accuracy) : formatR(split.r);
}

export function metricLabel(kind: MetricKind): string {
  return kind === 'accuracy' ? 'accuracy' : 'r';
}

/** A schedule's learning rate at the latest epoch, e.g. "0.0025 at epoch 9"; null without a schedule. */
export function learningRateNow(latest: EpochMetrics | undefined): string | null {
  if (latest?.learningRate === undefined) return null;
  return `${Number(latest.learningRate.toPrecision(4))} at epoch ${formatCount(latest.epoch)}`;
}

/**
 * The details rows of what regularized and saved the run: the penalties that ran and the latest
 * epoch's penalty (the reported loss is the data loss alone), the checkpoints kept, the checkpoint
 * the run started from. Empty when there is none of it.
 */
export function trainingExtrasRows(settings: RunStarted['settings'] | undefined, latest: EpochMetrics | undefined, result: RunResult | undefined): [string, string][] {
  const rows: [string, string][] = [];
  const terms = [settings?.weightDecay ? `weightDecay ${settings.weightDecay}` : '', settings?.l1 ? `l1 ${settings.l1}` : ''].filter(Boolean);
  const penalty = latest?.train.penalty;
  if (terms.length || penalty !== undefined) {
    const last = latest && penalty !== undefined
      ? `penalty ${formatLoss(penalty)} at epoch ${formatCount(latest.epoch)}: train loss ${formatLoss(latest.train.loss)} reported, ${formatLoss(latest.train.loss + penalty)} with the penalty`
      : '';
    rows.push(['Regularization', [terms.length ? terms.join(', ') : 'the layers\' regularizers', last].filter(Boolean).join('; ')]);
  }
  const saved = result?.checkpoints;
  if (saved) {
    const best = saved.best && `best epoch ${formatCount(saved.best.epoch)} (${saved.best.monitor} ${formatLoss(saved.best.value)})`;
    rows.push(['Checkpoints', [best, saved.last && `last epoch ${formatCount(saved.last.epoch)}`].filter(Boolean).join(', ') || 'none saved']);
  }
  const from = result?.startedFrom;
  if (from) rows.push(['Started from', `the checkpoint of epoch ${formatCount(from.epoch)}, ${from.resume ? 'resumed: epochs counted on' : 'its weights: epochs counted from 1'}`]);
  return rows;
}

// ---------------------------------------------------------------- predicted vs true

/** How the data recipe scales the target `column` (as the CSV loader does: every numeric column unless told otherwise). */
export function targetScaling(recipe: DataRecipe | undefined, column: string): NormalizeMethod {
  if (recipe?.kind !== 'csv' || recipe.binarize || recipe.classColumn) return 'none';
  const scaling = scalingOf(recipe);
  return scaling.except.includes(column) ? 'none' : scaling.method;
}

const SCALING_UNITS: Record<NormalizeMethod, string> = { zscore: ' (z-score)', minmax: ' (min-max, 0 to 1)', none: '' };

/** "true residual sugar (z-score)": the scatter's axes in the unit the model predicts. */
export function scatterAxisTitles(run: RunStarted | undefined): { truth: string; prediction: string } {
  const target = run?.dataset.target ?? 'value';
  const unit = SCALING_UNITS[targetScaling(run?.settings.data, target)];
  return { truth: `true ${target}${unit}`, prediction: `predicted ${target}${unit}` };
}

// ---------------------------------------------------------------- correlation heatmap

export interface HeatmapLayout {
  /** Width of the row labels (cut with an ellipsis, the full name in their tooltip). */
  labelWidth: number;
  cellWidth: number;
  /** Values written in the cells; when they do not fit, the colour alone (the tooltip has the number). */
  showValues: boolean;
}

const HEAT_CELL_MAX = 44;
/** "-0.26" in the heatmap's 11 px font. */
const HEAT_VALUE_WIDTH = 30;

/** How the correlation heatmap of `columns` columns fills `width` pixels, without scrolling sideways. */
export function heatmapLayout(width: number, columns: number): HeatmapLayout {
  const labelWidth = Math.round(Math.min(140, Math.max(48, width * 0.26)));
  const cellWidth = Math.max(6, Math.min(HEAT_CELL_MAX, Math.floor((width - labelWidth) / Math.max(1, columns))));
  return { labelWidth, cellWidth, showValues: cellWidth >= HEAT_VALUE_WIDTH };
}

// ---------------------------------------------------------------- recent runs

export type RunHistoryColumn = 'started' | 'exercise' | 'status' | 'checks' | 'train loss' | 'test loss' | 'train acc / r' | 'test acc / r' | 'epochs' | 'settings' | 'backend' | 'wall';

/** The table's columns: the exercise only when the runs are of several, test columns only when one has a test split. */
export function runHistoryColumns(runs: readonly RunSummary[]): RunHistoryColumn[] {
  const showExercise = new Set(runs.map((r) => r.exercise).filter(Boolean)).size > 1;
  const anyTest = runs.some((r) => r.metrics?.test);
  const columns: (RunHistoryColumn | false)[] = ['started', showExercise && 'exercise', 'status', 'checks', 'train loss', anyTest && 'test loss', 'train acc / r', anyTest && 'test acc / r', 'epochs', 'settings', 'backend', 'wall'];
  return columns.filter((c): c is RunHistoryColumn => c !== false);
}

/** Every cell of a row as text, in full: the table cuts long ones and shows them whole as tooltips. */
export function runHistoryCells(r: RunSummary): Record<RunHistoryColumn, string> {
  const kind = metricKindOf(r.task, r.metrics?.train);
  const metric = (split: SplitMetrics | undefined) => (kind === 'accuracy' ? formatMetric(split, kind) : split?.r !== undefined ? `r ${formatR(split.r)}` : '—');
  return {
    started: formatClock(r.startedAt),
    exercise: r.exercise ?? '—',
    status: STATUS_LABELS[r.status],
    checks: r.checksTotal > 0 ? `${r.checksPassed}/${r.checksTotal}` : r.errorKind ?? '—',
    'train loss': formatLoss(r.metrics?.train.loss),
    'test loss': formatLoss(r.metrics?.test?.loss),
    'train acc / r': metric(r.metrics?.train),
    'test acc / r': metric(r.metrics?.test),
    epochs: r.epochs === 0 ? '—' : r.totalEpochs && r.totalEpochs !== r.epochs ? `${formatCount(r.epochs)} / ${formatCount(r.totalEpochs)}` : formatCount(r.epochs),
    settings: r.settings ? `${r.settings.optimizer} ${r.settings.learningRate}, ${r.settings.batchSize === 'full' ? 'full' : `b${r.settings.batchSize}`}` : '—',
    backend: r.backend ?? '—',
    wall: formatMs(r.wallMs),
  };
}
