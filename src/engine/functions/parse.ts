// exercise.json of a function exercise: its `function` block and its checks, validated with JSON paths.
import type { Validator } from '../validate';
import {
  DESCENT_PARAMETER_NAMES, FUNCTION_CHECK_KINDS, RETURN_TYPES, TRAJECTORY_PROPERTIES,
  type DescentParameters, type ExportSpec, type FunctionCheckSpec, type FunctionSpec, type FunctionSweepSpec, type PointsSpec,
} from './types';
import { parseSweepAxis } from '../sweep/spec';
import { parseTrainsCheck } from './trains';

const DEFAULT_TOLERANCE = 1e-6;

function interval(raw: unknown, path: string, v: Validator): [number, number] {
  const pair = v.array(raw, path);
  if (pair.length !== 2) v.fail(path, `must be [low, high], got ${pair.length} numbers.`);
  const [lo, hi] = pair.map((x, i) => v.number(x, `${path}[${i}]`));
  if (!(lo < hi)) v.fail(path, `must have its low end below its high end, got [${lo}, ${hi}].`);
  return [lo, hi];
}

/** `start` is a number in 1-D and `[x, y]` in 2-D. */
export function parseStart(raw: unknown, path: string, v: Validator, dimensions: number): number | number[] {
  if (dimensions === 1) return v.number(raw, path);
  const point = v.array(raw, path);
  if (point.length !== dimensions) v.fail(path, `must be a point of ${dimensions} numbers, got ${point.length}.`);
  return point.map((x, i) => v.number(x, `${path}[${i}]`));
}

export function parseDescentParameters(raw: unknown, path: string, v: Validator, dimensions: number, defaults?: DescentParameters): DescentParameters {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, DESCENT_PARAMETER_NAMES);
  const field = <T>(key: keyof DescentParameters, parse: (value: unknown) => T): T => {
    if (object[key] === undefined) {
      if (!defaults) v.fail(`${path}.${key}`, 'is required.');
      return defaults[key] as T;
    }
    return parse(object[key]);
  };
  return {
    start: field('start', (value) => parseStart(value, `${path}.start`, v, dimensions)),
    learningRate: field('learningRate', (value) => v.number(value, `${path}.learningRate`, { min: 0 })),
    steps: field('steps', (value) => v.number(value, `${path}.steps`, { min: 0, max: 1_000_000, integer: true })),
  };
}

function parseExport(raw: unknown, path: string, v: Validator): ExportSpec {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['name', 'signature', 'returns', 'callable']);
  const name = v.string(object.name, `${path}.name`);
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) v.fail(`${path}.name`, `must be a JavaScript identifier, got "${name}".`);
  return {
    name,
    signature: v.string(object.signature, `${path}.signature`),
    returns: object.returns === undefined ? 'any' : v.oneOf(object.returns, `${path}.returns`, RETURN_TYPES),
    callable: object.callable === undefined ? true : object.callable === true ? true : object.callable === false ? false : v.fail(`${path}.callable`, 'must be true or false.'),
  };
}

function parseSweep(raw: unknown, path: string, v: Validator): FunctionSweepSpec {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['vary']);
  const vary = v.object(object.vary, `${path}.vary`);
  const names = Object.keys(vary);
  if (names.length < 1 || names.length > 2) v.fail(`${path}.vary`, `must name one or two parameters, got ${names.length}.`);
  return {
    vary: Object.fromEntries(names.map((name) => {
      v.oneOf(name, `${path}.vary.${name}`, DESCENT_PARAMETER_NAMES);
      return [name, parseSweepAxis(vary[name], `${path}.vary.${name}`, v)];
    })),
  };
}

/** The `function` block; `reference` is resolved by the caller, which knows the pack. */
export function parseFunctionSpec(raw: unknown, path: string, v: Validator, resolveReference: (relative: string | undefined) => string): FunctionSpec {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, ['exports', 'objective', 'derivative', 'domain', 'descent', 'sweep', 'reference']);
  const exports = v.array(object.exports, `${path}.exports`).map((entry, i) => parseExport(entry, `${path}.exports[${i}]`, v));
  if (exports.length === 0) v.fail(`${path}.exports`, 'must list at least one export.');
  const names = exports.map((e) => e.name);
  const exported = (value: unknown, at: string) => {
    const name = v.string(value, at);
    if (!names.includes(name)) v.fail(at, `names "${name}", which is not in ${path}.exports (${names.join(', ')}).`);
    return name;
  };
  // Without an objective nothing is drawn: the domain then only bounds the checks' drawn points.
  const domain = object.domain === undefined && object.objective === undefined ? [[-1, 1] as [number, number]]
    : v.array(object.domain, `${path}.domain`).map((pair, i) => interval(pair, `${path}.domain[${i}]`, v));
  if (domain.length < 1 || domain.length > 2) v.fail(`${path}.domain`, `must hold one interval (1-D) or two (2-D), got ${domain.length}.`);
  let descent: FunctionSpec['descent'];
  if (object.descent !== undefined) {
    const raw = v.object(object.descent, `${path}.descent`);
    v.onlyKeys(raw, `${path}.descent`, ['export', 'parameters']);
    descent = { export: exported(raw.export, `${path}.descent.export`), parameters: parseDescentParameters(raw.parameters, `${path}.descent.parameters`, v, domain.length) };
  }
  const sweep = object.sweep === undefined ? undefined : parseSweep(object.sweep, `${path}.sweep`, v);
  if (sweep && !descent) v.fail(`${path}.sweep`, `needs ${path}.descent: the sweep repeats that descent.`);
  if (object.objective === undefined && (descent || object.derivative !== undefined)) v.fail(`${path}.objective`, 'is required with a descent or a derivative: the path is drawn on it.');
  if (sweep?.vary.start && domain.length > 1) v.fail(`${path}.sweep.vary.start`, 'can vary only a 1-D start.');
  return {
    exports,
    ...(object.objective !== undefined ? { objective: exported(object.objective, `${path}.objective`) } : {}),
    ...(object.derivative !== undefined ? { derivative: exported(object.derivative, `${path}.derivative`) } : {}),
    domain,
    ...(descent ? { descent } : {}),
    ...(sweep ? { sweep } : {}),
    reference: resolveReference(object.reference === undefined ? undefined : v.string(object.reference, `${path}.reference`)),
  };
}

function parsePoints(raw: unknown, path: string, v: Validator): PointsSpec {
  const object = v.object(raw, path);
  if (object.args !== undefined) {
    v.onlyKeys(object, path, ['args']);
    const args = v.array(object.args, `${path}.args`).map((list, i) => v.array(list, `${path}.args[${i}]`));
    if (args.length === 0) v.fail(`${path}.args`, 'must list at least one argument list.');
    return { args };
  }
  v.onlyKeys(object, path, ['seed', 'count', 'ranges', 'integers']);
  return {
    seed: v.number(object.seed, `${path}.seed`, { integer: true, min: 0 }),
    count: v.number(object.count, `${path}.count`, { integer: true, min: 1, max: 1000 }),
    ...(object.ranges !== undefined ? { ranges: v.array(object.ranges, `${path}.ranges`).map((pair, i) => interval(pair, `${path}.ranges[${i}]`, v)) } : {}),
    ...(object.integers !== undefined ? { integers: v.array(object.integers, `${path}.integers`).map((n, i) => v.number(n, `${path}.integers[${i}]`, { integer: true, min: 0 })) } : {}),
  };
}

/** One function check; `spec` names the exports a check may call. */
export function parseFunctionCheck(raw: unknown, path: string, v: Validator, spec: FunctionSpec): FunctionCheckSpec {
  const object = v.object(raw, path);
  const kind = v.oneOf(object.kind, `${path}.kind`, FUNCTION_CHECK_KINDS);
  const common = ['kind', 'name', 'export'];
  const name = object.name === undefined ? {} : { name: v.string(object.name, `${path}.name`) };
  const exported = v.string(object.export, `${path}.export`);
  const exportSpec = spec.exports.find((e) => e.name === exported) ?? v.fail(`${path}.export`, `names "${exported}", which is not in $.function.exports (${spec.exports.map((e) => e.name).join(', ')}).`);
  const args = () => (object.args === undefined ? {} : { args: v.array(object.args, `${path}.args`) });
  const tolerance = () => (object.tolerance === undefined ? DEFAULT_TOLERANCE : v.number(object.tolerance, `${path}.tolerance`, { min: 0 }));
  const needsDescent = () => {
    if (object.args === undefined && !spec.descent) v.fail(`${path}.args`, 'is required when the exercise declares no $.function.descent to take the parameters from.');
  };
  switch (kind) {
    case 'compare': {
      v.onlyKeys(object, path, [...common, 'reference', 'points', 'tolerance']);
      if (!exportSpec.callable) v.fail(`${path}.export`, `names the constant "${exported}": compare calls a function; use a "value" check.`);
      return { kind, ...name, export: exported, ...(object.reference !== undefined ? { reference: v.string(object.reference, `${path}.reference`) } : {}), points: parsePoints(object.points, `${path}.points`, v), tolerance: tolerance() };
    }
    case 'value':
      v.onlyKeys(object, path, [...common, 'args', 'equals', 'tolerance']);
      if (object.equals === undefined) v.fail(`${path}.equals`, 'is required.');
      if (exportSpec.callable && object.args === undefined) v.fail(`${path}.args`, `is required: "${exported}" is a function.`);
      return { kind, ...name, export: exported, ...args(), equals: object.equals, tolerance: tolerance() };
    case 'descent': {
      v.onlyKeys(object, path, [...common, 'args', 'endsNear', 'within', 'maxSteps']);
      needsDescent();
      const endsNear = spec.domain.length === 1 ? v.number(object.endsNear, `${path}.endsNear`) : parseStart(object.endsNear, `${path}.endsNear`, v, spec.domain.length);
      return {
        kind, ...name, export: exported, ...args(), endsNear,
        within: v.number(object.within, `${path}.within`, { min: 0 }),
        ...(object.maxSteps !== undefined ? { maxSteps: v.number(object.maxSteps, `${path}.maxSteps`, { integer: true, min: 0 }) } : {}),
      };
    }
    case 'trajectory':
      v.onlyKeys(object, path, [...common, 'args', 'property', 'tolerance']);
      needsDescent();
      if ((object.property === 'descends' || object.property === 'ascends') && !spec.objective) v.fail(`${path}.property`, `"${object.property}" follows $.function.objective, which this exercise does not declare.`);
      return { kind, ...name, export: exported, ...args(), property: v.oneOf(object.property, `${path}.property`, TRAJECTORY_PROPERTIES), tolerance: tolerance() };
    case 'trains':
      if (!exportSpec.callable) v.fail(`${path}.export`, `names the constant "${exported}": trains calls an update rule (params, grads, state, hyper) => [params, state].`);
      return parseTrainsCheck(object, path, v, exported, name);
  }
}
