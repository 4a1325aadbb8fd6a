// `dlx run` of a function exercise: the learner's functions called in a trainer child, the verdict
// decided here (src/host/functionRun.ts), the descent, the sweep and the checks printed.
import type { Exercise } from '../engine/pack';
import { DlxError } from '../engine/errors';
import { numberText, type FunctionRunResult, type FunctionTraining } from '../engine/functions';
import { verificationNote } from '../engine/verdict';
import { startFunctionRun, type FunctionOutcome } from '../host/functionRun';
import { formatError, table, toJson } from './format';

/** `--set start=0.5`, `--set start=1,-0.5` (a 2-D start), `--set learningRate=0.1`, `--set steps=50`. */
export function functionAssignments(items: string[] | undefined): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const item of items ?? []) {
    const match = /^([A-Za-z_$][\w$]*)=(.+)$/.exec(item);
    if (!match) throw new DlxError('settings', `--set takes name=value (e.g. --set start=0.5 or --set learningRate=0.1), got "${item}".`);
    const numbers = match[2].split(',').map((part) => Number(part.trim()));
    if (numbers.some((n) => !Number.isFinite(n))) throw new DlxError('settings', `--set ${match[1]} takes a number (or x,y for a 2-D start), got "${match[2]}".`);
    overrides[match[1]] = numbers.length === 1 ? numbers[0] : numbers;
  }
  return overrides;
}

export async function runFunctionExercise(exercise: Exercise, file: string, options: { overrides?: Record<string, unknown>; progress: boolean }): Promise<FunctionOutcome> {
  const handle = startFunctionRun(exercise, file, { overrides: options.overrides, onLog: (text) => options.progress && process.stderr.write(`${text}\n`) });
  const stop = () => handle.cancel();
  process.once('SIGINT', stop);
  const outcome = await handle.outcome;
  process.removeListener('SIGINT', stop);
  return outcome;
}

const pointText = (point: number[]) => (point.length === 1 ? numberText(point[0]) : `(${point.map(numberText).join(', ')})`);

/** Rows for the first and last four of `steps + 1` steps (all of them up to 8), `...` between. */
function thinnedRows(header: string[], steps: number, row: (k: number) => string[]): string[] {
  const shown = steps <= 8 ? Array.from({ length: steps + 1 }, (_, k) => k) : [0, 1, 2, 3, steps - 3, steps - 2, steps - 1, steps];
  const rows: string[][] = [header];
  shown.forEach((k, i) => {
    if (i > 0 && k !== shown[i - 1] + 1) rows.push(header.map((_, j) => (j === 0 ? '...' : '')));
    rows.push(row(k));
  });
  return table(rows, header.map(() => 'r' as const)).map((line) => `  ${line}`);
}

/** The first and last steps of a path, with the objective at each. */
function pathRows(result: FunctionRunResult): string[] {
  const descent = result.descent!;
  return thinnedRows(['step', descent.points[0].length === 1 ? 'x' : '(x, y)', 'value'], descent.points.length - 1,
    (k) => [String(k), pointText(descent.points[k]), descent.values[k] === null ? '-' : numberText(descent.values[k]!)]);
}

/** A `trains` check's two loss curves side by side, and both final losses. */
function trainingLines(training: FunctionTraining): string[] {
  const epochs = (training.reference ?? training.learner ?? []).length - 1;
  const loss = (curve: number[] | null, k: number) => (curve && k < curve.length ? numberText(curve[k]) : '-');
  const final = (curve: number[] | null) => (curve ? numberText(curve[curve.length - 1]) : '-');
  return [
    `training ${training.model}:`,
    ...(epochs < 0 ? [] : thinnedRows(['epoch', 'your optimizer', training.optimizer], epochs, (k) => [String(k), loss(training.learner, k), loss(training.reference, k)])),
    training.error
      ? `  final loss: ${training.optimizer} ${final(training.reference)}; your training stopped${training.learner ? ` in epoch ${training.learner.length}` : ''} (the check below says why)`
      : `  final loss: your optimizer ${final(training.learner)}, ${training.optimizer} ${final(training.reference)}`,
  ];
}

function sweepRows(result: FunctionRunResult): string[] {
  const sweep = result.sweep!;
  const cell = (k: number) => {
    const point = sweep.points[k];
    return point.final === null ? 'failed' : `${pointText(point.final)} (${numberText(point.value!)})`;
  };
  if (sweep.axes.length === 1) {
    const rows = [[sweep.axes[0].name, 'final point (value)'], ...sweep.points.map((point, k) => [numberText(point.values[sweep.axes[0].name]), cell(k)])];
    return table(rows, ['r', 'l']).map((line) => `  ${line}`);
  }
  const [rowsAxis, columnsAxis] = sweep.axes;
  const value = (k: number) => (sweep.points[k].value === null ? '-' : numberText(sweep.points[k].value!));
  const rows = [[`${rowsAxis.name} \\ ${columnsAxis.name}`, ...columnsAxis.values.map(numberText)],
    ...rowsAxis.values.map((row, r) => [numberText(row), ...columnsAxis.values.map((_, c) => value(r * columnsAxis.values.length + c))])];
  return ['  final value of the objective:', ...table(rows, ['r', ...columnsAxis.values.map(() => 'r' as const)]).map((line) => `  ${line}`)];
}

export function formatFunctionResult(result: FunctionRunResult): string {
  const lines = [`${result.exercise}: function exercise; sandbox ${result.sandbox.on ? 'on' : `off (${result.sandbox.reason})`}`];
  if (result.descent) {
    const { descent } = result;
    const steps = descent.points.length - 1;
    const last = descent.points[steps];
    lines.push(`${descent.export}(${descent.args.map((a) => (Array.isArray(a) ? `[${a.map(Number).map(numberText).join(', ')}]` : numberText(Number(a)))).join(', ')}): ${steps} steps from ${pointText(descent.points[0])} to ${pointText(last)}, value ${descent.values[steps] === null ? '-' : numberText(descent.values[steps]!)}`);
    lines.push(...pathRows(result));
  } else if (result.descentError) {
    lines.push(`descent: ${result.descentError}`);
  }
  if (result.sweep) lines.push(`sweep over ${result.sweep.axes.map((a) => a.name).join(' x ')}:`, ...sweepRows(result));
  for (const training of result.trainings ?? []) lines.push(...trainingLines(training));
  lines.push('Checks:');
  for (const check of result.checks) lines.push(`  ${check.passed ? 'PASS' : 'FAIL'} ${check.name}: ${check.message}`);
  const failing = result.checks.filter((check) => !check.passed).length;
  lines.push(failing === 0 ? `All ${result.checks.length} checks passed.` : `${failing} of ${result.checks.length} checks failed.`);
  lines.push(`Results: ${verificationNote(result.verification)}.`);
  return lines.join('\n');
}

export function functionJson(result: FunctionRunResult): string {
  return toJson(result);
}

/** A function exercise's whole run (its descent, its sweep, its checks) printed, for `dlx run` and `dlx sweep`; the exit's name. */
export async function runFunctionCli(exercise: Exercise, file: string, set: string[] | undefined, json: boolean): Promise<'passed' | 'failed' | 'error'> {
  const outcome = await runFunctionExercise(exercise, file, { overrides: functionAssignments(set), progress: true });
  if (outcome.type === 'failed') {
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, error: outcome.error, passed: false })}\n`);
    else process.stderr.write(`${formatError(outcome.error)}\n`);
    return 'error';
  }
  process.stdout.write(`${json ? functionJson(outcome.result) : formatFunctionResult(outcome.result)}\n`);
  return outcome.result.passed ? 'passed' : 'failed';
}

/** The flags of a model exercise's sweep (a pool of trainers, shards, predictions), which a function exercise's sweep has no use for. */
export const MODEL_SWEEP_FLAGS = ['shard', 'out', 'workers', 'backend', 'predict', 'note', 'seed', 'quick', 'no-save'] as const;
