// Checks on a run's checkpoints (the course's savers and loaders), decided by the host, never by the
// trainer where learner code runs: `checkpoints` (saved every N epochs, the best kept by a monitored
// metric), `reloadBest` (the best checkpoint, reloaded in a new trainer and evaluated with 0 epochs,
// gives the test metrics recorded at its epoch) and `resume` (a run interrupted at a checkpoint and
// resumed from it ends with the uninterrupted run's weights). The host (src/host/runCheckpoints.ts)
// makes the extra runs; the verdicts on what they gave are here.
import type { CheckResult, EpochMetrics, RunMetrics, Verification } from '../results';
import { MONITOR_NAMES, type ExperimentSettings, type MonitorName } from '../settings';
import type { Validator } from '../validate';

export type CheckpointCheck = { name?: string } & (
  | { kind: 'checkpoints'; every: number; best: MonitorName }
  | { kind: 'reloadBest'; tolerance: number }
  | { kind: 'resume'; interruptAt?: number; tolerance: number }
);

export const CHECKPOINT_CHECK_KINDS = ['checkpoints', 'reloadBest', 'resume'] as const;

/** What the checks compare with: 1e-6, float32 noise of the same passes on the same weights. */
export const CHECKPOINT_TOLERANCE = 1e-6;

export const isCheckpointCheck = (check: { kind: string }): check is CheckpointCheck => (CHECKPOINT_CHECK_KINDS as readonly string[]).includes(check.kind);

const MONITOR_TEXT: Record<MonitorName, string> = {
  devLoss: 'dev loss', devAccuracy: 'dev accuracy', trainLoss: 'train loss', trainAccuracy: 'train accuracy', testLoss: 'test loss', testAccuracy: 'test accuracy',
};

export function checkpointCheckName(check: CheckpointCheck): string {
  switch (check.kind) {
    case 'checkpoints':
      return `a checkpoint every ${check.every} epochs, the best by ${MONITOR_TEXT[check.best]} kept`;
    case 'reloadBest':
      return 'the best checkpoint, reloaded, gives its recorded test metrics';
    case 'resume':
      return `a run interrupted${check.interruptAt ? ` at epoch ${check.interruptAt}` : ''} and resumed ends as the uninterrupted one`;
  }
}

export function parseCheckpointCheck(object: Record<string, unknown>, path: string, v: Validator, base: { name?: string }): CheckpointCheck {
  const tolerance = () => (object.tolerance === undefined ? CHECKPOINT_TOLERANCE : v.number(object.tolerance, `${path}.tolerance`, { min: 0 }));
  switch (v.oneOf(object.kind, `${path}.kind`, CHECKPOINT_CHECK_KINDS)) {
    case 'checkpoints':
      v.onlyKeys(object, path, ['kind', 'name', 'every', 'best']);
      return { ...base, kind: 'checkpoints', every: v.number(object.every, `${path}.every`, { min: 1, integer: true }), best: v.oneOf(object.best, `${path}.best`, MONITOR_NAMES) };
    case 'reloadBest':
      v.onlyKeys(object, path, ['kind', 'name', 'tolerance']);
      return { ...base, kind: 'reloadBest', tolerance: tolerance() };
    case 'resume':
      v.onlyKeys(object, path, ['kind', 'name', 'interruptAt', 'tolerance']);
      return { ...base, kind: 'resume', ...(object.interruptAt === undefined ? {} : { interruptAt: v.number(object.interruptAt, `${path}.interruptAt`, { min: 1, integer: true }) }), tolerance: tolerance() };
  }
}

/**
 * An exercise's checkpoint checks against each other and its defaults, at load time: reloadBest and resume
 * rest on a `checkpoints` check (its epochs, its monitor); resume is interrupted at one of its epochs; a sweep
 * keeps no checkpoints; a monitor on the dev set needs a dev set the learner may add.
 */
export function checkCheckpointChecks(checks: readonly { kind: string }[], exercise: { defaults: Partial<ExperimentSettings>; locked: readonly string[]; sweep: boolean }, v: Validator): void {
  const at = (kind: string) => checks.findIndex((check) => check.kind === kind);
  const saved = checks.find((check): check is Extract<CheckpointCheck, { kind: 'checkpoints' }> => check.kind === 'checkpoints');
  const uses = [at('reloadBest'), at('resume')].filter((i) => i >= 0);
  if (!saved && uses.length > 0) v.fail(`$.checks[${uses[0]}]`, `needs a "checkpoints" check in the same exercise: it names the epochs a checkpoint is saved at ("every") and the metric the best one is kept by ("best").`);
  if (!saved) return;
  const where = `$.checks[${at('checkpoints')}]`;
  if (exercise.sweep) v.fail(where, 'is a check on one run\'s checkpoints, and a sweep keeps none: checkpoint checks go in an exercise without sweepChecks.');
  if (saved.best.startsWith('dev') && (exercise.defaults.devFraction ?? 0) === 0 && exercise.locked.includes('devFraction')) {
    v.fail(`${where}.best`, `is ${saved.best}, but defaults.devFraction is locked at ${exercise.defaults.devFraction ?? 0}: there is no dev set to keep the best checkpoint by. Unlock devFraction or give it a value above 0.`);
  }
  const resume = checks[at('resume')] as Extract<CheckpointCheck, { kind: 'resume' }> | undefined;
  if (resume?.interruptAt !== undefined) {
    if (resume.interruptAt % saved.every !== 0) v.fail(`$.checks[${at('resume')}].interruptAt`, `is ${resume.interruptAt}, not an epoch a checkpoint is saved at (the "checkpoints" check saves every ${saved.every}): use a multiple of ${saved.every}.`);
    const epochs = exercise.defaults.epochs;
    if (epochs !== undefined && exercise.locked.includes('epochs') && resume.interruptAt >= epochs) v.fail(`$.checks[${at('resume')}].interruptAt`, `is ${resume.interruptAt}, and the experiment's ${epochs} epochs (locked) leave nothing to resume: use an epoch before ${epochs}.`);
  }
}

/** The epoch a resume check interrupts at: its own, else the last checkpoint epoch in the first half of the run. */
export function interruptEpoch(check: Extract<CheckpointCheck, { kind: 'resume' }>, every: number, epochs: number): number {
  return check.interruptAt ?? Math.max(every, Math.floor(epochs / 2 / every) * every);
}

/** What the run saved, as the host received it: each checkpoint's kind and epoch in order, a best one's monitored value. */
export interface SavedCheckpoint {
  kind: 'best' | 'last';
  epoch: number;
  value?: number;
}

export interface CheckpointRunFacts {
  settings: ExperimentSettings;
  /** The epochs the run trained and whether it completed. */
  epochs: number;
  completed: boolean;
  saved: readonly SavedCheckpoint[];
  /** The run's per-epoch metrics, by epoch. */
  history: ReadonlyMap<number, EpochMetrics>;
}

/** A run the host made for a check: its verified metrics, or why there are none. */
export type ExtraRun = { metrics: RunMetrics; verification: Verification; epochs: number } | { error: string };

const monitored = (metrics: EpochMetrics | undefined, monitor: MonitorName): number | undefined => {
  const split = monitor.startsWith('dev') ? metrics?.dev : monitor.startsWith('test') ? metrics?.test : metrics?.train;
  return monitor.endsWith('Loss') ? split?.loss : split?.accuracy;
};

/** A tolerance as authors write it: 1e-6, not 0.000001. */
const toleranceText = (value: number) => (value !== 0 && value < 1e-3 ? value.toExponential() : String(value));

const fmt = (monitor: MonitorName, value: number | undefined) => (value === undefined ? 'none' : monitor.endsWith('Accuracy') ? `${(value * 100).toFixed(1)}%` : value.toFixed(4));

/** The `checkpoints` check: every `every` epochs a last one, and the best one the best of those epochs. */
export function evaluateSavedCheckpoints(check: Extract<CheckpointCheck, { kind: 'checkpoints' }>, facts: CheckpointRunFacts, name: string): CheckResult {
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  const asked = `checkpoint: { every: ${check.every}, best: '${check.best}' }`;
  const setting = facts.settings.checkpoint;
  if (!setting) return result(false, `The run saved no checkpoints: its experiment has no checkpoint setting. Add ${asked}.`);
  if (setting.every !== check.every || setting.best !== check.best) {
    return result(false, `The run saves checkpoints with checkpoint: { ${[setting.every !== undefined ? `every: ${setting.every}` : '', setting.best ? `best: '${setting.best}'` : ''].filter(Boolean).join(', ')} }; this exercise asks for ${asked}.`);
  }
  const due = Array.from({ length: Math.floor(facts.epochs / check.every) }, (_, i) => (i + 1) * check.every);
  const lasts = facts.saved.filter((c) => c.kind === 'last').map((c) => c.epoch);
  const missing = due.filter((epoch) => !lasts.includes(epoch));
  if (due.length === 0) return result(false, `The run trained ${facts.epochs} epochs, fewer than the ${check.every} of the first checkpoint.`);
  if (missing.length > 0) return result(false, `No checkpoint arrived for epoch ${missing.join(', ')}; saved: ${lasts.join(', ') || 'none'}.`);
  const candidates = due.map((epoch) => ({ epoch, value: monitored(facts.history.get(epoch), check.best) }));
  const unknown = candidates.find((c) => c.value === undefined || Number.isNaN(c.value));
  if (unknown) return result(false, `The run has no ${MONITOR_TEXT[check.best]} at epoch ${unknown.epoch}: ${check.best.startsWith('dev') ? 'hold out a dev set (devFraction)' : 'the split is missing'}.`);
  const better = (a: number, b: number) => (check.best.endsWith('Loss') ? a < b : a > b);
  const expected = candidates.reduce((best, c) => (better(c.value!, best.value!) ? c : best));
  const bests = facts.saved.filter((c) => c.kind === 'best');
  const kept = bests[bests.length - 1];
  const listed = `Saved at epochs ${due.join(', ')}`;
  if (!kept) return result(false, `${listed}, but no best checkpoint: the best by ${MONITOR_TEXT[check.best]} is epoch ${expected.epoch} (${fmt(check.best, expected.value)}).`);
  if (kept.epoch !== expected.epoch) {
    return result(false, `${listed}; the best checkpoint kept is epoch ${kept.epoch} (${MONITOR_TEXT[check.best]} ${fmt(check.best, monitored(facts.history.get(kept.epoch), check.best))}), but the best of the saved epochs is ${expected.epoch} (${fmt(check.best, expected.value)}).`);
  }
  return result(true, `${listed}; the best by ${MONITOR_TEXT[check.best]} is epoch ${kept.epoch} (${fmt(check.best, expected.value)}), and that is the one kept.`);
}

/** The `reloadBest` check: the reloaded best checkpoint's test (and dev) metrics against those recorded at its epoch. */
export function evaluateReloadedBest(check: Extract<CheckpointCheck, { kind: 'reloadBest' }>, best: SavedCheckpoint | undefined, facts: CheckpointRunFacts, reload: ExtraRun | undefined, name: string): CheckResult {
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  if (!best) return result(false, 'The run kept no best checkpoint to reload: give its experiment checkpoint: { every, best } (see the "checkpoints" check).');
  if (!reload) return result(false, `The best checkpoint (epoch ${best.epoch}) was not reloaded.`);
  if ('error' in reload) return result(false, `Reloading the best checkpoint (epoch ${best.epoch}) failed: ${reload.error}`);
  if (reload.verification.state === 'mismatch') return result(false, `The reloaded run's report does not match its weights: ${reload.verification.reason}.`);
  const recorded = facts.history.get(best.epoch);
  const pairs: [string, number | undefined, number | undefined][] = [
    ['test loss', recorded?.test?.loss, reload.metrics.test?.loss],
    ['test accuracy', recorded?.test?.accuracy, reload.metrics.test?.accuracy],
    ['dev loss', recorded?.dev?.loss, reload.metrics.dev?.loss],
  ];
  const compared = pairs.filter(([, a]) => a !== undefined);
  if (!compared.some(([what]) => what.startsWith('test'))) return result(false, `The run recorded no test metrics at epoch ${best.epoch}: hold out a test set (testFraction) to test the reloaded model on.`);
  const off = compared.find(([, a, b]) => b === undefined || !(Math.abs(a! - b) <= check.tolerance));
  if (off) return result(false, `The reloaded best checkpoint (epoch ${best.epoch}) gives ${off[0]} ${off[2] ?? 'none'}, and the run recorded ${off[1]} at that epoch (more than ${toleranceText(check.tolerance)} apart): it is not the model of epoch ${best.epoch}.`);
  const shown = compared.map(([what, , b]) => `${what} ${what.endsWith('accuracy') ? `${(b! * 100).toFixed(1)}%` : b!.toFixed(4)}`).join(', ');
  return result(true, `Reloaded the best checkpoint (epoch ${best.epoch}) in a new trainer and evaluated it with 0 epochs: ${shown}, as recorded at epoch ${best.epoch} (within ${toleranceText(check.tolerance)}).`);
}

/** The `resume` check: the resumed run's final weights and test metrics against the uninterrupted run's. */
export function evaluateResumed(
  check: Extract<CheckpointCheck, { kind: 'resume' }>,
  facts: CheckpointRunFacts,
  outcome: { interruptedAt: number; resumed: ExtraRun; maxWeightDifference: number | null; finalMetrics: RunMetrics } | { skipped: string },
  name: string,
): CheckResult {
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  if ('skipped' in outcome) return result(false, outcome.skipped);
  const { interruptedAt, resumed, maxWeightDifference } = outcome;
  if ('error' in resumed) return result(false, `The run interrupted at epoch ${interruptedAt} could not be resumed: ${resumed.error}`);
  if (resumed.verification.state === 'mismatch') return result(false, `The resumed run's report does not match its weights: ${resumed.verification.reason}.`);
  if (resumed.epochs !== facts.epochs) return result(false, `The resumed run ended at epoch ${resumed.epochs}, the uninterrupted one at ${facts.epochs}.`);
  if (maxWeightDifference === null) return result(false, 'The resumed run sent no last checkpoint to compare its final weights with.');
  const a = outcome.finalMetrics.test?.loss, b = resumed.metrics.test?.loss;
  const lossApart = a !== undefined && b !== undefined ? Math.abs(a - b) : 0;
  if (maxWeightDifference > check.tolerance || lossApart > check.tolerance) {
    return result(false, `Interrupted at epoch ${interruptedAt} and resumed from its checkpoint, the run ends with weights up to ${maxWeightDifference.toExponential(2)} from the uninterrupted run's${a !== undefined ? ` (test loss ${b} against ${a})` : ''}, more than ${toleranceText(check.tolerance)}: the resumed steps are not the uninterrupted run's. Does its checkpoint hold the optimizer's state?`);
  }
  return result(true, `Interrupted at epoch ${interruptedAt}, resumed from its last checkpoint to epoch ${facts.epochs}: the final weights differ from the uninterrupted run's by at most ${maxWeightDifference === 0 ? '0' : maxWeightDifference.toExponential(1)} (allowed: ${toleranceText(check.tolerance)})${a !== undefined ? `, test loss ${b!.toFixed(4)} as uninterrupted` : ''}.`);
}
