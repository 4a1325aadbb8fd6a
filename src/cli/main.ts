// `dlx`: run an exercise or validate a pack from the command line, on the same engine.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { attemptState, fileIsUnchangedStarter, whereToBeginIn } from '../engine/attempt';
import { DlxError, toRunError } from '../engine/errors';
import { resultsInStepOrder } from '../engine/hints';
import { isSweepExercise, loadPack, type Exercise } from '../engine/pack';
import { BACKEND_CHOICES, type BackendChoice, type RunResult } from '../engine/results';
import { type RunRequest } from '../trainer/protocol';
import { parseSettings } from '../engine/experiment';
import { axisTarget, DATA_FIELD_PREFIX, SWEEP_SHAPES, type SweepShape, type SweepValue } from '../engine/sweep';
import { Validator } from '../engine/validate';
import { verificationNote } from '../engine/verdict';
import { formatError, formatResult, formatSweep, toJson } from './format';
import { defaultWorkers } from '../host/sweep';
import { runSweepCli, sweepJson } from './sweep';
import { commandDoctor } from './doctor';
import { commandGrade, commandGradeMerge } from './grade';
import { parseShard } from '../host/shard';
import { mergeSweepShards, readSweepShard, writeSweepShard } from '../host/sweepShard';
import { saveSweep } from '../host/sweepStore';
import type { SweepResult } from '../engine/sweep';
import { resolveExercise } from './resolveExercise';
import { planStart } from '../host/startFrom';
import { checkpointsDirOf } from '../host/checkpointStore';
import { RunStore } from '../host/runStore';
import { MODEL_SWEEP_FLAGS, runFunctionCli } from './functionRun';
import { runExercise } from './runExercise';
import { commandInstall, commandNew, commandPack } from './packCommands';
import { affectedExercises, Revalidator, watchPack } from './watch';

const USAGE = `Usage:
  dlx run <exercise|dir> [--file <learner file> | --solution [--instructor] | --starter] [--seed N] [--epochs N]
                         [--set name=value]... [--backend ${BACKEND_CHOICES.join('|')}] [--json] [--require-verified]
                         [--from-checkpoint <run-id|folder> | --resume <run-id>]
  dlx sweep <exercise|dir> [--file <learner file> | --solution [--instructor] | --starter] [--workers N] [--seed N]
                           [--predict ${SWEEP_SHAPES.join('|')} [--note TEXT]] [--quick] [--no-save]
                           [--backend ${BACKEND_CHOICES.join('|')}] [--json]
  dlx sweep <exercise|dir> --shard i/n --out <dir> [options as above]
  dlx sweep merge <shard dir>... [--no-save] [--json]
  dlx validate <pack-dir> [--json | --watch]
  dlx grade <pack-dir> <submissions-dir> [--out <dir>] [--jobs N] [--shard i/n] [--exercises a,b]
                                         [--allow-unverified] [--backend ${BACKEND_CHOICES.join('|')}]
  dlx grade merge <shard out dir>... [--out <dir>]
  dlx doctor [--json]
  dlx new pack <dir> | dlx new exercise <pack-dir> <id>
  dlx pack <pack-dir> [--out <dir>]
  dlx install <file.dlxpack | pack-dir | git-url> [--into <dir>] [--force]

run       trains a learner file and checks it. Without --file it uses ./<the exercise's learner file>
          when it exists, else the starter. Exit 0: all checks pass; 1: a check failed; 2: an error.
          --require-verified: a pass the verifier could not confirm exits 1 (an autograder's rule).
          --set replays one run of a sweep: a setting (learningRate=0.05, batchSize=32) or a model
          parameter (units=8, handed to createModel / new Model), or a field of the data recipe
          (data.slope=3), as the sweep hands it. With experiment.checkpoint, the run's record and its
          checkpoints go to ./.dlx/runs/. --from-checkpoint starts from a saved run's best (else last)
          checkpoint, or a checkpoint folder (--epochs 0: evaluate it only); --resume continues a stopped
          run from its last checkpoint, counting its epochs on, to its own epochs (or --epochs N in all).
          --solution refuses when the pack hides its solutions, unless --instructor is given. --json has
          state: notAttempted (the file still equals the starter), error, failing or passing.
sweep     runs the experiment's sweep (the exercise's, with the file's \`sweep\` export over it) on a pool
          of trainer processes (default: one per CPU core), prints the outcome by setting and the
          checks; exit codes as run. Saves the record under ./.dlx/sweeps/ (--no-save: not). For a
          function exercise with a function.sweep: its whole run, as dlx run prints it (--set too).
          --shard i/n runs every n-th run of the plan into <dir>/sweep-shard.json; sweep merge joins
          all n shards into the sweep's summary, checks and verdict, as one machine would give them.
validate  checks a pack: well formed, every file present, every solution passes, every starter fails.
          --watch: then again whenever a file changes, only the exercises the change touches.
grade     grades a class: <submissions-dir> holds one folder per learner with their learner files
          (named as the exercises' learnerFile). Each run in a fresh sandboxed trainer, verified;
          sweep exercises by their sweep at validation sizes. Writes grades.csv, grades.json and
          feedback/<learner>.md to --out (default ./grades). --jobs: trainers at once (default: one
          per core). --shard i/n grades every n-th learner (sorted by name); grade merge joins the
          shards' outputs into the same files. An unverified pass counts only with --allow-unverified.
doctor    shows what runs learner code here: the trainer's runtime, the backends that load, what auto
          picks for a dense model, and the sandbox with its flags.
new       scaffolds a pack (with a first exercise) in a new or empty folder, or adds an exercise to a pack:
          README, starter (runs, fails a check), solution (passes), checks, data/ with a provenance note.
pack      checks a pack's format and files, then writes <name>-<version>.dlxpack (a zip with a manifest of
          sha256 hashes) into --out (default: here). The same pack always gives the same bytes.
install   installs a .dlxpack, a pack folder or a git repository (cloned with git) into --into (default:
          $DLX_PACKS_DIR or ~/.dlx/packs). An update replaces the pack's own files only; a version older
          than the installed one is refused unless --force.`;

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

async function commandRun(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const started = performance.now();
  const exerciseDir = positionals[0] ?? fail('dlx run needs an exercise folder.');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}".`);
  const exercise = resolveExercise(exerciseDir);
  const { file, note } = learnerFileFor(exercise, values as { file?: string; solution?: boolean; starter?: boolean; instructor?: boolean });
  const json = Boolean(values.json);
  if (note) process.stderr.write(`${note}\n`);
  if (exercise.kind === 'function') return EXIT[await runFunctionCli(exercise, file, values.set as string[] | undefined, json)];
  if (isSweepExercise(exercise)) process.stderr.write(`${exercise.id} is checked on a sweep: this is one run of it. \`dlx sweep ${exerciseDir}\` runs and checks the sweep.\n`);
  const store = new RunStore(process.cwd());
  const start = planStart({ fromCheckpoint: values['from-checkpoint'] as string | undefined, resume: values.resume as string | undefined, learnerFile: file }, exercise, store);
  for (const line of start?.notes ?? []) process.stderr.write(`${line}\n`);
  const seed = integer(values.seed as string | undefined, '--seed');
  const epochs = integer(values.epochs as string | undefined, '--epochs');
  if (epochs === 0 && !start) fail('--epochs 0 trains nothing: it goes with --from-checkpoint, to evaluate saved weights.');
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { check, snapshot, savedTo } = await runExercise(exercise, file, {
    seed: seed ?? start?.seed,
    epochs: epochs ?? start?.epochs,
    backend: backend as BackendChoice,
    progress: true,
    oneRun: true,
    ...assignments(values.set as string[] | undefined, exercise),
    ...(start ? { startFrom: start.startFrom } : {}),
    record: { store, runId, earlier: start?.earlier ?? [] },
  });
  const state = attemptState({ unchangedStarter: fileIsUnchangedStarter(exercise, file), error: !check.run, passed: check.run?.passed === true });
  const begin = state === 'notAttempted' ? whereToBeginIn(exercise) : undefined;
  if (!check.run) {
    const error = check.error!;
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, state, error, passed: false, verdict: check.verdict })}\n`);
    else process.stderr.write(`${formatError(error)}\n${begin ? `${begin}\n` : ''}`);
    return EXIT.error;
  }
  const result: RunResult = { ...check.run, wallMs: performance.now() - started };
  if (json) {
    const { exercise: id, backend: used, backendReason, sandbox, seed: ranSeed, epochs: ranEpochs, wallMs, metrics, optimizer, earlyStopping, checkpoints, startedFrom, checks, passed, verification, status, timings, peakRssMb, diagnosis, advice } = result;
    const layers = snapshot.latest?.layers;
    const saved = savedTo ? { runId, record: savedTo, ...(checkpoints ? { checkpointsDir: checkpointsDirOf(savedTo) } : {}) } : {};
    process.stdout.write(`${toJson({ exercise: id, state, backend: used, seed: ranSeed, epochs: ranEpochs, wallMs, metrics, optimizer, ...(earlyStopping ? { earlyStopping } : {}), ...(checkpoints ? { checkpoints } : {}), ...(startedFrom ? { startedFrom } : {}), ...(layers ? { layers } : {}), ...saved, checks, passed, verdict: check.verdict, verification, backendReason, sandbox, status, timings, peakRssMb, diagnosis, advice: advice ?? [] })}\n`);
  } else {
    process.stdout.write(`${formatResult(result, snapshot.latest, resultsInStepOrder(exercise, result.checks))}\n${begin ? `${begin}\n` : ''}${savedTo ? `Saved: ${path.relative(process.cwd(), savedTo)} (run ${runId}${result.status === 'completed' ? '' : `; resume it with --resume ${runId}`})\n` : ''}`);
  }
  if (values['require-verified'] && check.verdict === 'unverified') {
    process.stderr.write('--require-verified: the checks passed, but the verifier could not confirm them, so this does not count as a pass.\n');
    return EXIT.failed;
  }
  return result.passed ? EXIT.passed : EXIT.failed;
}

async function commandSweep(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  if (positionals[0] === 'merge') return commandSweepMerge(positionals.slice(1), values);
  const exerciseDir = positionals[0] ?? fail('dlx sweep needs an exercise folder.');
  const shard = values.shard !== undefined ? parseShard(String(values.shard)) : undefined;
  if (shard && values.out === undefined) fail('--shard needs --out <dir>: the folder that gets this shard\'s runs (sweep-shard.json).');
  if (!shard && values.out !== undefined) fail('dlx sweep takes --out only with --shard; an unsharded sweep saves its record under ./.dlx/sweeps/.');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}".`);
  const predict = values.predict as string | undefined;
  if (predict !== undefined && !SWEEP_SHAPES.includes(predict as SweepShape)) fail(`--predict must be one of ${SWEEP_SHAPES.join(', ')}, got "${predict}".`);
  if (values.note !== undefined && predict === undefined) fail('--note goes with --predict: say which shape you expect.');
  const workers = integer(values.workers as string | undefined, '--workers');
  if (workers === 0) fail('--workers must be at least 1.');
  const seed = integer(values.seed as string | undefined, '--seed');
  const exercise = resolveExercise(exerciseDir);
  if (exercise.kind === 'function' && !exercise.function?.sweep) fail(`${exercise.id} is a function exercise without a sweep ($.function.sweep): \`dlx run ${exerciseDir}\` runs its descent and its checks.`);
  const unused = exercise.kind === 'function' ? MODEL_SWEEP_FLAGS.find((flag) => values[flag] !== undefined) : undefined;
  if (unused) fail(`--${unused} is for a model exercise's sweep; ${exercise.id} is a function exercise, whose sweep repeats its descent in one trainer child (the same as \`dlx run\`).`);
  const { file, note } = learnerFileFor(exercise, values as { file?: string; solution?: boolean; starter?: boolean; instructor?: boolean });
  const json = Boolean(values.json);
  if (note) process.stderr.write(`${note}\n`);
  if (exercise.kind === 'function') return EXIT[await runFunctionCli(exercise, file, values.set as string[] | undefined, json)];
  let outcome;
  try {
    outcome = await runSweepCli(exercise, file, {
      seed, workers: workers ?? defaultWorkers(), backend: backend as BackendChoice, quick: Boolean(values.quick),
      prediction: predict ? { shape: predict as SweepShape, ...(values.note ? { note: String(values.note) } : {}) } : undefined,
      progress: true,
      saveIn: values['no-save'] || shard ? undefined : process.cwd(),
      shard,
    });
  } catch (error) {
    const runError = toRunError(error);
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, error: runError, passed: false })}\n`);
    else process.stderr.write(`${formatError(runError)}\n`);
    return EXIT.error;
  }
  if (shard) {
    const written = writeSweepShard(String(values.out), outcome.sweep, shard, outcome.plannedRuns);
    process.stdout.write(`Shard ${shard.index}/${shard.count}: ${outcome.sweep.runs.length} of ${outcome.plannedRuns} runs in ${path.relative(process.cwd(), written)}. Merge all shards with \`dlx sweep merge\`.\n`);
    return EXIT.passed;
  }
  return reportSweep(exercise, outcome.sweep, outcome.savedTo, json);
}

function reportSweep(exercise: Exercise, sweep: SweepResult, savedTo: string | undefined, json: boolean): number {
  if (json) process.stdout.write(`${toJson(sweepJson(sweep, savedTo))}\n`);
  else process.stdout.write(`${formatSweep(sweep, {}, resultsInStepOrder(exercise, sweep.checks ?? []))}\n${savedTo ? `Saved: ${path.relative(process.cwd(), savedTo)}\n` : ''}`);
  if (sweep.status === 'cancelled') return EXIT.error;
  return sweep.passed ? EXIT.passed : EXIT.failed;
}

/** `dlx sweep merge <dirs...>`: the shards' runs as the one sweep, decided and reported as `dlx sweep` does. */
function commandSweepMerge(dirs: string[], values: Record<string, string | boolean | string[] | undefined>): number {
  if (dirs.length === 0) fail('dlx sweep merge needs the --out folders of the shards.');
  const shards = dirs.map((dir) => ({ file: readSweepShard(dir), label: dir }));
  const exercise = resolveExercise(shards[0].file.sweep.exercise);
  const json = Boolean(values.json);
  let sweep: SweepResult;
  try {
    sweep = mergeSweepShards(shards, exercise);
  } catch (error) {
    const runError = toRunError(error);
    if (json) process.stdout.write(`${toJson({ exercise: exercise.id, error: runError, passed: false })}\n`);
    else process.stderr.write(`${formatError(runError)}\n`);
    return EXIT.error;
  }
  return reportSweep(exercise, sweep, values['no-save'] ? undefined : saveSweep(process.cwd(), sweep), json);
}

async function commandValidate(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const packDir = positionals[0] ?? fail('dlx validate needs a pack folder.');
  const json = Boolean(values.json);
  if (values.watch) {
    if (json) fail('--watch prints as it goes; it does not take --json.');
    return watchValidate(path.resolve(packDir));
  }
  const pack = loadPack(path.resolve(packDir));
  if (!json) process.stdout.write(`${pack.title} (${pack.name} ${pack.version}): ${pack.exercises.length} exercises\n`);
  const { problems, report } = await validateExercises(pack.exercises, json);
  if (json) process.stdout.write(`${toJson({ pack: pack.name, exercises: pack.exercises.length, runs: report, problems, passed: problems.length === 0 })}\n`);
  else process.stdout.write(problems.length === 0 ? `Pack ${pack.name} is valid.\n` : `Pack ${pack.name} has ${problems.length} problem(s).\n`);
  return problems.length === 0 ? EXIT.passed : EXIT.failed;
}

/** Every solution must pass and every starter fail: one line per run unless `json`. */
async function validateExercises(exercises: Exercise[], json: boolean) {
  const problems: string[] = [];
  const report: { exercise: string; file: 'solution' | 'starter'; passed: boolean | null; verification?: RunResult['verification']; error?: string; wallMs: number }[] = [];
  for (const exercise of exercises) {
    for (const which of ['solution', 'starter'] as const) {
      const started = performance.now();
      const { check } = await runExercise(exercise, exercise[which], { backend: 'auto', progress: false, quickSweep: true });
      const wallMs = performance.now() - started;
      const { passed } = check;
      let verdict: string;
      if (passed === null) {
        verdict = `ERROR ${formatError(check.error!)}`;
        problems.push(`${exercise.id}: the ${which} fails to run: ${check.error!.message}`);
      } else if (which === 'solution' && !passed) {
        const failing = check.checks.filter((c) => !c.passed).map((c) => `${c.name}: ${c.message}`).join('; ');
        verdict = `FAIL the solution must pass its checks (${failing})`;
        problems.push(`${exercise.id}: the solution fails: ${failing}`);
      } else if (which === 'starter' && passed) {
        verdict = 'FAIL the starter must not pass the checks';
        problems.push(`${exercise.id}: the starter already passes every check`);
      } else {
        const failing = check.checks.filter((c) => !c.passed).length;
        const basis = `, ${verificationNote(check.verification)}`;
        verdict = which === 'solution' ? `ok (passes${basis})` : `ok (fails ${failing} check${failing === 1 ? '' : 's'}, as it should${basis})`;
      }
      const verification = passed !== null ? { verification: check.verification } : {};
      report.push({ exercise: exercise.id, file: which, passed, ...verification, ...(passed === null ? { error: check.error!.message } : {}), wallMs });
      if (!json) process.stdout.write(`  ${exercise.id} ${which.padEnd(8)} ${verdict} [${(wallMs / 1000).toFixed(1)} s]\n`);
    }
  }
  return { problems, report };
}

/** Validates the whole pack, then, until Ctrl+C, what each change touches (src/cli/watch.ts). */
async function watchValidate(packDir: string): Promise<number> {
  const round = async (changed: string[]) => {
    let pack;
    try {
      pack = loadPack(packDir);
    } catch (error) {
      process.stdout.write(`${formatError(toRunError(error))}\n`);
      return;
    }
    const exercises = changed.length === 0 ? pack.exercises : affectedExercises(pack, changed);
    if (changed.length) process.stdout.write(`\n${changed.join(', ')} changed: validating ${exercises.map((e) => e.id).join(', ')}\n`);
    const { problems } = await validateExercises(exercises, false);
    process.stdout.write(problems.length === 0 ? `ok: ${pack.name} loads, and ${exercises.length === pack.exercises.length ? 'every exercise' : exercises.map((e) => e.id).join(', ')} passes and fails as it should.\n` : `${problems.length} problem(s).\n`);
  };
  await round([]);
  const revalidator = new Revalidator(round);
  const stop = watchPack(packDir, (file) => revalidator.notify(file));
  process.stdout.write(`Watching ${packDir} for changes (Ctrl+C stops).\n`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  stop();
  revalidator.dispose();
  return EXIT.passed;
}

async function grade(positionals: string[], values: Record<string, string | boolean | string[] | undefined>): Promise<number> {
  const out = (values.out as string | undefined) ?? 'grades';
  if (positionals[0] === 'merge') {
    if (positionals.length < 2) fail('dlx grade merge needs the output folders of the shards.');
    return commandGradeMerge(positionals.slice(1), out);
  }
  const [packDir, submissions] = positionals;
  if (!packDir || !submissions) fail('dlx grade needs a pack folder and a submissions folder (one folder per learner).');
  const backend = (values.backend as string | undefined) ?? 'auto';
  if (!BACKEND_CHOICES.includes(backend as BackendChoice)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}".`);
  const jobs = integer(values.jobs as string | undefined, '--jobs');
  if (jobs === 0) fail('--jobs must be at least 1.');
  return commandGrade(packDir, submissions, {
    out, jobs, backend: backend as BackendChoice, allowUnverified: Boolean(values['allow-unverified']),
    shard: values.shard as string | undefined, exercises: values.exercises as string | undefined,
  });
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
        set: { type: 'string', multiple: true }, 'from-checkpoint': { type: 'string' }, resume: { type: 'string' },
        into: { type: 'string' }, force: { type: 'boolean' }, watch: { type: 'boolean' },
        workers: { type: 'string' }, predict: { type: 'string' }, note: { type: 'string' }, quick: { type: 'boolean' }, 'no-save': { type: 'boolean' },
        'require-verified': { type: 'boolean' }, out: { type: 'string' }, jobs: { type: 'string' }, shard: { type: 'string' }, exercises: { type: 'string' }, 'allow-unverified': { type: 'boolean' },
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
    if (command === 'grade') return await grade(rest, parsed.values);
    if (command === 'new') return commandNew(rest);
    if (command === 'pack') return await commandPack(rest, parsed.values);
    if (command === 'install') return await commandInstall(rest, parsed.values);
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
