// The trainer's logic as a function of messages: `handle` takes host messages, `send` emits
// trainer messages. The child-process adapter (main.ts) and in-process tests share it.
import { activateBackend, chooseBackend, tfjsNodeStatus } from '../engine/backends';
import { loadCheckpoint } from '../engine/checkpoint';
import { evaluateCheck, isTrainerCheck } from '../engine/checks';
import { readLearnerAnswersFile } from '../engine/checks/answers';
import { buildDataset, checkBinaryLabels, splitDataset, type Dataset, type ThreeWaySplit } from '../engine/data';
import { evaluationChain } from '../engine/denseStack';
import { DlxError, toRunError } from '../engine/errors';
import { parseSettings, resolveSettings } from '../engine/experiment';
import { fusedUnsupportedReason } from '../engine/fused/net';
import type { FusedNetSpec } from '../engine/fused/spec';
import { compileLearnerFile, evaluateLearnerModule, learnerError, type LearnerModule } from '../engine/learner';
import { layerGroups } from '../engine/layerNorms';
import { trainingPenalty } from '../engine/losses';
import { finalResults, summarizeDataset } from '../engine/finalResults';
import { createSeededModel } from '../engine/init';
import { describeSchedule, optimizerNote, optimizerValues, type OptimizerValues } from '../engine/optimizers';
import { locateInModel, type TrainableModel } from '../engine/model';
import { loadExercise, type Exercise } from '../engine/pack';
import { deriveSeed } from '../engine/rng';
import { taskOf, type ExperimentSettings } from '../engine/settings';
import { Validator } from '../engine/validate';
import { createFusedEngine, createTfjsEngine, fusedAgreesWithTfjs, type StepEngine } from '../engine/stepEngines';
import { batchPlan, outputKindOf, train, type TrainingOutcome } from '../engine/training';
import type { Backend, ModelParams, EpochMetrics, RunResult, SandboxState, TrainedModelReport } from '../engine/results';
import { createCheckpointSender } from './checkpoints';
import { probeTrainer } from './probe';
import type { ModelTrainerMessage, RunRequest, TrainerToHost } from './protocol';

export interface TrainerCoreOptions {
  send(message: TrainerToHost): void;
  /** Milliseconds since the start that wallMs is measured from (process start in the child). */
  now(): number;
  /** How often progress is flushed; a few messages per second. */
  progressIntervalMs?: number;
  peakRssMb?(): number;
  /** How this process confines learner code; in-process runs have no sandbox. */
  sandbox?: SandboxState;
}

const IN_PROCESS: SandboxState = { on: false, reason: 'the run is in the calling process, not in a trainer child', memoryWatch: { on: false, reason: 'no trainer child to watch' } };

const YIELD_EVERY_MS = 40;
/** What the trainer says of its own verdict: only the host's verifier (src/host/verifyOutcome.ts) may say more. */
const UNVERIFIED_IN_TRAINER = { state: 'unverified', reason: 'decided in the trainer process, where learner code runs; only the host verifies a run' } as const;

export function createTrainerCore(options: TrainerCoreOptions) {
  const progressIntervalMs = options.progressIntervalMs ?? 250;
  const sandbox = options.sandbox ?? IN_PROCESS;
  let cancelled = false;

  async function handle(message: ModelTrainerMessage): Promise<void> {
    if (message.type === 'cancel') {
      cancelled = true;
      return;
    }
    if (message.type === 'probe') {
      options.send({ type: 'probed', probe: await probeTrainer(sandbox) });
      return;
    }
    cancelled = false;
    try {
      options.send({ type: 'finished', ...(await run(message.request)) });
    } catch (error) {
      options.send({ type: 'failed', error: toRunError(error) });
    }
  }

  async function run(request: RunRequest): Promise<{ result: RunResult; trained: TrainedModelReport }> {
    const startupMs = options.now();
    const exercise = loadExercise(request.exerciseDir);
    const compileStart = options.now();
    const learner = evaluateLearnerModule(await compileLearnerFile(request.learnerFile), {
      log: (text) => options.send({ type: 'log', text }),
    });
    const compileMs = options.now() - compileStart;
    const overrides = request.overrides && parseSettings(request.overrides, 'overrides', new Validator('the sweep', 'settings'));
    const { settings, warnings } = resolveSettings(exercise.defaults, learner.experiment, exercise.locked, { ...request, overrides });
    const params = request.modelParams ?? {};
    const optimizer = optimizerValues(settings);

    const dataStart = options.now();
    const dataset = buildDataset(settings.data, exercise.packDir, settings.seed);
    checkBinaryLabels(settings.loss, dataset, settings.data);
    const split = splitDataset(dataset, settings, settings.seed);
    const dataMs = options.now() - dataStart;
    warnings.push(...taskWarnings(settings, dataset), ...splitWarnings(settings, dataset, split));
    const { batchSize } = batchPlan(settings, split.train.rows);

    if (request.startFrom?.resume && request.startFrom.epoch >= settings.epochs) {
      throw new DlxError('settings', `The checkpoint is of epoch ${request.startFrom.epoch}, and the experiment has ${settings.epochs} epochs: there is nothing left to resume. Raise epochs, or evaluate the checkpoint with --from-checkpoint and --epochs 0.`);
    }
    const buildModel = () => {
      const built = createSeededModel(learner, dataset.features.length, settings, params);
      try {
        if (request.startFrom) loadCheckpoint(built, request.startFrom.artifacts);
      } catch (error) {
        built.dispose();
        throw error;
      }
      return built;
    };
    await activateBackend('cpu');
    let model = buildModel();
    checkOutputUnits(settings, dataset, model, learner);
    const fused = fusedSpecFor(model, settings, optimizer, split.train, dataset.features.length);
    const choice = chooseBackend(request.backend, { fusable: typeof fused === 'string' ? fused : true, parameters: model.summary.parameters, rowsPerStep: batchSize }, () => tfjsNodeStatus().loaded);
    if (choice.warning) warnings.push(choice.warning);
    if (choice.backend !== 'fused' && choice.backend !== 'cpu') {
      // Variables live on a backend: rebuild the model there, from the same seed, so the start is identical.
      model.dispose();
      await activateBackend(choice.backend);
      model = buildModel();
    }
    const features = dataset.features.length;
    const engine: StepEngine = choice.backend === 'fused'
      ? createFusedEngine(fused as FusedNetSpec, Math.max(split.train.rows, split.dev?.rows ?? 0, split.test?.rows ?? 0), features, layerGroups(model).map((group) => group.name))
      : createTfjsEngine(model, settings, features);
    // A resumed run's optimizer goes on from its saved state: the steps after it are the uninterrupted run's.
    const from = request.startFrom;
    const optimizerRestore = from?.resume ? (from.optimizerState ? await engine.restoreOptimizerState(from.optimizerState) : 'not saved') : null;
    warnings.push(...model.notes, ...trainingNotes(settings, model, engine, optimizer), ...checkpointNotes(request, settings, model, optimizerRestore));

    options.send({
      type: 'started',
      run: {
        exercise: exercise.id, backend: choice.backend, backendReason: choice.reason, sandbox, settings,
        task: taskOf(settings.loss), dataset: summarizeDataset(dataset, split), model: model.summary, warnings,
      },
    });

    const reporter = progressReporter();
    const checkpoints = settings.checkpoint && createCheckpointSender({ settings: settings.checkpoint, model, engine, send: options.send, now: options.now });
    try {
      const saveCheckpoint = checkpoints ? { saveCheckpoint: checkpoints.save } : {};
      const outcome = await train(engine, settings, split, { features, units: model.summary.outputUnits }, { ...reporter, ...saveCheckpoint }, request.startFrom?.resume ? request.startFrom.epoch : 0);
      reporter.flush();
      checkpoints?.flush();
      return finish({ checkpoints: checkpoints?.saved(), startedFrom: request.startFrom && { epoch: request.startFrom.epoch, resume: request.startFrom.resume }, exercise, settings, optimizer, dataset, split, model, engine, outcome, backend: choice.backend, backendReason: choice.reason, timings: { startupMs, compileMs, dataMs }, learnerFile: request.learnerFile });
    } catch (error) {
      throw learnerError(error, learner.compiled, 'training');
    } finally {
      engine.dispose();
      model.dispose();
    }
  }

  function progressReporter() {
    let pending: EpochMetrics[] = [];
    let lastFlush = options.now();
    let lastYield = options.now();
    const flush = () => {
      if (pending.length > 0) options.send({ type: 'progress', epochs: pending });
      pending = [];
      lastFlush = options.now();
    };
    return {
      now: options.now,
      onEpoch(metrics: EpochMetrics) {
        pending.push(metrics);
        if (metrics.epoch === 1 || options.now() - lastFlush >= progressIntervalMs || !Number.isFinite(metrics.train.loss)) flush();
      },
      async checkpoint() {
        if (options.now() - lastYield >= YIELD_EVERY_MS) {
          // Let a cancel message in.
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = options.now();
        }
        if (cancelled) flush();
        return cancelled;
      },
      flush,
    };
  }

  function finish(run: {
    checkpoints?: RunResult['checkpoints']; startedFrom?: RunResult['startedFrom'];
    exercise: Exercise; settings: ExperimentSettings; optimizer: OptimizerValues; dataset: Dataset; split: ThreeWaySplit;
    model: TrainableModel; engine: StepEngine; outcome: TrainingOutcome; backend: Backend; backendReason: string;
    timings: { startupMs: number; compileMs: number; dataMs: number }; learnerFile: string;
  }): { result: RunResult; trained: TrainedModelReport } {
    const { settings, dataset, split, model, engine, outcome } = run;
    const kind = outputKindOf(settings.loss);
    const trainPass = engine.evaluate(split.train.x, split.train.y, split.train.rows);
    const devPass = split.dev ? engine.evaluate(split.dev.x, split.dev.y, split.dev.rows) : null;
    const testPass = split.test ? engine.evaluate(split.test.x, split.test.y, split.test.rows) : null;
    const { metrics, evaluation } = finalResults(kind, model.summary.outputUnits, dataset, split, { train: trainPass, dev: devPass, test: testPass });
    const completed = outcome.status === 'completed';
    const summary = summarizeDataset(dataset, split);
    const answers = run.exercise.checks.some((check) => check.kind === 'answer') ? readLearnerAnswersFile(run.learnerFile) : undefined;
    const checks = run.exercise.checks.filter(isTrainerCheck).map((check) => evaluateCheck(check, { settings, dataset: summary, model: model.summary, metrics, completed, answers }));
    const trainMs = outcome.trainMs;
    const result: RunResult = {
      exercise: run.exercise.id,
      backend: run.backend,
      backendReason: run.backendReason,
      sandbox,
      seed: settings.seed,
      epochs: outcome.epochs,
      status: outcome.status,
      wallMs: options.now(),
      timings: { ...run.timings, firstEpochMs: outcome.firstEpochMs, trainMs, steps: outcome.steps, msPerStep: outcome.steps ? trainMs / outcome.steps : 0 },
      peakRssMb: options.peakRssMb?.() ?? 0,
      metrics,
      optimizer: { ...run.optimizer, ...(settings.lrSchedule ? { lrSchedule: settings.lrSchedule } : {}) },
      ...(outcome.earlyStopping ? { earlyStopping: outcome.earlyStopping } : {}),
      ...(run.checkpoints ? { checkpoints: run.checkpoints } : {}),
      ...(run.startedFrom ? { startedFrom: run.startedFrom } : {}),
      evaluation,
      checks,
      passed: checks.every((check) => check.passed),
      diagnosis: diagnose(settings, dataset, outcome),
      verification: UNVERIFIED_IN_TRAINER,
    };
    return { result, trained: trainedReport(model, engine) };
  }

  return { handle };
}

/** The final weights as the verifier rebuilds them: the trained dense chain, or why there is none. */
function trainedReport(model: TrainableModel, engine: StepEngine): TrainedModelReport {
  const style = model.summary.style;
  const trained = engine.trainedLayers();
  const layers = typeof trained === 'string' ? trained : evaluationChain(trained);
  if (typeof layers === 'string') return { style, unavailable: layers };
  return {
    style,
    layers: layers.map(({ inputSize, units, activation, alpha, kernel, bias }) => ({
      inputSize, units, activation, ...(alpha !== undefined ? { alpha } : {}), kernel: Array.from(kernel), bias: bias && Array.from(bias),
    })),
  };
}

/** The fused path's spec for this model and recipe, or why the fast path cannot take it. */
function fusedSpecFor(model: TrainableModel, settings: ExperimentSettings, optimizer: OptimizerValues, train: ThreeWaySplit['train'], features: number): FusedNetSpec | string {
  const layers = model.denseStack();
  if (typeof layers === 'string') return layers;
  const spec: FusedNetSpec = {
    layers, loss: settings.loss, optimizer,
    penalties: { weightDecay: settings.weightDecay, l1: settings.l1 }, dropoutSeed: deriveSeed(settings.seed, 'dropout'),
  };
  const reason = fusedUnsupportedReason(spec);
  if (reason) return reason;
  return fusedAgreesWithTfjs(spec, model, train.x, train.rows, features) ? spec : 'its forward pass does not match the model on the data';
}

function checkOutputUnits(settings: ExperimentSettings, dataset: Dataset, model: TrainableModel, learner: LearnerModule): void {
  const units = model.summary.outputUnits;
  const lastLayer = () => ({ location: locateInModel(learner, 'lastLayer') });
  const classes = dataset.classes?.length ?? 0;
  if (settings.loss === 'crossEntropy') {
    if (classes === 0) throw new DlxError('settings', `The loss crossEntropy is for class labels, but the target "${dataset.target}" is a continuous value. Use loss: 'mse' for regression.`);
    if (units !== classes) throw new DlxError('shape', `Your model ends with ${units} output unit${units === 1 ? '' : 's'}, but the data has ${classes} classes (${dataset.classes!.join(', ')}): crossEntropy needs one output unit (logit) per class, so the last layer needs ${classes} units.`, lastLayer());
  } else if (units !== 1) {
    const why = settings.loss === 'mse' ? 'a regression predicts one number' : `${settings.loss} predicts one probability`;
    throw new DlxError('shape', `Your model ends with ${units} output units, but ${why}: the last layer needs 1 unit${classes > 2 ? ` (or use loss: 'crossEntropy' with ${classes} units for ${classes} classes)` : ''}.`, lastLayer());
  }
  if (settings.loss !== 'mse' && settings.loss !== 'crossEntropy' && classes > 2) {
    throw new DlxError('settings', `The data has ${classes} classes, but ${settings.loss} handles two. Use loss: 'crossEntropy' with ${classes} output units.`);
  }
}

function trainingNotes(settings: ExperimentSettings, model: TrainableModel, engine: StepEngine, optimizer: OptimizerValues): string[] {
  const notes: string[] = [];
  const optimizerText = optimizerNote(optimizer);
  if (optimizerText) notes.push(optimizerText);
  if (settings.lrSchedule) notes.push(`Learning rate ${settings.learningRate}, ${describeSchedule(settings.lrSchedule)} (PyTorch's ${settings.lrSchedule.kind === 'step' ? 'StepLR' : 'ExponentialLR'}, stepped after each epoch); each epoch's rate is in its metrics.`);
  if (!engine.stepOutputsMatchEvaluation) {
    notes.push('Train metrics each epoch come from a pass over the train split in evaluation mode after the epoch\'s steps, as test metrics do (dropout off, running batch-norm statistics): this model\'s training and evaluation passes can differ.');
  }
  if (trainingPenalty(model, settings)) {
    notes.push('The train loss is the data loss alone; what weightDecay, l1 and layer regularizers add to the loss being minimized is reported apart, as the train penalty of each epoch.');
  }
  return notes;
}

/** `optimizerRestore`: a resumed run's optimizer state, null when restored (or not resumed), else 'not saved' or why it did not fit. */
function checkpointNotes(request: RunRequest, settings: ExperimentSettings, model: TrainableModel, optimizerRestore: string | null): string[] {
  const notes: string[] = [];
  const from = request.startFrom;
  if (from) {
    const what = from.resume
      ? `Resumed after epoch ${from.epoch} from its checkpoint: epochs ${from.epoch + 1} to ${settings.epochs} train on its weights, in the batch order of the uninterrupted run.`
      : `Started from a checkpoint's weights (epoch ${from.epoch} of the run that saved it) with a fresh optimizer; ${settings.epochs === 0 ? 'with 0 epochs, the run only evaluates them' : `its ${settings.epochs} epochs count from 1`}.`;
    const state = settings.optimizer === 'adam' ? 'its moment estimates and step count' : settings.optimizer === 'momentum' ? 'its velocity' : 'its running average of squared gradients';
    const restarted = 'it starts fresh, so the steps after it differ from those of an uninterrupted run';
    const optimizerState = !from.resume || settings.optimizer === 'sgd' ? ''
      : optimizerRestore === null ? ` The ${settings.optimizer} optimizer's state (${state}) was restored from the checkpoint, so the steps after it are those of the uninterrupted run.`
        : optimizerRestore === 'not saved' ? ` Optimizer state not saved: restarted. The checkpoint holds no ${settings.optimizer} state (${state}; checkpoints of older versions lack it): ${restarted}.`
          : ` Optimizer state not restored: restarted. The checkpoint's ${settings.optimizer} state does not fit this run (${optimizerRestore}): ${restarted}.`;
    const stopping = from.resume && settings.earlyStopping ? ' Early stopping counts its patience and best epoch anew from here.' : '';
    notes.push(`${what}${optimizerState}${stopping}`);
  }
  if (settings.checkpoint && model.style === 'class') {
    notes.push('A class model has no topology tfjs can save: its checkpoints hold its weights only (model.json lists them in order, with their shapes), for --from-checkpoint and --resume with the same class; tf.loadLayersModel cannot open them.');
  }
  return notes;
}

function splitWarnings(settings: ExperimentSettings, dataset: Dataset, split: ThreeWaySplit): string[] {
  const warnings: string[] = [];
  const monitor = settings.earlyStopping?.monitor;
  if (monitor?.startsWith('test')) {
    warnings.push(`Early stopping watches ${monitor}: the test set then chooses the model, so its final metrics are no longer an unbiased estimate. A dev set (devFraction) is for that.`);
  }
  const missing = (dataset.classes ?? []).filter((_, c) => !split.train.y.includes(c));
  if (missing.length > 0) {
    warnings.push(`The train split has no example of class ${missing.join(', ')} (split '${settings.split ?? 'random'}'${settings.split === 'ordered' ? ': the data is in class order, so the last rows are all one class' : ''}): the model cannot learn ${missing.length === 1 ? 'it' : 'them'}.`);
  }
  return warnings;
}

function taskWarnings(settings: ExperimentSettings, dataset: Dataset): string[] {
  if (settings.loss === 'mse' && dataset.classes) {
    return [`Hint: the target "${dataset.target}" holds class labels (${dataset.classes.join(', ')}), but the loss is mse, a regression loss. For classes, use 'crossEntropy' (or 'binaryCrossEntropy' for two).`];
  }
  return [];
}

function earlyStoppingNote(settings: ExperimentSettings, outcome: TrainingOutcome): string {
  const result = outcome.earlyStopping!;
  const { monitor, patience, restoreBestWeights } = settings.earlyStopping!;
  const ended = result.stoppedEpoch !== null
    ? `Early stopping ended training at epoch ${result.stoppedEpoch} of ${settings.epochs}: ${monitor} had not improved for ${patience} epoch${patience === 1 ? '' : 's'}.`
    : `Early stopping did not stop training (${monitor} improved within every ${patience} epochs).`;
  if (result.bestEpoch === null) return `${ended} No epoch had a usable ${monitor}, so no weights were restored.`;
  if (result.restored) return `${ended} The weights of the best epoch (${result.bestEpoch}) were restored, so the final metrics are those of the weights at the end of epoch ${result.bestEpoch} (its dev and test points on the curves; an epoch's train point comes from its steps, before their updates), not of the last epoch.`;
  const why = restoreBestWeights === false ? "restoreBestWeights is false, so the final weights are the last epoch's"
    : result.bestEpoch === outcome.epochs ? 'it is the last one, so nothing needed restoring'
      : 'the run did not complete, so its weights were not restored';
  return `${ended} The best epoch was ${result.bestEpoch}; ${why}.`;
}

function diagnose(settings: ExperimentSettings, dataset: Dataset, outcome: TrainingOutcome): string[] {
  const notes: string[] = [];
  if (outcome.status === 'diverged') {
    // A fact; what to try (a lower learning rate) is the host's advice (src/engine/advice.ts).
    notes.push(`The loss became NaN or infinite at epoch ${outcome.epochs}, so training stopped there.`);
  }
  const classes = dataset.classes?.length;
  if (classes && outcome.bestTrainAccuracy !== undefined && outcome.status !== 'diverged') {
    const chance = Math.max(...Array.from({ length: classes }, (_, c) => dataset.y.filter((label) => label === c).length)) / dataset.rows;
    if (outcome.bestTrainAccuracy <= chance + 0.02) {
      notes.push(`Accuracy stayed at chance level (${(chance * 100).toFixed(0)}%) for the whole run: the model did not learn.`);
    }
  }
  if (outcome.status === 'stopped') notes.push(`Stopped after ${outcome.epochs} of ${settings.epochs} epochs.`);
  if (outcome.earlyStopping && settings.earlyStopping) notes.push(earlyStoppingNote(settings, outcome));
  return notes;
}

