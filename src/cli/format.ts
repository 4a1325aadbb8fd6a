// Human-readable output of the CLI. Pure functions of results, so they are easy to test.
import { formatLocation } from '../engine/errors';
import type { RunError, RunResult, SplitMetrics } from '../trainer/protocol';

export function formatMetrics(metrics: SplitMetrics): string {
  const parts = [`loss ${metrics.loss.toFixed(4)}`];
  if (metrics.accuracy !== undefined) parts.push(`accuracy ${(metrics.accuracy * 100).toFixed(1)}%`);
  if (metrics.r !== undefined) parts.push(`r ${metrics.r.toFixed(3)}`);
  return parts.join(', ');
}

export function formatResult(result: RunResult): string {
  const lines = [
    `${result.exercise}: ${result.status} ${result.epochs} epochs in ${(result.wallMs / 1000).toFixed(2)} s on ${result.backend} (${result.backendReason})`,
    `  train: ${formatMetrics(result.metrics.train)}`,
  ];
  if (result.metrics.test) lines.push(`  test:  ${formatMetrics(result.metrics.test)}`);
  lines.push(`  timing: first epoch ${result.timings.firstEpochMs.toFixed(0)} ms, ${result.timings.msPerStep.toFixed(3)} ms/step over ${result.timings.steps} steps, peak memory ${result.peakRssMb.toFixed(0)} MB`);
  for (const note of result.diagnosis) lines.push(`  note: ${note}`);
  lines.push('Checks:');
  for (const check of result.checks) lines.push(`  ${check.passed ? 'PASS' : 'FAIL'} ${check.name}: ${check.message}`);
  const failed = result.checks.filter((check) => !check.passed).length;
  lines.push(failed === 0 ? `All ${result.checks.length} checks passed.` : `${failed} of ${result.checks.length} checks failed.`);
  return lines.join('\n');
}

export function formatError(error: RunError): string {
  const where = error.location ? `${formatLocation(error.location)}: ` : '';
  return `error (${error.kind}): ${where}${error.message}${error.hint ? `\n${error.hint}` : ''}`;
}

/** NaN and Infinity are not JSON: they become null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
}

export function progressBar(epoch: number, total: number, metrics: SplitMetrics, width = 30): string {
  const filled = Math.round((epoch / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${epoch}/${total} ${formatMetrics(metrics)}`;
}
