// "What to try next": advice in the learner's words, from what a finished run showed. Computed in
// the host (src/host/trainerProcess.ts) and the CLI from the run's report, never in the trainer,
// where learner code runs. Each rule fires only on evidence in the run; the trainer's `diagnosis`
// keeps the facts (the epoch training stopped, chance-level accuracy), this says what to do.
import type { EpochMetrics, ModelSummary, RunResult, SplitMetrics } from './results';
import type { ExperimentSettings, TaskKind } from './settings';

export type AdviceRule = 'diverged' | 'chanceLevel' | 'overfitting' | 'stillLearning' | 'lossOutputMismatch';

export interface Advice {
  rule: AdviceRule;
  /** One or two sentences: what the run showed, and what to try. */
  text: string;
}

export interface AdviceInput {
  settings: Pick<ExperimentSettings, 'learningRate' | 'loss' | 'epochs'>;
  task: TaskKind;
  model: Pick<ModelSummary, 'variableShapes'>;
  /** Per-epoch metrics as the trainer reported them (thinned is fine). */
  epochs: readonly EpochMetrics[];
  result: Pick<RunResult, 'status' | 'epochs' | 'metrics'>;
  /** The output layer's activation, when the trained model is a dense chain. */
  outputActivation?: string;
}

/** Accuracy this close to chance (or below) counts as "did not learn". */
const CHANCE_MARGIN = 0.02;
/** A train-vs-held-out gap (accuracy or r) this large at the end, and this much larger than early on, is overfitting. */
const GAP_AT_END = 0.1;
const GAP_GROWTH = 0.05;
/** Over the last tenth of the epochs the train loss fell by more than this fraction: still learning. */
const STILL_FALLING = 0.01;

const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

export function adviseRun(input: AdviceInput): Advice[] {
  const advice = [diverged, lossOutputMismatch, chanceLevel, overfitting].flatMap((rule) => rule(input) ?? []);
  // More epochs is the wrong advice for a model that is already learning its training rows by heart.
  const more = advice.some((a) => a.rule === 'overfitting') ? undefined : stillLearning(input);
  return more ? [...advice, more] : advice;
}

function diverged({ settings, epochs, result }: AdviceInput): Advice | undefined {
  const blewUp = epochs.find((epoch) => !Number.isFinite(epoch.train.loss));
  if (result.status !== 'diverged' && !blewUp) return undefined;
  const epoch = blewUp?.epoch ?? result.epochs;
  return { rule: 'diverged', text: `The loss blew up (NaN or infinite) at epoch ${epoch}: the steps are too big for this model. Lower the learning rate: try ${settings.learningRate / 10} instead of ${settings.learningRate}.` };
}

function lossOutputMismatch({ settings, task, outputActivation }: AdviceInput): Advice | undefined {
  if (outputActivation === 'softmax' && settings.loss === 'crossEntropy') {
    return { rule: 'lossOutputMismatch', text: "The output layer applies a softmax, and 'crossEntropy' applies one again (like PyTorch's nn.CrossEntropyLoss): remove the output's activation, so the model outputs raw scores." };
  }
  if (outputActivation === 'sigmoid' && settings.loss === 'binaryCrossEntropyWithLogits') {
    return { rule: 'lossOutputMismatch', text: "The output layer applies a sigmoid, and 'binaryCrossEntropyWithLogits' applies one again: remove the output's sigmoid, or use 'binaryCrossEntropy'." };
  }
  if (outputActivation === 'sigmoid' && settings.loss === 'mse' && task !== 'regression') {
    return { rule: 'lossOutputMismatch', text: "A sigmoid output trained with 'mse' on classes learns slowly where the sigmoid is flat: use 'binaryCrossEntropy' for a probability (or 'crossEntropy' for several classes)." };
  }
  return undefined;
}

/** The share of the largest class among the training rows: what always guessing it scores. */
function chanceAccuracy(train: SplitMetrics): number | undefined {
  const support = train.perClass?.map((metrics) => metrics.support);
  if (!support?.length) return undefined;
  return Math.max(...support) / support.reduce((sum, n) => sum + n, 0);
}

function chanceLevel({ model, epochs, result }: AdviceInput): Advice | undefined {
  if (result.status === 'diverged') return undefined;
  const chance = chanceAccuracy(result.metrics.train);
  const accuracies = [...epochs.map((epoch) => epoch.train.accuracy), result.metrics.train.accuracy].filter((a): a is number => typeof a === 'number');
  // Folded, not Math.max(...accuracies): a run's epochs (up to a million) are more arguments than a call takes.
  if (chance === undefined || accuracies.length === 0 || accuracies.reduce((a, b) => Math.max(a, b)) > chance + CHANCE_MARGIN) return undefined;
  // A hidden layer of one unit: when its ReLU outputs 0 for every input, no gradient reaches the layers before it.
  const kernels = model.variableShapes.filter((shape) => shape.length === 2);
  const bottleneck = kernels.slice(0, -1).findIndex((shape) => shape[1] === 1);
  const why = bottleneck >= 0
    ? ` Hidden layer ${bottleneck + 1} has a single unit: if its ReLU outputs 0 for every point (a dead ReLU), nothing before it can learn.`
    : '';
  return { rule: 'chanceLevel', text: `Accuracy stayed at chance level (${percent(chance)}) for the whole run: the model did not learn.${why} Try another seed or learning rate; in a sweep, count how many of the runs learned.` };
}

function heldOut(epoch: EpochMetrics): { name: string; split: SplitMetrics } | undefined {
  if (epoch.dev) return { name: 'dev', split: epoch.dev };
  if (epoch.test) return { name: 'test', split: epoch.test };
  return undefined;
}

function overfitting({ epochs }: AdviceInput): Advice | undefined {
  const metric = epochs.some((epoch) => epoch.train.accuracy !== undefined) ? 'accuracy' : 'r';
  const gaps = epochs.flatMap((epoch) => {
    const other = heldOut(epoch);
    const train = epoch.train[metric];
    const held = other?.split[metric];
    return other && typeof train === 'number' && typeof held === 'number' && Number.isFinite(train - held) ? [{ name: other.name, gap: train - held }] : [];
  });
  if (gaps.length < 4) return undefined;
  const early = gaps.slice(0, Math.max(1, Math.floor(gaps.length / 4)));
  const earlyGap = early.reduce((min, g) => Math.min(min, g.gap), Number.POSITIVE_INFINITY);
  const last = gaps[gaps.length - 1];
  if (last.gap < GAP_AT_END || last.gap - earlyGap < GAP_GROWTH) return undefined;
  const show = (gap: number) => (metric === 'accuracy' ? `${(gap * 100).toFixed(0)} points` : gap.toFixed(2));
  const from = earlyGap <= 0 ? 'none in the first quarter of the epochs' : show(earlyGap);
  return { rule: 'overfitting', text: `The gap between train and ${last.name} ${metric} grew from ${from} to ${show(last.gap)}: the model is learning the training rows, not the pattern (overfitting). The regularization lessons are about this: weight decay, dropout, early stopping on a dev set, or a smaller model.` };
}

function stillLearning({ settings, epochs, result }: AdviceInput): Advice | undefined {
  if (result.status !== 'completed' || epochs.length < 10) return undefined;
  const last = epochs[epochs.length - 1];
  if (last.epoch < settings.epochs) return undefined;
  const from = epochs.find((epoch) => epoch.epoch >= last.epoch * 0.9) ?? last;
  if (from === last || !(from.train.loss > 0)) return undefined;
  const drop = (from.train.loss - last.train.loss) / from.train.loss;
  if (!(drop > STILL_FALLING)) return undefined;
  return { rule: 'stillLearning', text: `The training loss was still falling at the last epoch (by ${percent(drop)} over epochs ${from.epoch}-${last.epoch}): the model had not finished learning. Train for more epochs (epochs: ${settings.epochs * 2}, say), or with a larger learning rate.` };
}
