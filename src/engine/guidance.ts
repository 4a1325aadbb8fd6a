// What a pack gives a stuck learner: hints (per exercise or per check), the README step a check
// belongs to, whether the reference solution may be shown, and the pack's chapters.
import type { Validator } from './validate';

export interface Hint {
  /** Markdown, in the learner's words. */
  text: string;
  /** A short snippet the learner may insert. */
  code?: string;
}

/** Fields any check (run or sweep) may carry beside its kind's own. */
export interface CheckGuidance {
  /** The README heading "## Step N…" this check belongs to. */
  step?: number;
  hints?: Hint[];
}

export const CHECK_GUIDANCE_KEYS = ['step', 'hints'] as const;

export type SolutionVisibility = 'visible' | 'hidden';
export const SOLUTION_VISIBILITIES: readonly SolutionVisibility[] = ['visible', 'hidden'];

export interface PackSection {
  title: string;
  /** Exercise ids, in the order the view lists them. */
  exercises: string[];
}

export function parseHints(raw: unknown, path: string, v: Validator): Hint[] {
  const hints = v.array(raw, path).map((entry, i) => {
    const at = `${path}[${i}]`;
    const object = v.object(entry, at);
    v.onlyKeys(object, at, ['text', 'code']);
    const text = v.string(object.text, `${at}.text`);
    return object.code === undefined ? { text } : { text, code: v.string(object.code, `${at}.code`) };
  });
  if (hints.length === 0) v.fail(path, 'must list at least one hint (or leave "hints" out).');
  return hints;
}

/** Parses a check's guidance fields and hands the rest of the object to the kind's own parser. */
export function withCheckGuidance<T>(raw: unknown, path: string, v: Validator, parse: (rest: unknown) => T): T & CheckGuidance {
  const object = v.object(raw, path);
  const { step, hints, ...rest } = object;
  const guidance: CheckGuidance = {
    ...(step === undefined ? {} : { step: v.number(step, `${path}.step`, { min: 1, integer: true }) }),
    ...(hints === undefined ? {} : { hints: parseHints(hints, `${path}.hints`, v) }),
  };
  return { ...parse(rest), ...guidance };
}

export function parseSections(raw: unknown, path: string, v: Validator, exerciseIds: readonly string[]): PackSection[] {
  const seen = new Map<string, string>();
  const sections = v.array(raw, path).map((entry, i) => {
    const at = `${path}[${i}]`;
    const object = v.object(entry, at);
    v.onlyKeys(object, at, ['title', 'exercises']);
    const title = v.string(object.title, `${at}.title`);
    const ids = v.array(object.exercises, `${at}.exercises`).map((id, j) => {
      const name = v.oneOf(id, `${at}.exercises[${j}]`, exerciseIds);
      const earlier = seen.get(name);
      if (earlier !== undefined) v.fail(`${at}.exercises[${j}]`, `lists "${name}", which the section "${earlier}" already has.`);
      seen.set(name, title);
      return name;
    });
    if (ids.length === 0) v.fail(`${at}.exercises`, 'must list at least one exercise id.');
    return { title, exercises: ids };
  });
  const missing = exerciseIds.filter((id) => !seen.has(id));
  if (missing.length > 0) v.fail(path, `must place every exercise in a section; not placed: ${missing.join(', ')}.`);
  return sections;
}

/** Prerequisites name other exercises of the pack and never form a cycle. */
export function checkPrerequisites(exercises: readonly { id: string; prerequisites: readonly string[] }[], v: Validator): void {
  const ids = exercises.map((exercise) => exercise.id);
  const byId = new Map(exercises.map((exercise) => [exercise.id, exercise.prerequisites]));
  for (const exercise of exercises) {
    exercise.prerequisites.forEach((id, i) => {
      const at = `$.exercises[${ids.indexOf(exercise.id)}] (${exercise.id}): prerequisites[${i}]`;
      if (id === exercise.id) v.fail(at, 'names the exercise itself.');
      if (!byId.has(id)) v.fail(at, `names "${id}", which is not an exercise of this pack; known: ${ids.join(', ')}.`);
    });
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') v.fail('$.exercises', `has a prerequisite cycle: ${[...trail.slice(trail.indexOf(id)), id].join(' → ')}.`);
    state.set(id, 'visiting');
    for (const next of byId.get(id) ?? []) visit(next, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of ids) visit(id, []);
}
