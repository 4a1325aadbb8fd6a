// Number and text formatting for the panel. Pure, DOM-free, unit-tested.
import type { ErrorKind } from '../../../src/shared/engineView';
import type { PanelStatus } from '../../../src/shared/panelProtocol';

const DASH = '—';

/**
 * A loss with 4 significant digits. Messages are JSON, so a diverged (NaN) loss arrives as null:
 * undefined -> "—" (no value), null/NaN -> "NaN", ±Infinity -> "∞"/"-∞".
 */
export function formatLoss(value: number | null | undefined): string {
  if (value === undefined) return DASH;
  if (value === null || Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** A fraction as a percentage with one decimal: 0.95 -> "95.0%". */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === undefined || fraction === null || !Number.isFinite(fraction)) return DASH;
  return `${(fraction * 100).toFixed(1)}%`;
}

/** A correlation with three decimals: 0.85179 -> "0.852". */
export function formatR(r: number | null | undefined): string {
  if (r === undefined || r === null || !Number.isFinite(r)) return DASH;
  return (Math.abs(r) < 0.0005 ? 0 : r).toFixed(3);
}

/** A duration: "0.31 ms", "5.19 ms", "64.9 ms", "650 ms", "4.40 s", "42.0 s", "2 min 05 s". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === undefined || ms === null || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 60) return `${s.toFixed(1)} s`;
  const total = Math.round(s);
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  if (minutes < 60) return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * A value that wraps as a whole in a narrow tile ("500 / 500", "2 min 05 s", "85.0 %"): its
 * spaces made non-breaking, except the one after "±", where "90.8 ± 11.0 %" may break.
 */
export function keepTogether(text: string): string {
  return text.replace(/(?<!±) /g, '\u00a0');
}

/** 10000 -> "10,000" (fixed separator, independent of the locale). */
export function formatCount(n: number | null | undefined): string {
  if (n === undefined || n === null || !Number.isFinite(n)) return DASH;
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.round(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Local wall-clock time, "14:03:27" (or "14:03" without seconds). */
export function formatClock(ms: number | undefined, seconds = true): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
}

/** The last segment of a POSIX or Windows path. */
export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export const STATUS_LABELS: Record<PanelStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  stopped: 'Stopped',
  diverged: 'Diverged',
  failed: 'Failed',
};

export const ERROR_TITLES: Record<ErrorKind, string> = {
  syntax: 'Syntax error',
  exports: 'Missing or wrong export',
  settings: 'Problem in the experiment settings',
  runtime: 'Error while running your code',
  shape: 'Shape mismatch',
  pack: 'Problem in the exercise pack',
  data: 'Problem with the data',
  environment: 'Environment problem',
  crash: 'The trainer stopped',
  timeout: 'Time limit reached',
  internal: 'Internal error',
};

/** "many-qwerties" -> "Many qwerties" for headings when no title is known. */
export function humanizeId(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : id;
}
