// The verdict of a function run, decided in the host from the values both trainer children sent:
// the learner's and the reference's. Every message names the call (its input) and what came back.
import { DlxError } from '../errors';
import type { CheckResult, SandboxState } from '../results';
import { checkArgs, checkPoints, curveAxes, type FunctionPlan } from './plan';
import { describeTrainsModel, tfjsOptimizerName, trainsVerdict, type TrainsCheck } from './trains';
import type { CallOutcome, CallReport, FunctionCheckSpec, FunctionCurve, FunctionPath, FunctionRunResult, FunctionSpec, FunctionSweepResult, FunctionTraining } from './types';
import { callText, dataText, decodeValue, firstDifference, numberText, pathPoints, typeProblem } from './values';

/** Why the file cannot be checked at all (an export missing, or of the wrong sort), or undefined. */
export function exportsProblem(spec: FunctionSpec, found: Record<string, string>, fileName: string): string | undefined {
  const names = Object.keys(found);
  const listed = names.length ? `It exports ${names.map((n) => `\`${n}\``).join(', ')}.` : 'It exports nothing.';
  const missing = spec.exports.filter((e) => !(e.name in found));
  if (missing.length) {
    return `${fileName} does not export ${missing.map((e) => `\`${e.name}\``).join(', ')}: the exercise expects ${missing.map((e) => `\`${e.signature}\``).join(', ')}. ${listed}`;
  }
  const notFunctions = spec.exports.filter((e) => e.callable && found[e.name] !== 'function');
  if (notFunctions.length) {
    return `${fileName}: ${notFunctions.map((e) => `\`${e.name}\` is ${found[e.name]}, not a function (expected \`${e.signature}\`)`).join('; ')}.`;
  }
  return undefined;
}

type Read = { ok: true; value: unknown } | { ok: false; message: string };

function formatLocation(outcome: Extract<CallOutcome, { error: unknown }>): string {
  const where = outcome.error.location;
  return where ? ` (line ${where.line})` : '';
}

/** A learner call's value, or the message that says which input gave what instead. */
function readLearner(report: CallReport, id: string, what: string, returns: Parameters<typeof typeProblem>[1], dimensions: number): Read {
  const outcome = report.results[id];
  if (!outcome) return { ok: false, message: `${what} was not called (the trainer sent no value for it).` };
  if ('error' in outcome) return { ok: false, message: `${outcome.error.message}${formatLocation(outcome)}.` };
  const problem = typeProblem(outcome.value, returns, dimensions);
  return problem ? { ok: false, message: `${what} ${problem}.` } : { ok: true, value: decodeValue(outcome.value) };
}

/** The reference is pack code: a failure there is the pack's bug, not the learner's. */
function readReference(report: CallReport, id: string, what: string): unknown {
  const outcome = report.results[id];
  if (!outcome) throw new DlxError('pack', `The exercise's reference was not called for ${what}.`);
  if ('error' in outcome) throw new DlxError('pack', `The exercise's reference failed on ${what}: ${outcome.error.message}`);
  return decodeValue(outcome.value);
}

const pointText = (point: number[]) => (point.length === 1 ? `x = ${numberText(point[0])}` : `(${point.map(numberText).join(', ')})`);
const distance = (a: number[], b: number[]) => Math.sqrt(a.reduce((sum, x, i) => sum + (x - b[i]) ** 2, 0));

function pathValues(reference: CallReport, id: string, points: number[][], objective: string): number[] {
  return points.map((point, k) => Number(readReference(reference, `${id}@${k}`, callText(objective, point))));
}

function trajectoryVerdict(check: Extract<FunctionCheckSpec, { kind: 'trajectory' }>, what: string, points: number[][], values: () => number[], objective = 'the objective'): { passed: boolean; message: string } {
  const tol = check.tolerance;
  const steps = points.length - 1;
  if (check.property === 'staysPut') {
    const moved = points.findIndex((p) => distance(p, points[0]) > tol);
    return moved < 0
      ? { passed: true, message: `${what} stayed at its start ${pointText(points[0])} for all ${steps} steps.` }
      : { passed: false, message: `${what} moved from ${pointText(points[0])} to ${pointText(points[moved])} at step ${moved}.` };
  }
  if (check.property === 'stepShrinks') {
    const lengths = points.slice(1).map((p, k) => distance(p, points[k]));
    const grew = lengths.findIndex((length, k) => k > 0 && length > lengths[k - 1] * (1 + tol) + tol);
    return grew < 0
      ? { passed: true, message: `Every step of ${what} was no longer than the one before (${steps} steps, the last ${numberText(lengths[lengths.length - 1] ?? 0)} long).` }
      : { passed: false, message: `Step ${grew + 1} of ${what} (${numberText(lengths[grew])} long) is longer than step ${grew} (${numberText(lengths[grew - 1])}).` };
  }
  const ys = values();
  const rising = check.property === 'ascends';
  const broke = ys.findIndex((y, k) => k > 0 && (rising ? y < ys[k - 1] - tol * Math.max(1, Math.abs(ys[k - 1])) : y > ys[k - 1] + tol * Math.max(1, Math.abs(ys[k - 1]))));
  const direction = rising ? 'fell' : 'rose';
  return broke < 0
    ? { passed: true, message: `${objective} ${rising ? 'never fell' : 'never rose'} along ${what}: from ${numberText(ys[0])} to ${numberText(ys[ys.length - 1])} in ${steps} steps.` }
    : { passed: false, message: `${objective} ${direction} at step ${broke} of ${what}: from ${numberText(ys[broke - 1])} at ${pointText(points[broke - 1])} to ${numberText(ys[broke])} at ${pointText(points[broke])}.` };
}

export function defaultFunctionCheckName(check: FunctionCheckSpec): string {
  switch (check.kind) {
    case 'compare': return `${check.export} matches the reference`;
    case 'value': return `${check.export} is ${dataText(check.equals, 30)}`;
    case 'descent': return `${check.export} ends near ${dataText(check.endsNear, 30)}`;
    case 'trajectory': return `${check.export}: ${{ descends: 'the value never rises', ascends: 'the value never falls', stepShrinks: 'the steps shrink', staysPut: 'stays at its start' }[check.property]}`;
    case 'trains': return `${check.export} trains a network as ${tfjsOptimizerName(check.optimizer)} does`;
  }
}

/** A `trains` check's result, from its two curves (trainingOf). */
function trainsResult(check: TrainsCheck, training: FunctionTraining): CheckResult {
  const name = check.name ?? defaultFunctionCheckName(check);
  if (training.error) return { name, passed: false, message: training.error };
  return { name, ...trainsVerdict(check, training.learner!, training.reference!) };
}

function evaluateCheck(check: Exclude<FunctionCheckSpec, TrainsCheck>, i: number, spec: FunctionSpec, plan: FunctionPlan, learner: CallReport, reference: CallReport): CheckResult {
  const name = check.name ?? defaultFunctionCheckName(check);
  const exportSpec = spec.exports.find((e) => e.name === check.export)!;
  const dimensions = spec.domain.length;
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  if (check.kind === 'compare') {
    const points = checkPoints(check, spec.domain);
    const wrong: string[] = [];
    points.forEach((args, j) => {
      const what = callText(check.export, args);
      const got = readLearner(learner, `check${i}.${j}`, what, exportSpec.returns, dimensions);
      if (!got.ok) return void wrong.push(got.message);
      const expected = readReference(reference, `check${i}.${j}`, callText(check.reference ?? check.export, args));
      const difference = firstDifference(got.value, expected, check.tolerance);
      if (difference) wrong.push(`${what} returned ${difference} (the reference's value; tolerance ${check.tolerance}).`);
    });
    return wrong.length === 0
      ? result(true, `${check.export} agrees with the reference on ${points.length === 1 ? 'its input' : `all ${points.length} inputs`} (tolerance ${check.tolerance}).`)
      : result(false, wrong.length > 1 ? `${wrong.length} of ${points.length} inputs are wrong; the first: ${wrong[0]}` : wrong[0]);
  }
  const args = checkArgs(check, plan.parameters);
  const what = callText(check.export, args);
  const returns = check.kind === 'value' ? exportSpec.returns : 'path';
  const got = readLearner(learner, `check${i}`, what, returns, dimensions);
  if (!got.ok) return result(false, got.message);
  if (check.kind === 'value') {
    const difference = firstDifference(got.value, check.equals, check.tolerance);
    return difference ? result(false, `${what} is ${difference}.`) : result(true, `${what} is ${dataText(got.value, 40)}.`);
  }
  const points = pathPoints(got.value);
  if (check.kind === 'trajectory' && points.length < 2) return result(false, `${what} returned a path of 1 point: it took no step, so there is no trajectory to judge.`);
  if (check.kind === 'trajectory') return { name, ...trajectoryVerdict(check, what, points, () => pathValues(reference, `check${i}`, points, spec.objective!), spec.objective) };
  const target = Array.isArray(check.endsNear) ? check.endsNear : [check.endsNear];
  const final = points[points.length - 1];
  const steps = points.length - 1;
  const away = distance(final, target);
  const tooLong = check.maxSteps !== undefined && steps > check.maxSteps;
  const where = `${what} ended at ${pointText(final)} after ${steps} step${steps === 1 ? '' : 's'}`;
  if (away > check.within) return result(false, `${where}, ${numberText(away)} from ${pointText(target)} (it must end within ${check.within}).`);
  if (tooLong) return result(false, `${where}: near ${pointText(target)}, but in more than ${check.maxSteps} steps.`);
  return result(true, `${where}, within ${check.within} of ${pointText(target)}.`);
}

/** Both loss curves of a `trains` check, or why the learner's is missing (the reference failing is the pack's bug). */
function trainingOf(check: TrainsCheck, i: number, learner: CallReport, reference: CallReport): FunctionTraining {
  const what = `training with ${check.export}`;
  const referenceCurve = readReference(reference, `check${i}`, `${tfjsOptimizerName(check.optimizer)} training ${describeTrainsModel(check.model)}`) as number[];
  const got = readLearner(learner, `check${i}`, what, 'numbers', 1);
  const training = { check: check.name ?? defaultFunctionCheckName(check), export: check.export, optimizer: tfjsOptimizerName(check.optimizer), model: describeTrainsModel(check.model), reference: referenceCurve };
  if (got.ok) return { ...training, learner: got.value as number[] };
  // A training that stopped part-way sent its losses up to then: drawn, never judged.
  const outcome = learner.results[`check${i}`];
  const partial = outcome && 'error' in outcome && outcome.partial !== undefined && !typeProblem(outcome.partial, 'numbers', 1) ? decodeValue(outcome.partial) as number[] : null;
  return { ...training, learner: partial, error: got.message };
}

function curveOf(spec: FunctionSpec, reference: CallReport): FunctionCurve | undefined {
  if (!spec.objective) return undefined;
  const [xs, ys] = curveAxes(spec.domain);
  const value = (id: string) => {
    const outcome = reference.results[id];
    const decoded = outcome && 'value' in outcome ? decodeValue(outcome.value) : null;
    return typeof decoded === 'number' && Number.isFinite(decoded) ? decoded : null;
  };
  if (spec.domain.length === 1) {
    return { dimensions: 1, xs, f: xs.map((_, i) => value(`curve.f.${i}`)), ...(spec.derivative ? { df: xs.map((_, i) => value(`curve.df.${i}`)) } : {}) };
  }
  return { dimensions: 2, xs, ys, f: ys.map((_, j) => xs.map((_, i) => value(`curve.${j}.${i}`))) };
}

function sweepOf(spec: FunctionSpec, plan: FunctionPlan, learner: CallReport, reference: CallReport): FunctionSweepResult | undefined {
  if (!plan.sweep) return undefined;
  const dimensions = spec.domain.length;
  return {
    axes: plan.sweep.axes,
    points: plan.sweep.points.map((values, k) => {
      const call = plan.learnerCalls.find((c) => c.id === `sweep${k}`)!;
      const got = readLearner(learner, call.id, callText(call.export, call.args), 'path', dimensions);
      if (!got.ok) return { values, final: null, value: null, error: got.message };
      const points = pathPoints(got.value);
      return { values, final: points[points.length - 1], value: Number(readReference(reference, `sweep${k}@final`, 'the sweep')) };
    }),
  };
}

function descentOf(spec: FunctionSpec, plan: FunctionPlan, learner: CallReport, reference: CallReport): { descent?: FunctionPath; descentError?: string } {
  const call = plan.learnerCalls.find((c) => c.id === 'descent');
  if (!call) return {};
  const got = readLearner(learner, 'descent', callText(call.export, call.args), 'path', spec.domain.length);
  if (!got.ok) return { descentError: got.message };
  const points = pathPoints(got.value);
  return { descent: { export: call.export, args: call.args!, points, values: pathValues(reference, 'descent', points, spec.objective!) } };
}

export const FUNCTION_RUN_VERIFIED = {
  state: 'verified',
  reason: "the learner's functions ran in a trainer child and sent plain values; the reference's values came from a child of their own; the host compared them",
} as const;

export function evaluateFunctionRun(run: {
  exercise: string; spec: FunctionSpec; checks: readonly FunctionCheckSpec[]; plan: FunctionPlan;
  learner: CallReport; reference: CallReport; sandbox: SandboxState; wallMs: number;
}): FunctionRunResult {
  const { spec, plan, learner, reference } = run;
  // A `trains` check's curves are both its verdict's input and what the view draws: read once.
  const trainings: FunctionTraining[] = [];
  const checks = run.checks.map((check, i) => {
    if (check.kind !== 'trains') return evaluateCheck(check, i, spec, plan, learner, reference);
    const training = trainingOf(check, i, learner, reference);
    trainings.push(training);
    return trainsResult(check, training);
  });
  const sweep = sweepOf(spec, plan, learner, reference);
  const curve = curveOf(spec, reference);
  return {
    exercise: run.exercise,
    kind: 'function',
    sandbox: run.sandbox,
    ...(plan.parameters ? { parameters: plan.parameters } : {}),
    ...descentOf(spec, plan, learner, reference),
    ...(curve ? { curve } : {}),
    ...(sweep ? { sweep } : {}),
    ...(trainings.length ? { trainings } : {}),
    checks,
    passed: checks.every((check) => check.passed),
    verification: FUNCTION_RUN_VERIFIED,
    wallMs: run.wallMs,
  };
}
