// Which calls a function run makes, planned in the host: first the learner's (the checks' points,
// drawn from each check's seed, the run's descent, the sweep), then the reference's (the same
// points, the objective along every path the learner returned, the function over its domain).
import { createRng } from '../rng';
import { readExportedLiteral } from '../sweep/literal';
import { expandAxis } from '../sweep/plan';
import type { Validator } from '../validate';
import { parseDescentParameters } from './parse';
import type { CallReport, DescentParameters, FunctionCall, FunctionCheckSpec, FunctionSpec } from './types';
import { trainsCall } from './trains';
import { decodeValue, pathPoints } from './values';

/** Points of the drawn function: 1-D on a 201-point grid, 2-D on 31 x 31. */
export const CURVE_POINTS = { 1: 201, 2: 31 } as const;

export interface FunctionPlan {
  parameters?: DescentParameters;
  learnerCalls: FunctionCall[];
  /** The grid of the sweep, and its values per point. */
  sweep?: { axes: { name: string; values: number[] }[]; points: Record<string, number>[] };
}

export function descentArgs(parameters: DescentParameters): unknown[] {
  return [parameters.start, parameters.learningRate, parameters.steps];
}

/**
 * The run's descent parameters: the exercise's, then the learner file's `experiment` export (read
 * as text, never run in the host), then `overrides` (`--set`, a sweep).
 */
export function resolveParameters(spec: FunctionSpec, learnerSource: string, overrides: Record<string, unknown>, v: Validator, fileName: string): DescentParameters | undefined {
  if (!spec.descent) return undefined;
  const dimensions = spec.domain.length;
  const exported = readExportedLiteral(learnerSource, 'experiment');
  const fromFile = exported ? parseDescentParameters(exported.value, `${fileName}: experiment`, v, dimensions, spec.descent.parameters) : spec.descent.parameters;
  return Object.keys(overrides).length === 0 ? fromFile : parseDescentParameters(overrides, '--set', v, dimensions, fromFile);
}

const round4 = (value: number) => Number(value.toFixed(4));

/** A check's argument lists: as written, or drawn from its seed inside its ranges (default: the domain). */
export function checkPoints(check: Extract<FunctionCheckSpec, { kind: 'compare' }>, domain: [number, number][]): unknown[][] {
  const points = check.points;
  if ('args' in points) return points.args;
  const ranges = points.ranges ?? domain;
  const uniform = createRng(points.seed);
  return Array.from({ length: points.count }, () => ranges.map(([lo, hi], i) => {
    const value = lo + (hi - lo) * uniform();
    return points.integers?.includes(i) ? Math.round(value) : round4(value);
  }));
}

export function checkArgs(check: Exclude<FunctionCheckSpec, { kind: 'compare' | 'trains' }>, parameters: DescentParameters | undefined): unknown[] | undefined {
  if (check.args !== undefined) return check.args;
  return check.kind === 'value' ? undefined : descentArgs(parameters!);
}

export function planLearnerCalls(spec: FunctionSpec, checks: readonly FunctionCheckSpec[], parameters: DescentParameters | undefined): FunctionPlan {
  const calls: FunctionCall[] = [];
  checks.forEach((check, i) => {
    if (check.kind === 'compare') checkPoints(check, spec.domain).forEach((args, j) => calls.push({ id: `check${i}.${j}`, export: check.export, args }));
    else if (check.kind === 'trains') calls.push({ id: `check${i}`, export: check.export, train: trainsCall(check, 'learner') });
    else {
      const args = checkArgs(check, parameters);
      calls.push({ id: `check${i}`, export: check.export, ...(args ? { args } : {}) });
    }
  });
  if (spec.descent && parameters) calls.push({ id: 'descent', export: spec.descent.export, args: descentArgs(parameters) });
  let sweep: FunctionPlan['sweep'];
  if (spec.sweep && spec.descent && parameters) {
    const axes = Object.entries(spec.sweep.vary).map(([name, axis]) => ({ name, values: expandAxis(axis!).map(Number) }));
    const points = axes.length === 1
      ? axes[0].values.map((value) => ({ [axes[0].name]: value }))
      : axes[0].values.flatMap((row) => axes[1].values.map((column) => ({ [axes[0].name]: row, [axes[1].name]: column })));
    points.forEach((values, k) => calls.push({ id: `sweep${k}`, export: spec.descent!.export, args: descentArgs({ ...parameters, ...values }) }));
    sweep = { axes, points };
  }
  return { ...(parameters ? { parameters } : {}), learnerCalls: calls, ...(sweep ? { sweep } : {}) };
}

/** Coordinates of the drawn grid along each input. */
export function curveAxes(domain: [number, number][]): number[][] {
  const count = CURVE_POINTS[domain.length as 1 | 2];
  return domain.map(([lo, hi]) => Array.from({ length: count }, (_, i) => Number((lo + ((hi - lo) * i) / (count - 1)).toPrecision(12))));
}

/** The path a learner call returned, when it returned one; anything else is the checks' to report. */
function returnedPath(report: CallReport, id: string, dimensions: number): number[][] | undefined {
  const outcome = report.results[id];
  if (!outcome || !('value' in outcome) || !Array.isArray(outcome.value)) return undefined;
  const points = pathPoints(decodeValue(outcome.value));
  return points.every((p) => p.length === dimensions && p.every(Number.isFinite)) ? points : undefined;
}

/** The ids of the learner calls that return paths (descent and trajectory checks, the run's descent, the sweep). */
export function pathCallIds(checks: readonly FunctionCheckSpec[], plan: FunctionPlan): string[] {
  const ids = checks.flatMap((check, i) => (check.kind === 'descent' || check.kind === 'trajectory' ? [`check${i}`] : []));
  if (plan.learnerCalls.some((call) => call.id === 'descent')) ids.push('descent');
  return ids;
}

/**
 * The reference's side of the `trains` checks: the same network from the same start, trained with
 * tfjs's own optimizer. They need nothing the learner returned, so they run beside the learner's calls.
 */
export function planReferenceTrainings(checks: readonly FunctionCheckSpec[]): FunctionCall[] {
  return checks.flatMap((check, i) => (check.kind === 'trains' ? [{ id: `check${i}`, export: check.export, train: trainsCall(check, 'reference') }] : []));
}

export function planReferenceCalls(spec: FunctionSpec, checks: readonly FunctionCheckSpec[], plan: FunctionPlan, learner: CallReport): FunctionCall[] {
  const calls: FunctionCall[] = [];
  const dimensions = spec.domain.length;
  checks.forEach((check, i) => {
    if (check.kind !== 'compare') return;
    checkPoints(check, spec.domain).forEach((args, j) => calls.push({ id: `check${i}.${j}`, export: check.reference ?? check.export, args }));
  });
  const objective = spec.objective;
  if (!objective) return calls;
  for (const id of pathCallIds(checks, plan)) {
    returnedPath(learner, id, dimensions)?.forEach((point, k) => calls.push({ id: `${id}@${k}`, export: objective, args: point }));
  }
  plan.sweep?.points.forEach((_, k) => {
    const points = returnedPath(learner, `sweep${k}`, dimensions);
    if (points) calls.push({ id: `sweep${k}@final`, export: objective, args: points[points.length - 1] });
  });
  const [xs, ys] = curveAxes(spec.domain);
  if (dimensions === 1) {
    xs.forEach((x, i) => {
      calls.push({ id: `curve.f.${i}`, export: objective, args: [x] });
      if (spec.derivative) calls.push({ id: `curve.df.${i}`, export: spec.derivative, args: [x] });
    });
  } else {
    ys.forEach((y, j) => xs.forEach((x, i) => calls.push({ id: `curve.${j}.${i}`, export: objective, args: [x, y] })));
  }
  return calls;
}
