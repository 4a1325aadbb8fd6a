// The learner-file contract: a TS/JS module exporting `experiment` settings and either
// `createModel()` (returning a tf.LayersModel) or a class `Model` with `forward(x)`.
// Compiled in memory (learnerTransform.ts); run only inside the trainer process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceLocation } from './results';
import { describeDenial, DlxError } from './errors';
import { parseSettings } from './experiment';
import { compileModule, FRAME_PREFIX, originalLocation, type CompiledModule } from './learnerTransform';
import type { ExperimentSettings } from './settings';
import { parseSweepSpec, type SweepSpecInput } from './sweep';
import { tf, tfc, tfl } from './tf';
import { Validator } from './validate';

export interface CompiledLearnerFile extends CompiledModule {
  /** The helper files it imports relatively, by path, compiled as they are first required. */
  helpers: Map<string, CompiledModule>;
}

export interface LearnerModule {
  compiled: CompiledLearnerFile;
  experiment: Partial<ExperimentSettings>;
  /** The learner's `sweep` export, when there is one (a sweep runs it through `dlx sweep`). */
  sweep?: SweepSpecInput;
  createModel?: () => unknown;
  ModelClass?: new () => unknown;
}

export const EXPECTED_EXPORTS =
  '`export const experiment = { ... }` (the settings) and either `export function createModel()` returning a tf.LayersModel, or `export class Model` whose constructor creates layers and whose `forward(x)` applies them';

export async function compileLearnerFile(file: string): Promise<CompiledLearnerFile> {
  if (!fs.existsSync(file)) throw new DlxError('exports', `The learner file ${file} does not exist.`);
  return { ...compileModule(file), helpers: new Map() };
}

/** The learner-code frame nearest the throw, mapped back to its original file. */
export function locateInLearnerCode(error: unknown, compiled: CompiledLearnerFile): SourceLocation | undefined {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  const escaped = FRAME_PREFIX.replace(/[/]/g, '\\/');
  const frame = new RegExp(`${escaped}([^\\n]*?):(\\d+):(\\d+)`).exec(stack);
  const module = frame && (frame[1] === compiled.file ? compiled : compiled.helpers.get(frame[1]));
  return module ? originalLocation(module, Number(frame[2]), Number(frame[3])) : undefined;
}

const SHAPE_PATTERN = /shape|dimension|rank|Incompatible|must match|compatible with/i;

/** Wraps an exception thrown by learner code (or by tfjs on its behalf) with the learner's line. */
export function learnerError(error: unknown, compiled: CompiledLearnerFile, during: string): DlxError {
  const location = locateInLearnerCode(error, compiled);
  if (error instanceof DlxError) {
    return error.details.location || !location ? error : new DlxError(error.kind, error.message, { ...error.details, location });
  }
  const denial = describeDenial(error);
  if (denial) return new DlxError('runtime', denial, { location });
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const kind = SHAPE_PATTERN.test(text) ? 'shape' : 'runtime';
  return new DlxError(kind, `Your code failed while ${during}: ${text}`, { location });
}

export interface LearnerSandbox {
  /** Where console output of learner code goes. */
  log(text: string): void;
}

function learnerConsole(sandbox: LearnerSandbox): Console {
  const print = (...args: unknown[]) => sandbox.log(args.map((a) => (typeof a === 'string' ? a : ArrayBuffer.isView(a) ? Array.from(a as Float32Array).join(',') : safeString(a))).join(' '));
  return { ...console, log: print, info: print, warn: print, error: print, debug: print } as Console;
}

function safeString(value: unknown): string {
  if (value instanceof tfc.Tensor) return value.toString();
  try {
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  } catch {
    return String(value);
  }
}

const MODULES: Record<string, unknown> = {
  '@tensorflow/tfjs': tf,
  '@tensorflow/tfjs-node': tf,
  '@tensorflow/tfjs-core': tfc,
  '@tensorflow/tfjs-layers': tfl,
};

const HELPER_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json'];

/** A relative import as TypeScript and bundlers resolve it: the path, with an extension, `.js` written for `.ts`, or a folder's index. */
function resolveHelper(importer: string, id: string): string {
  const base = path.resolve(path.dirname(importer), id);
  const candidates = [base, ...HELPER_EXTENSIONS.map((ext) => base + ext), base.replace(/\.([cm]?)js$/, '.$1ts'), ...HELPER_EXTENSIONS.map((ext) => path.join(base, `index${ext}`))];
  const found = candidates.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
  if (!found) throw new DlxError('syntax', `Could not resolve "${id}"`);
  return found;
}

/** Runs the compiled module (and the helpers it imports, each once) and checks its exports against the contract. */
export function evaluateLearnerModule(compiled: CompiledLearnerFile, sandbox: LearnerSandbox): LearnerModule {
  return checkExports(evaluateLearnerExports(compiled, sandbox), compiled);
}

/** Runs the compiled module (and the helpers it imports, each once) and returns its exports as they are. */
export function evaluateLearnerExports(compiled: CompiledLearnerFile, sandbox: LearnerSandbox): Record<string, unknown> {
  const loaded = new Map<string, { exports: Record<string, unknown> }>();
  const sandboxConsole = learnerConsole(sandbox);
  const run = (module: CompiledModule): Record<string, unknown> => {
    const record = { exports: {} as Record<string, unknown> };
    loaded.set(module.file, record);
    const require = (id: string) => {
      if (id in MODULES) return MODULES[id];
      if (!/^\.\.?(\/|$)/.test(id)) throw new DlxError('exports', `A learner file can import only "@tensorflow/tfjs"; this one imports "${id}".`);
      const file = resolveHelper(module.file, id);
      if (loaded.has(file)) return loaded.get(file)!.exports;
      if (file.endsWith('.json')) return loaded.set(file, { exports: JSON.parse(fs.readFileSync(file, 'utf8')) }).get(file)!.exports;
      const helper = compiled.helpers.get(file) ?? compileModule(file);
      compiled.helpers.set(file, helper);
      return run(helper);
    };
    (module.script.runInThisContext() as (...args: unknown[]) => void)(record.exports, require, record, module.file, path.dirname(module.file), sandboxConsole);
    return record.exports;
  };
  try {
    return run(compiled);
  } catch (error) {
    throw learnerError(error, compiled, 'loading the file');
  }
}

function checkExports(exports: Record<string, unknown>, compiled: CompiledLearnerFile): LearnerModule {
  const names = Object.keys(exports).filter((name) => name !== '__esModule');
  const found = names.length ? `It exports ${names.map((n) => `\`${n}\``).join(', ')}.` : 'It exports nothing.';
  const fail = (problem: string): never => {
    throw new DlxError('exports', `${path.basename(compiled.file)}: ${problem} ${found} Expected: ${EXPECTED_EXPORTS}.`);
  };
  const { createModel, Model, experiment, sweep } = exports;
  if (createModel !== undefined && Model !== undefined) fail('export either `createModel` or `Model`, not both.');
  if (createModel === undefined && Model === undefined) {
    const nearMiss = names.find((n) => /^(create_?model|make_?model|build_?model|model|net|network|mymodel|getmodel)$/i.test(n));
    fail(nearMiss ? `\`${nearMiss}\` is not a name the trainer looks for (did you mean \`createModel\` or \`Model\`?).` : 'no model export found.');
  }
  const isClass = (value: unknown) => typeof value === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(value));
  if (Model !== undefined && !isClass(Model)) {
    fail(typeof Model === 'function' ? '`Model` is a function, not a class: write `export class Model { constructor() { ... } forward(x) { ... } }`.' : `\`Model\` is ${typeof Model}, not a class.`);
  }
  if (createModel !== undefined && typeof createModel !== 'function') fail(`\`createModel\` is ${typeof createModel}, not a function.`);
  if (createModel !== undefined && isClass(createModel)) fail('`createModel` is a class; export it as `Model`, or make createModel a function that returns a tf.LayersModel.');
  if (experiment !== undefined && (typeof experiment !== 'object' || experiment === null)) fail('`experiment` must be an object of settings.');
  const settings = experiment === undefined ? {} : parseSettings(experiment, 'experiment', new Validator(path.basename(compiled.file), 'settings'));
  const sweepSpec = sweep === undefined ? undefined : parseSweepSpec(sweep, 'sweep', new Validator(path.basename(compiled.file), 'settings'));
  return {
    compiled,
    experiment: settings,
    ...(sweepSpec ? { sweep: sweepSpec } : {}),
    createModel: createModel as (() => unknown) | undefined,
    ModelClass: Model as (new () => unknown) | undefined,
  };
}

export async function loadLearnerFile(file: string, sandbox: LearnerSandbox): Promise<LearnerModule> {
  return evaluateLearnerModule(await compileLearnerFile(file), sandbox);
}
