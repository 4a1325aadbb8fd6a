// Reading the generated data recipes (rings, line) and the CSV recipe's `normalize`, with the
// defaults that make `{ kind: 'rings' }` a complete recipe. Pure: the panel uses `scalingOf` too.
import type { CsvRecipe, LineRecipe, NormalizeMethod, RingsRecipe } from './settings';
import type { Validator } from './validate';

export const NORMALIZE_METHODS: readonly NormalizeMethod[] = ['zscore', 'minmax', 'none'];

/** Each recipe kind's fields besides `kind`: what a learner may set, and what a sweep may vary as `data.<field>`. */
export const RECIPE_FIELDS = {
  clusters: ['centers', 'perCluster', 'blur'],
  rings: ['perClass', 'radii', 'noise'],
  line: ['slope', 'noise', 'n'],
  csv: ['file', 'target', 'features', 'filters', 'zscore', 'normalize', 'binarize', 'classColumn'],
} as const;

/** A field no recipe kind has is a typo: refused when the sweep is read, before any run. */
export function checkDataFieldName(field: string, path: string, v: Validator): void {
  const known = [...new Set(Object.values(RECIPE_FIELDS).flat())].filter((name) => name !== 'file');
  if (!(known as string[]).includes(field)) v.fail(path, `names "${field}", which no data recipe has; the recipes' fields are: ${known.join(', ')}.`);
}

export const RINGS_DEFAULTS = { perClass: 200, radii: [10, 15] as [number, number], noise: 1 };
export const LINE_DEFAULTS = { noise: 0.5, n: 50 };

export function parseRingsRecipe(object: Record<string, unknown>, path: string, v: Validator): RingsRecipe {
  v.onlyKeys(object, path, ['kind', ...RECIPE_FIELDS.rings]);
  let radii = RINGS_DEFAULTS.radii;
  if (object.radii !== undefined) {
    const values = v.array(object.radii, `${path}.radii`).map((value, i) => v.number(value, `${path}.radii[${i}]`, { min: 0 }));
    if (values.length !== 2) v.fail(`${path}.radii`, `must be [inner, outer], got ${values.length} values.`);
    radii = [values[0], values[1]];
  }
  return {
    kind: 'rings',
    perClass: object.perClass === undefined ? RINGS_DEFAULTS.perClass : v.number(object.perClass, `${path}.perClass`, { min: 1, max: 100_000, integer: true }),
    radii,
    noise: object.noise === undefined ? RINGS_DEFAULTS.noise : v.number(object.noise, `${path}.noise`, { min: 0 }),
  };
}

export function parseLineRecipe(object: Record<string, unknown>, path: string, v: Validator): LineRecipe {
  v.onlyKeys(object, path, ['kind', ...RECIPE_FIELDS.line]);
  return {
    kind: 'line',
    slope: v.number(object.slope, `${path}.slope`),
    noise: object.noise === undefined ? LINE_DEFAULTS.noise : v.number(object.noise, `${path}.noise`, { min: 0 }),
    n: object.n === undefined ? LINE_DEFAULTS.n : v.number(object.n, `${path}.n`, { min: 2, max: 1_000_000, integer: true }),
  };
}

/** `normalize: 'minmax'` or `{ method: 'minmax', except: [...] }`; not together with the older `zscore`. */
export function parseNormalize(object: Record<string, unknown>, path: string, v: Validator): CsvRecipe['normalize'] {
  if (object.zscore !== undefined) v.fail(`${path}.normalize`, 'and zscore say the same thing twice: keep normalize (zscore is its older spelling).');
  const at = `${path}.normalize`;
  if (typeof object.normalize === 'string') return v.oneOf(object.normalize, at, NORMALIZE_METHODS);
  const n = v.object(object.normalize, at);
  v.onlyKeys(n, at, ['method', 'except']);
  return {
    method: v.oneOf(n.method, `${at}.method`, NORMALIZE_METHODS),
    except: v.array(n.except, `${at}.except`).map((name, i) => v.string(name, `${at}.except[${i}]`)),
  };
}

/** `normalize`, or the older `zscore`, as one method and the columns it leaves raw. */
export function scalingOf(recipe: CsvRecipe): { method: NormalizeMethod; except: string[] } {
  if (recipe.normalize !== undefined) {
    return typeof recipe.normalize === 'string' ? { method: recipe.normalize, except: [] } : recipe.normalize;
  }
  const zscore = recipe.zscore ?? 'all';
  if (zscore === 'all') return { method: 'zscore', except: [] };
  if (zscore === 'none') return { method: 'none', except: [] };
  return { method: 'zscore', except: zscore.except };
}
