// `dlx`: run an exercise or validate a pack from the command line, on the same engine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { attemptState, fileIsUnchangedStarter, whereToBeginIn } from '../engine/attempt';
import { DlxError, toRunError } from '../engine/errors';
import { resultsInStepOrder } from '../engine/hints';
import { isSweepExercise, loadPack, type Exercise } from '../engine/pack';
import { startTrainer, type TrainerOutcome } from '../host/trainerProcess';
import { BACKEND_CHOICES, type BackendChoice, type RunError, type RunResult, type Verification } from '../engine/results';
import { type RunRequest } from '../trainer/protocol';
import { parseSettings } from '../engine/experiment';
import { axisTarget, DATA_FIELD_PREFIX, SWEEP_SHAPES, type SweepShape, type SweepValue } from '../engine/sweep';
import { Validator } from '../engine/validate';
import { SWEEP_RECORDED_UNVERIFIED, verificationNote } from '../engine/verdict';
import { formatError, formatResult, formatSweep, progressBar, toJson } from './format';
import { defaultWorkers } from '../host/sweep';
import { runSweepCli, sweepJson } from './sweep';
import { commandDoctor } from './doctor';
import { resolveExercise } from './resolveExercise';

const USAGE = `Usage:
  dlx run <exercise|dir> [--file <learner file> | --solution [--instructor] | --starter] [--seed N] [--epochs N]
                         [--set name=value]... [--backend ${BACKEND_CHOICES.join('|')}] [--json]
  dlx sweep <exercise|dir> [--file <learner file> | --solution [--instructor] | --starter] [--workers N] [--seed N]
                           [--predict ${SWEEP_SHAPES.join('|')} [--note TEXT]] [--quick] [--no-save]
                           [--backend ${BACKEND_CHOICES.join('|')}] [--json]
  dlx validate <pack-dir> [--json]
  dlx doctor [--json]

run       trains a learner file and checks it. Without --file it uses ./<the exercise's learner file>
          when it exists, else the starter. Exit 0: all checks pass; 1: a check failed; 2: an error.
          --set replays one run of a sweep: a setting (learningRate=0.05, batchSize=32) or a model
          parameter (units=8, handed to createModel / new Model), or a field of the data recipe
          (data.slope=3), as the sweep hands it. --solution refuses when the pack hides its solutions,
          unless --instructor is given. --json has state: notAttempted (the file still equals the
          starter), error, failing or passing.
sweep     runs the experiment's sweep (the exercise's, with the file's \`sweep\` export over it) on a pool
          of trainer processes (default: one per CPU core), prints the outcome by setting and the
          checks; exit codes as run. Saves the record under ./.dlx/sweeps/ (--no-save: not).
validate  checks a pack: well formed, every file present, every solution passes, every starter fails.
doctor    shows what runs learner code here: the trainer's runtime, the backends that load, what auto
          picks for a dense model, and the sandbox with its flags.`;

export const EXIT = { passed: 0, failed: 1, error: 2 } as const;

function fail(message: string): never {
  throw new DlxError('settings', message);
}

function integer(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`${flag} takes a whole number, got "${value}".`);
  return Number(value);
}

function learnerFileFor(exercise: Exercise, options: { file?: string; solution?: boolean; starter?: boolean; instructor?: boolean }): { file: string; note?: string } {
  if ([options.file !== undefined, options.solution, options.starter].filter(Boolean).length > 1) fail('Use only one of --file, --solution and --starter.');
  if (options.instructor && !options.solution) fail('--instructor goes with --solution: it runs a hidden reference solution.');
  if (options.file) return { file: path.resolve(options.file) };
  if (options.solution && exercise.solutions === 'hidden' && !options.instructor) {
    fail(`The pack hides the reference solution of ${exercise.id} ("solutions": "hidden"), so --solution does not run it. An instructor adds --instructor.`);
  }
  if (options.solution) return { file: exercise.solution };
  if (options.starter) return { file: exercise.starter };
  const own = path.resolve(exercise.learnerFileName);
  if (fs.existsSync(own)) return { file: own };
  return { file: exercise.starter, note: `No ./${exercise.learnerFileName} here: running the starter.` };
}

/**
 * `--set name=value` (repeatable), routed as a sweep routes its axes: settings to the run's
 * overrides, any other name to the model's parameters. Numbers and true/false are parsed.
 */
function assignments(items: string[] | undefined, exercise: Exercise): Pick<RunRequest, 'overrides' | 'dataFields' | 'modelParams'> {
  if (!items?.length) return {};
  const values: Record<string, SweepValue> = {};
  for (const item of items) {
    const match = /^((?:data\.)?[A-Za-z_$][\w$]*)=(.*)$/.exec(item);
    if (!match) fail(`--set takes name=value (e.g. --set learningRate=0.05 or --set units=8), got "${item}".`);
    const [, name, raw] = match;
    if (name === 'seed' || name === 'epochs') fail(`Use --${name} ${raw || 'N'}, not --set ${name}=...`);
    const setting = axisTarget(name) === 'data' ? 'data' : name;
    if ((exercise.locked as string[]).includes(setting)) fail(`This exercise fixes "${setting}", so --set cannot change it.`);
    values[name] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  const overrides: Record<string, SweepValue> = {};
  const dataFields: Record<string, SweepValue> = {};
  const modelParams: Record<string, SweepValue> = {};
  for (const [name, value] of Object.entries(values)) {
    const target = axisTarget(name);
    if (target === 'data') dataFields[name.slice(DATA_FIELD_PREFIX.length)] = value;
    else (target === 'overrides' ? overrides : modelParams)[name] = value;
  }
  return {
    ...(Object.keys(overrides).length ? { overrides: parseSettings(overrides, '--set', new Validator('--set', 'settings')) } : {}),
    ...(Object.keys(dataFields).length ? { dataFields } : {}),
    ...(Object.keys(modelParams).length ? { modelParams } : {}),
  };
}

interface RunOptions extends Pick<RunRequest, 'overrides' | 'dataFields' | 'modelParams'> {
  seed?: number;
  epochs?: number;
  backend: BackendChoice;
  /** Progress on stderr: a bar on a TTY, nothing otherwise. */
  progress: boolean;
}

export async function runExercise(exercise: Exercise, file: string, options: RunOptions): Promise<TrainerOutcome> {
  const tty = options.progress && process.stderr.isTTY;
  let totalEpochs = 0;
  const handle = startTrainer(
    { exerciseDir: exercise.dir, learnerFile: file, seed: options.seed, epochs: options.epochs, backend: options.backend, overrides: options.overrides, dataFields: options.dataFields, modelParams: options.modelParams },
    exercise.limits,
    (message) => {
      if (message.type === 'started') {
        totalEpochs = message.run.settings.epochs;
        if (options.progress) {
          process.stderr.write(`${exercise.id}: ${totalEpochs} epochs on ${message.run.backend}\n`);
          for (const warning of message.run.warnings) process.stderr.write(`warning: ${warning}\n`);
        }
      } else if (message.type === 'progress' && tty) {
        const last = message.epochs[message.epochs.length - 1];
        process.stderr.write(`\r${progressBar(last.epoch, totalEpochs, last.train)}\x1b[K`);
      } else if (message.type === 'log' && options.progress) {
        process.stderr.write(`${tty ? '\r\x1b[K' : ''}${message.text}\n`);
      }
    },
  );
  const stop = () => handle.cancel();
  process.once('SIGINT', stop);
  const outcome = await handle.outcome;
  process.removeListener('SIGINT', stop);
  if (tty) process.stderr.write('\r\x1b[K');
  return outcome;
}

async function commandRun(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const started = performance.now();
  const exerciseDir = positionals[0] ?? fail('dlx run needs an exercise folder.');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}".`);
  const exercise = resolveExercise(exerciseDir);
  const { file, note } = learnerFileFor(exercise, values as { file?: string; solution?: boolean; starter?: boolean; instructor?: boolean });
  const json = Boolean(values.json);
  if (note) process.stderr.write(`${note}\n`);
  if (isSweepExercise(exercise)) process.stderr.write(`${exercise.id} is checked on a sweep: this is one run of it. \`dlx sweep ${exerciseDir}\` runs and checks the sweep.\n`);
  const outcome = await runExercise(exercise, file, {
    seed: integer(values.seed as string | undefined, '--seed'),
    epochs: integer(values.epochs as string | undefined, '--epochs'),
    backend: backend as BackendChoice,
    progress: true,
    ...assignments(values.set as string[] | undefined, exercise),
  });
  const state = attemptState({ unchangedStarter: fileIsUnchangedStarter(exercise, file), error: outcome.type === 'failed', passed: outcome.type === 'finished' && outcome.result.passed });
  const begin = state === 'notAttempted' ? whereToBeginIn(exercise) : undefined;
  if (outcome.type === 'failed') {
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, state, error: outcome.error, passed: false })}\n`);
    else process.stderr.write(`${formatError(outcome.error)}\n${begin ? `${begin}\n` : ''}`);
    return EXIT.error;
  }
  const result: RunResult = { ...outcome.result, wallMs: performance.now() - started };
  if (json) {
    const { exercise: id, backend: used, backendReason, sandbox, seed, epochs, wallMs, metrics, optimizer, earlyStopping, checks, passed, verification, status, timings, peakRssMb, diagnosis, advice } = result;
    process.stdout.write(`${toJson({ exercise: id, state, backend: used, seed, epochs, wallMs, metrics, optimizer, ...(earlyStopping ? { earlyStopping } : {}), checks, passed, verification, backendReason, sandbox, status, timings, peakRssMb, diagnosis, advice: advice ?? [] })}\n`);
  } else {
    process.stdout.write(`${formatResult(result, resultsInStepOrder(exercise, result.checks))}\n${begin ? `${begin}\n` : ''}`);
  }
  return result.passed ? EXIT.passed : EXIT.failed;
}

async function commandSweep(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const exerciseDir = positionals[0] ?? fail('dlx sweep needs an exercise folder.');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}".`);
  const predict = values.predict as string | undefined;
  if (predict !== undefined && !SWEEP_SHAPES.includes(predict as SweepShape)) fail(`--predict must be one of ${SWEEP_SHAPES.join(', ')}, got "${predict}".`);
  if (values.note !== undefined && predict === undefined) fail('--note goes with --predict: say which shape you expect.');
  const workers = integer(values.workers as string | undefined, '--workers');
  if (workers === 0) fail('--workers must be at least 1.');
  const seed = integer(values.seed as string | undefined, '--seed');
  const exercise = resolveExercise(exerciseDir);
  const { file, note } = learnerFileFor(exercise, values as { file?: string; solution?: boolean; starter?: boolean; instructor?: boolean });
  const json = Boolean(values.json);
  if (note) process.stderr.write(`${note}\n`);
  let outcome;
  try {
    outcome = await runSweepCli(exercise, file, {
      seed, workers: workers ?? defaultWorkers(), backend: backend as BackendChoice, quick: Boolean(values.quick),
      prediction: predict ? { shape: predict as SweepShape, ...(values.note ? { note: String(values.note) } : {}) } : undefined,
      progress: true,
      saveIn: values['no-save'] ? undefined : process.cwd(),
    });
  } catch (error) {
    const runError = toRunError(error);
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, error: runError, passed: false })}\n`);
    else process.stderr.write(`${formatError(runError)}\n`);
    return EXIT.error;
  }
  const { sweep, savedTo } = outcome;
  if (json) process.stdout.write(`${toJson(sweepJson(sweep, savedTo))}\n`);
  else process.stdout.write(`${formatSweep(sweep, {}, resultsInStepOrder(exercise, sweep.checks ?? []))}\n${savedTo ? `Saved: ${path.relative(process.cwd(), savedTo)}\n` : ''}`);
  if (sweep.status === 'cancelled') return EXIT.error;
  return sweep.passed ? EXIT.passed : EXIT.failed;
}

async function commandValidate(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const packDir = positionals[0] ?? fail('dlx validate needs a pack folder.');
  const pack = loadPack(path.resolve(packDir));
  const json = Boolean(values.json);
  const problems: string[] = [];
  const report: { exercise: string; file: 'solution' | 'starter'; passed: boolean | null; verification?: RunResult['verification']; error?: string; wallMs: number }[] = [];
  if (!json) process.stdout.write(`${pack.title} (${pack.name} ${pack.version}): ${pack.exercises.length} exercises\n`);
  for (const exercise of pack.exercises) {
    for (const which of ['solution', 'starter'] as const) {
      const started = performance.now();
      const outcome = isSweepExercise(exercise)
        ? await validateSweep(exercise, exercise[which])
        : await runExercise(exercise, exercise[which], { backend: 'auto', progress: false });
      const wallMs = performance.now() - started;
      const passed = outcome.type === 'finished' ? outcome.result.passed : null;
      let verdict: string;
      if (outcome.type === 'failed') {
        verdict = `ERROR ${formatError(outcome.error)}`;
        problems.push(`${exercise.id}: the ${which} fails to run: ${outcome.error.message}`);
      } else if (which === 'solution' && !passed) {
        const failing = outcome.result.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`).join('; ');
        verdict = `FAIL the solution must pass its checks (${failing})`;
        problems.push(`${exercise.id}: the solution fails: ${failing}`);
      } else if (which === 'starter' && passed) {
        verdict = 'FAIL the starter must not pass the checks';
        problems.push(`${exercise.id}: the starter already passes every check`);
      } else {
        const failing = outcome.result.checks.filter((c) => !c.passed).length;
        const basis = `, ${verificationNote(outcome.result.verification)}`;
        verdict = which === 'solution' ? `ok (passes${basis})` : `ok (fails ${failing} check${failing === 1 ? '' : 's'}, as it should${basis})`;
      }
      const verification = outcome.type === 'finished' ? { verification: outcome.result.verification } : {};
      report.push({ exercise: exercise.id, file: which, passed, ...verification, ...(outcome.type === 'failed' ? { error: outcome.error.message } : {}), wallMs });
      if (!json) process.stdout.write(`  ${exercise.id} ${which.padEnd(8)} ${verdict} [${(wallMs / 1000).toFixed(1)} s]\n`);
    }
  }
  if (json) process.stdout.write(`${toJson({ pack: pack.name, exercises: pack.exercises.length, runs: report, problems, passed: problems.length === 0 })}\n`);
  else process.stdout.write(problems.length === 0 ? `Pack ${pack.name} is valid.\n` : `Pack ${pack.name} has ${problems.length} problem(s).\n`);
  return problems.length === 0 ? EXIT.passed : EXIT.failed;
}

/** A sweep exercise is validated by its sweep, with the reduced sizes of `sweepValidation`. */
async function validateSweep(exercise: Exercise, file: string): Promise<{ type: 'finished'; result: { passed: boolean; checks: { name: string; passed: boolean; message: string }[]; verification: Verification } } | { type: 'failed'; error: RunError }> {
  try {
    const { sweep } = await runSweepCli(exercise, file, { backend: 'auto', quick: true, progress: false });
    return { type: 'finished', result: { passed: sweep.passed ?? false, checks: sweep.checks ?? [], verification: sweep.verification ?? SWEEP_RECORDED_UNVERIFIED } };
  } catch (error) {
    return { type: 'failed', error: toRunError(error) };
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        file: { type: 'string' }, solution: { type: 'boolean' }, instructor: { type: 'boolean' }, starter: { type: 'boolean' },
        seed: { type: 'string' }, epochs: { type: 'string' }, backend: { type: 'string' },
        json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        set: { type: 'string', multiple: true },
        workers: { type: 'string' }, predict: { type: 'string' }, note: { type: 'string' }, quick: { type: 'boolean' }, 'no-save': { type: 'boolean' },
      },
    });
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n\n${USAGE}\n`);
    return EXIT.error;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || parsed.values.help ? EXIT.passed : EXIT.error;
  }
  try {
    if (command === 'run') return await commandRun(rest, parsed.values);
    if (command === 'sweep') return await commandSweep(rest, parsed.values);
    if (command === 'validate') return await commandValidate(rest, parsed.values);
    if (command === 'doctor') return await commandDoctor(Boolean(parsed.values.json));
    fail(`Unknown command "${command}".\n\n${USAGE}`);
  } catch (error) {
    const runError = toRunError(error);
    if (parsed.values.json) process.stdout.write(`${toJson({ error: runError, passed: false })}\n`);
    else process.stderr.write(`${formatError(runError)}\n`);
    return EXIT.error;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
