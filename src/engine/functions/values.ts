// Values that came back from learner code, read in the host: their type, their text in a message,
// and how close two of them are. Pure: no tfjs, no processes.
import type { CallValue, ReturnType } from './types';

/** A number as a message shows it: up to 6 significant digits. */
export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  return Math.abs(value) >= 1e6 || Math.abs(value) < 1e-4 ? value.toExponential(3) : String(Number(value.toPrecision(6)));
}

/** Plain data as a message shows it, cut after `max` characters. */
export function dataText(value: unknown, max = 80): string {
  const text = (() => {
    if (typeof value === 'number') return numberText(value);
    if (Array.isArray(value)) return `[${value.map((item) => dataText(item, max)).join(', ')}]`;
    if (typeof value === 'string') return JSON.stringify(value);
    if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${dataText(v, max)}`).join(', ')} }`;
    return String(value);
  })();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `df(0.734)`: the call a message names. A constant is named alone. */
export function callText(name: string, args: unknown[] | undefined): string {
  return args === undefined ? name : `${name}(${args.map((arg) => dataText(arg, 40)).join(', ')})`;
}

type Tagged = Exclude<CallValue, number | boolean | string | null | CallValue[]>;
type TagKey = 'nonFinite' | 'unsupported' | 'object';
const isTagged = <K extends TagKey>(value: CallValue, key: K): value is Extract<Tagged, Record<K, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && key in value;

/** The value as JavaScript data (non-finite numbers restored); what was not data stays undefined. */
export function decodeValue(value: CallValue): unknown {
  if (Array.isArray(value)) return value.map(decodeValue);
  if (isTagged(value, 'nonFinite')) return Number(value.nonFinite);
  if (isTagged(value, 'unsupported')) return undefined;
  if (isTagged(value, 'object')) return Object.fromEntries(Object.entries(value.object).map(([k, v]) => [k, decodeValue(v)]));
  return value;
}

/** What a value is, in a message: "NaN", "a string", "undefined", "an array of 3 items". */
function kindText(value: CallValue): string {
  if (isTagged(value, 'unsupported')) return value.unsupported;
  if (isTagged(value, 'nonFinite')) return value.nonFinite;
  if (isTagged(value, 'object')) return 'an object';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (value === null) return 'null';
  return `a ${typeof value} (${dataText(value, 30)})`;
}

function firstNonFinite(value: CallValue, at = ''): string | undefined {
  if (isTagged(value, 'nonFinite')) return `${value.nonFinite}${at ? ` at ${at}` : ''}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], `${at}[${i}]`);
      if (found) return found;
    }
  }
  if (isTagged(value, 'object')) {
    for (const [key, item] of Object.entries(value.object)) {
      const found = firstNonFinite(item, `${at}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

const isPoint = (value: CallValue, dimensions: number) => (dimensions === 1 && typeof value === 'number')
  || (Array.isArray(value) && value.length === dimensions && value.every((c) => typeof c === 'number'));

const EXPECTED: Record<ReturnType, (dimensions: number) => string> = {
  number: () => 'a number',
  numbers: () => 'an array of numbers',
  point: (d) => (d === 1 ? 'a number' : `a point [${['x', 'y', 'z'].slice(0, d).join(', ')}]`),
  path: (d) => `an array of points (${d === 1 ? 'numbers' : `[${['x', 'y', 'z'].slice(0, d).join(', ')}] pairs`}), one per step`,
  boolean: () => 'true or false',
  any: () => 'plain data',
};

/** Why the value is not what the export must return (NaN, the wrong type), or undefined when it is. */
export function typeProblem(value: CallValue, returns: ReturnType, dimensions: number): string | undefined {
  const nonFinite = firstNonFinite(value);
  if (nonFinite) return `returned ${nonFinite}: a value that is not a finite number`;
  const fits = {
    number: () => typeof value === 'number',
    numbers: () => Array.isArray(value) && value.every((item) => typeof item === 'number'),
    point: () => isPoint(value, dimensions),
    path: () => Array.isArray(value) && value.length > 0 && value.every((item) => isPoint(item, dimensions)),
    boolean: () => typeof value === 'boolean',
    any: () => !JSON.stringify(value).includes('"unsupported"'),
  }[returns]();
  return fits ? undefined : `returned ${kindText(value)}, expected ${EXPECTED[returns](dimensions)}`;
}

/** Where `actual` first differs from `expected` by more than `tolerance` (absolute, or relative above 1), or undefined. */
export function firstDifference(actual: unknown, expected: unknown, tolerance: number, at = ''): string | undefined {
  const where = at ? ` at ${at}` : '';
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)) ? undefined : `${numberText(actual)} instead of ${numberText(expected)}${where}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${dataText(actual, 40)} instead of an array${where}`;
    if (actual.length !== expected.length) return `${actual.length} items instead of ${expected.length}${where}`;
    for (let i = 0; i < expected.length; i++) {
      const found = firstDifference(actual[i], expected[i], tolerance, `${at}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return `${dataText(actual, 40)} instead of an object${where}`;
    for (const key of Object.keys(expected)) {
      const found = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], tolerance, `${at}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return actual === expected ? undefined : `${dataText(actual, 40)} instead of ${dataText(expected, 40)}${where}`;
}

/** A path's points as coordinate lists: `[0.5, 0.4]` (1-D) becomes `[[0.5], [0.4]]`. */
export function pathPoints(value: unknown): number[][] {
  return (value as (number | number[])[]).map((point) => (Array.isArray(point) ? point : [point]));
}
