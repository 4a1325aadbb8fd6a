// Exercise packs: a folder with pack.json listing exercise folders, each with exercise.json.
// Every path a pack names must stay inside the pack; data files are read, never executed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCheck, parseSweepCheck, type CheckSpec, type SweepCheckSpec } from './checks';
import { DlxError } from './errors';
import { parseSettings } from './experiment';
import { checkPrerequisites, parseHints, parseSections, SOLUTION_VISIBILITIES, withCheckGuidance, type CheckGuidance, type Hint, type PackSection, type SolutionVisibility } from './guidance';
import { checkCheckpointChecks } from './checks/checkpoints';
import { SETTING_NAMES, type ExperimentSettings, type SettingName } from './settings';
import { parseSweepSpec, type SweepQuick, type SweepSpecInput } from './sweep';
import { keysOf } from './jsonSchema';
import { EXERCISE_SHAPE, LIMITS_SHAPE, PACK_SHAPE, SWEEP_VALIDATION_SHAPE } from './packFormat';
import { parseJson, Validator } from './validate';
import { parseFunctionCheck, parseFunctionSpec, type FunctionCheckSpec, type FunctionSpec } from './functions';

export const PACK_FILE = 'pack.json';
export const EXERCISE_FILE = 'exercise.json';

export interface ExerciseLimits {
  /** Wall-clock limit of one run. */
  timeoutSeconds: number;
  /** Heap cap of the trainer process. */
  memoryMb: number;
}

export const DEFAULT_LIMITS: ExerciseLimits = { timeoutSeconds: 300, memoryMb: 2048 };

export type ExerciseKind = 'model' | 'function';
export const EXERCISE_KINDS: readonly ExerciseKind[] = ['model', 'function'];

export interface Exercise {
  id: string;
  /** 'model' (default): the learner file trains a model. 'function': it exports functions the checks call (src/engine/functions/). */
  kind: ExerciseKind;
  /** A function exercise's exports, objective, domain and descent. */
  function?: FunctionSpec;
  /** A function exercise's checks (its `checks` in exercise.json); `checks` is then empty. */
  functionChecks: (FunctionCheckSpec & CheckGuidance)[];
  title: string;
  summary: string;
  dir: string;
  packDir: string;
  /** Absolute paths, all inside the pack. */
  instructions: string;
  starter: string;
  solution: string;
  /** File name a learner's copy of the starter gets in the workspace. */
  learnerFileName: string;
  defaults: Partial<ExperimentSettings>;
  locked: SettingName[];
  limits: ExerciseLimits;
  checks: (CheckSpec & CheckGuidance)[];
  /** Hints for the exercise as a whole, revealed one at a time (checks may carry their own). */
  hints: Hint[];
  /** Whether Compare with Solution and `dlx run --solution` may show the reference: the exercise's own choice, else the pack's. */
  solutions: SolutionVisibility;
  /** Ids of exercises of the same pack to do first. */
  prerequisites: string[];
  /** The exercise's sweep (a learner's `sweep` export overrides it field by field). */
  sweep?: SweepSpecInput;
  /** Checks on a whole sweep; an exercise with these is a sweep exercise (`dlx sweep`, validated as a sweep). */
  sweepChecks: (SweepCheckSpec & CheckGuidance)[];
  /** The reduced sizes `dlx validate` (and `dlx sweep --quick`) runs the sweep with. */
  sweepValidation?: SweepQuick;
}

export interface Pack {
  name: string;
  title: string;
  version: string;
  description: string;
  dir: string;
  exercises: Exercise[];
  /** The chapters the exercises view groups the exercises in; absent: one flat list. */
  sections?: PackSection[];
  solutions: SolutionVisibility;
}

/** Resolves `relative` inside `root`, refusing absolute paths, `..` escapes and links leading out. */
export function resolveInside(root: string, relative: string, what: string, kind: 'pack' | 'data' = 'pack'): string {
  if (path.isAbsolute(relative) || /^[a-zA-Z]:[\\/]/.test(relative)) {
    throw new DlxError(kind, `${what} "${relative}" is an absolute path; paths in a pack are relative to the pack folder.`);
  }
  const resolved = path.resolve(root, relative);
  const inside = (candidate: string, base: string) => {
    const rel = path.relative(base, candidate);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  if (!inside(resolved, root)) throw new DlxError(kind, `${what} "${relative}" points outside the pack folder.`);
  if (fs.existsSync(resolved) && !inside(fs.realpathSync(resolved), fs.realpathSync(root))) {
    throw new DlxError(kind, `${what} "${relative}" is a link that leads outside the pack folder.`);
  }
  return resolved;
}

function readJson(file: string, label: string): unknown {
  if (!fs.existsSync(file)) throw new DlxError('pack', `${label} is missing.`);
  return parseJson(fs.readFileSync(file, 'utf8'), label, 'pack');
}

function existingFile(root: string, relative: string, what: string): string {
  const resolved = resolveInside(root, relative, what);
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isFile()) {
    throw new DlxError('pack', `${what} "${relative}" does not exist in the pack.`);
  }
  return resolved;
}

/** The pack folder that holds `dir`: the nearest ancestor (or itself) with a pack.json. */
export function findPackDir(dir: string): string {
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(path.join(current, PACK_FILE))) return current;
    const parent = path.dirname(current);
    if (parent === current) throw new DlxError('pack', `No ${PACK_FILE} found in ${dir} or any folder above it: is this an exercise folder?`);
    current = parent;
  }
}

/** An exercise checked on a sweep (Run Sweep, `dlx sweep`), not on one run. */
export function isSweepExercise(exercise: Pick<Exercise, 'sweepChecks'>): boolean {
  return exercise.sweepChecks.length > 0;
}

export function loadExercise(exerciseDir: string, packDir = findPackDir(exerciseDir)): Exercise {
  const dir = path.resolve(exerciseDir);
  const label = path.join(path.relative(packDir, dir) || '.', EXERCISE_FILE);
  const v = new Validator(label, 'pack');
  const raw = v.object(readJson(path.join(dir, EXERCISE_FILE), label), '$');
  v.onlyKeys(raw, '$', keysOf(EXERCISE_SHAPE));
  const kind = raw.kind === undefined ? 'model' : v.oneOf(raw.kind, '$.kind', EXERCISE_KINDS);
  const within = (key: string) => existingFile(dir, v.string(raw[key], `$.${key}`), `${label}: ${key}`);
  const learnerFileName = v.string(raw.learnerFile, '$.learnerFile');
  if (path.basename(learnerFileName) !== learnerFileName || !/\.(ts|js|mjs|cjs)$/.test(learnerFileName)) {
    v.fail('$.learnerFile', 'must be a plain .ts or .js file name, like "model.ts".');
  }
  if (kind === 'function') return loadFunctionExercise(raw, dir, packDir, v, within, learnerFileName);
  if (raw.function !== undefined) v.fail('$.function', 'belongs to "kind": "function" exercises.');
  const checks = (raw.checks === undefined && raw.sweepChecks !== undefined ? [] : v.array(raw.checks, '$.checks')).map((check, i) => withCheckGuidance(check, `$.checks[${i}]`, v, (rest) => parseCheck(rest, `$.checks[${i}]`, v)));
  const sweepChecks = raw.sweepChecks === undefined ? [] : v.array(raw.sweepChecks, '$.sweepChecks').map((check, i) => withCheckGuidance(check, `$.sweepChecks[${i}]`, v, (rest) => parseSweepCheck(rest, `$.sweepChecks[${i}]`, v)));
  if (checks.length === 0 && sweepChecks.length === 0) v.fail('$.checks', 'must list at least one check.');
  const sweep = raw.sweep === undefined ? undefined : parseSweepSpec(raw.sweep, '$.sweep', v);
  const sweepValidation = raw.sweepValidation === undefined ? undefined : parseSweepQuick(raw.sweepValidation, '$.sweepValidation', v);
  const defaults = raw.defaults === undefined ? {} : parseSettings(raw.defaults, '$.defaults', v);
  const locked = raw.locked === undefined ? [] : v.array(raw.locked, '$.locked').map((name, i) => v.oneOf(name, `$.locked[${i}]`, SETTING_NAMES));
  checkCheckpointChecks(checks, { defaults, locked, sweep: sweepChecks.length > 0 }, v);
  return {
    ...commonFields(raw, dir, packDir, v, within, learnerFileName),
    kind,
    functionChecks: [],
    defaults,
    locked,
    checks,
    ...(sweep ? { sweep } : {}),
    sweepChecks,
    ...(sweepValidation ? { sweepValidation } : {}),
  };
}

/** The fields every kind of exercise has. */
function commonFields(raw: Record<string, unknown>, dir: string, packDir: string, v: Validator, within: (key: string) => string, learnerFileName: string) {
  const limitsRaw = raw.limits === undefined ? {} : v.object(raw.limits, '$.limits');
  v.onlyKeys(limitsRaw, '$.limits', keysOf(LIMITS_SHAPE));
  return {
    id: v.string(raw.id, '$.id'),
    title: v.string(raw.title, '$.title'),
    summary: raw.summary === undefined ? '' : v.string(raw.summary, '$.summary'),
    dir,
    packDir,
    instructions: within('instructions'),
    starter: within('starter'),
    solution: within('solution'),
    learnerFileName,
    limits: {
      timeoutSeconds: limitsRaw.timeoutSeconds === undefined ? DEFAULT_LIMITS.timeoutSeconds : v.number(limitsRaw.timeoutSeconds, '$.limits.timeoutSeconds', { min: 1, max: 86_400 }),
      memoryMb: limitsRaw.memoryMb === undefined ? DEFAULT_LIMITS.memoryMb : v.number(limitsRaw.memoryMb, '$.limits.memoryMb', { min: 64, max: 65_536, integer: true }),
    },
    hints: raw.hints === undefined ? [] : parseHints(raw.hints, '$.hints', v),
    solutions: raw.solutions === undefined ? packSolutions(packDir) : v.oneOf(raw.solutions, '$.solutions', SOLUTION_VISIBILITIES),
    prerequisites: raw.prerequisites === undefined ? [] : v.array(raw.prerequisites, '$.prerequisites').map((id, i) => v.string(id, `$.prerequisites[${i}]`)),
  };
}

/** A `"kind": "function"` exercise: its `function` block and function checks; no model settings or sweep checks. */
function loadFunctionExercise(raw: Record<string, unknown>, dir: string, packDir: string, v: Validator, within: (key: string) => string, learnerFileName: string): Exercise {
  for (const key of ['defaults', 'locked', 'sweep', 'sweepChecks', 'sweepValidation']) {
    if (raw[key] !== undefined) v.fail(`$.${key}`, 'is for model exercises; a function exercise declares its parameters in $.function.descent and its sweep in $.function.sweep.');
  }
  const common = commonFields(raw, dir, packDir, v, within, learnerFileName);
  const spec = parseFunctionSpec(raw.function, '$.function', v, (relative) => (relative === undefined ? common.solution : existingFile(dir, relative, `${path.join(path.relative(packDir, dir) || '.', EXERCISE_FILE)}: function.reference`)));
  const checks = v.array(raw.checks, '$.checks').map((check, i) => withCheckGuidance(check, `$.checks[${i}]`, v, (rest) => parseFunctionCheck(rest, `$.checks[${i}]`, v, spec)));
  if (checks.length === 0) v.fail('$.checks', 'must list at least one check.');
  return { ...common, kind: 'function', function: spec, functionChecks: checks, defaults: {}, locked: [], checks: [], sweepChecks: [] };
}

/** The pack's `solutions` choice, read on its own so that one exercise can be loaded without its siblings. */
function packSolutions(packDir: string): SolutionVisibility {
  const file = path.join(packDir, PACK_FILE);
  if (!fs.existsSync(file)) return 'visible';
  const raw = parseJson(fs.readFileSync(file, 'utf8'), PACK_FILE, 'pack');
  const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).solutions : undefined;
  return value === undefined ? 'visible' : new Validator(PACK_FILE, 'pack').oneOf(value, '$.solutions', SOLUTION_VISIBILITIES);
}

function parseSweepQuick(raw: unknown, path: string, v: Validator): SweepQuick {
  const object = v.object(raw, path);
  v.onlyKeys(object, path, keysOf(SWEEP_VALIDATION_SHAPE));
  const quick: SweepQuick = {};
  if (object.samples !== undefined) quick.samples = v.number(object.samples, `${path}.samples`, { min: 1, integer: true });
  if (object.repeats !== undefined) quick.repeats = v.number(object.repeats, `${path}.repeats`, { min: 1, integer: true });
  if (typeof object.maxValues === 'number') quick.maxValues = v.number(object.maxValues, `${path}.maxValues`, { min: 1, integer: true });
  else if (object.maxValues !== undefined) {
    const perAxis = v.object(object.maxValues, `${path}.maxValues`);
    quick.maxValues = Object.fromEntries(Object.entries(perAxis).map(([name, max]) => [name, v.number(max, `${path}.maxValues.${name}`, { min: 1, integer: true })]));
  }
  return quick;
}

export function loadPack(packDir: string): Pack {
  const dir = path.resolve(packDir);
  const v = new Validator(PACK_FILE, 'pack');
  const raw = v.object(readJson(path.join(dir, PACK_FILE), `${path.basename(dir)}/${PACK_FILE}`), '$');
  v.onlyKeys(raw, '$', keysOf(PACK_SHAPE));
  const entries = v.array(raw.exercises, '$.exercises');
  if (entries.length === 0) v.fail('$.exercises', 'must list at least one exercise folder.');
  const exercises = entries.map((entry, i) => {
    const exerciseDir = resolveInside(dir, v.string(entry, `$.exercises[${i}]`), `${PACK_FILE}: exercises[${i}]`);
    if (!fs.existsSync(path.join(exerciseDir, EXERCISE_FILE))) {
      v.fail(`$.exercises[${i}]`, `names "${entry}", which has no ${EXERCISE_FILE}.`);
    }
    return loadExercise(exerciseDir, dir);
  });
  const ids = new Set<string>();
  for (const exercise of exercises) {
    if (ids.has(exercise.id)) v.fail('$.exercises', `lists two exercises with the id "${exercise.id}".`);
    ids.add(exercise.id);
  }
  checkPrerequisites(exercises, v);
  const sections = raw.sections === undefined ? undefined : parseSections(raw.sections, '$.sections', v, exercises.map((exercise) => exercise.id));
  return {
    name: v.string(raw.name, '$.name'),
    title: v.string(raw.title, '$.title'),
    version: v.string(raw.version, '$.version'),
    description: raw.description === undefined ? '' : v.string(raw.description, '$.description'),
    dir,
    exercises,
    ...(sections ? { sections } : {}),
    solutions: raw.solutions === undefined ? 'visible' : v.oneOf(raw.solutions, '$.solutions', SOLUTION_VISIBILITIES),
  };
}
