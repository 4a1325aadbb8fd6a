// The verifier: decides a run's checks outside the learner's process. From the exercise, the
// learner file's settings read as text (never run) and the weights the trainer reports, it rebuilds
// the trained dense chain, regenerates the data (same seed, same split), recomputes the final metrics
// in evaluation mode, the model summary and the checks. Only its verdict counts; a report that does
// not match the model it describes fails the run. It loads no learner code and no tfjs.
import { evaluateCheck, isTrainerCheck } from './checks';
import { readLearnerAnswers } from './checks/answers';
import { buildDataset, splitDataset } from './data';
import { parseSettings, resolveSettings } from './experiment';
import { finalResults, summarizeDataset, type FinalResults } from './finalResults';
import { createFusedNet, fusedUnsupportedReason } from './fused/net';
import type { DenseActivation, DenseLayerSpec } from './fused/spec';
import type { Exercise } from './pack';
import type { CheckResult, ModelSummary, ReportedDenseLayer, RunMetrics, RunResult, SplitMetrics, TrainedModelReport, Verification } from './results';
import type { ExperimentSettings } from './settings';
import { readExportedLiteral } from './sweep/literal';
import { outputKindOf } from './training';
import { Validator } from './validate';

/**
 * How far the trainer's numbers may be from the verifier's and still agree: float32 noise between
 * tfjs backends and the verifier's float32 forward pass (loss: 1e-3 relative; r: 1e-3), and for
 * accuracy one percentage point (3 examples of 300 whose predicted class flips on a near tie).
 */
export const VERIFY_TOLERANCE = { relativeLoss: 1e-3, accuracy: 0.01, r: 1e-3 } as const;

export const MISMATCH_CHECK_NAME = 'results verified';

export interface VerifyInput {
  exercise: Exercise;
  /** The learner file's text: its `experiment` export is read as data. */
  learnerSource: string;
  /** What the host asked for: it wins over the file, as in the trainer. */
  request: { seed?: number; epochs?: number; overrides?: Partial<ExperimentSettings>; dataFields?: Record<string, unknown> };
  /** The trainer's result, as it arrived. */
  reported: RunResult;
  trained: TrainedModelReport | undefined;
}

/** The run result whose verdict counts: verified, mismatch (failed), or the trainer's own marked unverified. */
export function verifyRun(input: VerifyInput): RunResult {
  const { reported } = input;
  const unverified = (reason: string): RunResult => ({ ...reported, verification: { state: 'unverified', reason } });
  const settings = staticSettings(input);
  if (typeof settings === 'string') return unverified(settings);
  if (!input.trained) return unverified('the trainer reported no model');
  if ('unavailable' in input.trained) return unverified(`the verifier rebuilds dense chains only, and ${input.trained.unavailable}`);
  const layers = input.trained.layers.map(denseLayer);
  const reason = fusedUnsupportedReason({ layers, loss: settings.loss, optimizer: { name: settings.optimizer, learningRate: settings.learningRate } });
  if (reason) return unverified(`the verifier cannot evaluate this model: ${reason}`);

  const dataset = buildDataset(settings.data, input.exercise.packDir, settings.seed);
  const split = splitDataset(dataset, { testFraction: settings.testFraction, devFraction: settings.devFraction, split: settings.split }, settings.seed);
  const model = summaryOf(input.trained.style, layers);
  if (layers[0].inputSize !== dataset.features.length) {
    return mismatch(reported, `the reported model takes ${layers[0].inputSize} inputs, but the data has ${dataset.features.length} features`);
  }
  const net = createFusedNet({ layers, loss: settings.loss, optimizer: { name: 'sgd', learningRate: 0 } }, Math.max(split.train.rows, split.dev?.rows ?? 0, split.test?.rows ?? 0));
  const pass = (data: { x: Float32Array; y: Float32Array; rows: number }) => {
    const outputs = new Float32Array(data.rows * model.outputUnits);
    return { loss: net.evaluate(data.x, data.y, data.rows, outputs), outputs };
  };
  const recomputed = finalResults(outputKindOf(settings.loss), model.outputUnits, dataset, split, { train: pass(split.train), dev: split.dev ? pass(split.dev) : null, test: split.test ? pass(split.test) : null });
  const problems = metricDisagreements(reported.metrics, recomputed.metrics);
  const completed = reported.status === 'completed';
  // Early stopping ends a completed run before its budget, at the epoch it reports.
  const stoppedEarly = settings.earlyStopping !== undefined && reported.earlyStopping?.stoppedEpoch === reported.epochs && reported.epochs < settings.epochs;
  if (completed && reported.epochs !== settings.epochs && !stoppedEarly) problems.push(`the run reports ${reported.epochs} epochs as complete, but the experiment asks for ${settings.epochs}`);
  const answers = readLearnerAnswers(input.learnerSource);
  const checks = input.exercise.checks.filter(isTrainerCheck).map((check) => evaluateCheck(check, { settings, dataset: summarizeDataset(dataset, split), model, metrics: recomputed.metrics, completed, answers }));
  const verified = withVerdict(reported, recomputed, checks);
  if (problems.length > 0) return mismatch(verified, problems.join('; '));
  return { ...verified, verification: { state: 'verified', reason: 'the host rebuilt the trained model from its weights and recomputed the metrics and checks on regenerated data; they agree with the trainer\'s report' } };
}

/** A failed run whose message says what disagrees; the checks (recomputed when possible) stay for reference. */
function mismatch(result: RunResult, detail: string): RunResult {
  const verification: Verification = { state: 'mismatch', reason: `the reported results do not match the trained model: ${detail}` };
  const check: CheckResult = { name: MISMATCH_CHECK_NAME, passed: false, message: `The reported results do not match the trained model (${detail}), so the run cannot pass.` };
  return { ...result, checks: [...result.checks.filter((c) => c.name !== MISMATCH_CHECK_NAME), check], passed: false, verification };
}

function withVerdict(reported: RunResult, recomputed: FinalResults, checks: CheckResult[]): RunResult {
  return { ...reported, metrics: recomputed.metrics, evaluation: recomputed.evaluation, checks, passed: checks.every((check) => check.passed) };
}

/** The run's settings from the exercise and the file's `experiment` read as data, or why they cannot be read. */
function staticSettings(input: VerifyInput): ExperimentSettings | string {
  let literal: { value: unknown } | undefined;
  try {
    literal = readExportedLiteral(input.learnerSource, 'experiment');
  } catch (error) {
    return `the file's \`experiment\` export is not plain data the verifier can read without running the file (${(error as Error).message})`;
  }
  if (!literal) return 'the file has no `export const experiment = { ... }` the verifier can read without running the file';
  try {
    const learner = parseSettings(literal.value, 'experiment', new Validator('the verifier', 'settings'));
    return resolveSettings(input.exercise.defaults, learner, input.exercise.locked, input.request).settings;
  } catch (error) {
    return `the file's \`experiment\` export, read as data, is not valid settings (${(error as Error).message})`;
  }
}

/** NaN crosses IPC as null: a diverged run's weights come back as NaN, never as 0. */
const floats = (values: readonly (number | null)[]): Float32Array => Float32Array.from(values, (value) => (value === null ? Number.NaN : value));

function denseLayer(layer: ReportedDenseLayer): DenseLayerSpec {
  return {
    inputSize: layer.inputSize, units: layer.units, activation: layer.activation as DenseActivation,
    ...(layer.alpha !== undefined ? { alpha: layer.alpha } : {}), kernel: floats(layer.kernel), bias: layer.bias && floats(layer.bias),
  };
}

function summaryOf(style: ModelSummary['style'], layers: readonly DenseLayerSpec[]): ModelSummary {
  const variableShapes = layers.flatMap((layer) => (layer.bias ? [[layer.inputSize, layer.units], [layer.units]] : [[layer.inputSize, layer.units]]));
  return { style, variableShapes, parameters: variableShapes.reduce((sum, shape) => sum + shape.reduce((product, size) => product * size, 1), 0), outputUnits: layers[layers.length - 1].units };
}

/** Where the reported metrics differ from the recomputed ones beyond VERIFY_TOLERANCE, in words. */
export function metricDisagreements(
  reported: RunMetrics,
  recomputed: RunMetrics,
): string[] {
  const problems: string[] = [];
  for (const split of ['train', 'dev', 'test'] as const) {
    const ours = recomputed[split];
    const theirs = reported[split];
    if (!ours) continue;
    if (!theirs) {
      problems.push(`the report has no ${split} metrics`);
      continue;
    }
    for (const metric of ['loss', 'accuracy', 'r'] as const) {
      const a = toNumber(theirs[metric]);
      const b = toNumber(ours[metric]);
      if (a === undefined && b === undefined) continue;
      if (!agree(metric, a, b)) problems.push(`${split} ${metric} reported ${show(metric, a)}, the model gives ${show(metric, b)}`);
    }
  }
  return problems;
}

const toNumber = (value: number | null | undefined): number | undefined => (value === null ? Number.NaN : value);

function agree(metric: keyof SplitMetrics, a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(Number.isNaN(a), Number.isNaN(b)) && (Number.isNaN(a) || a === b);
  if (metric === 'loss') return Math.abs(a - b) <= VERIFY_TOLERANCE.relativeLoss * Math.max(1, Math.abs(b));
  if (metric === 'accuracy') return Math.abs(a - b) <= VERIFY_TOLERANCE.accuracy + 1e-12;
  return Math.abs(a - b) <= VERIFY_TOLERANCE.r;
}

function show(metric: keyof SplitMetrics, value: number | undefined): string {
  if (value === undefined) return 'nothing';
  return metric === 'accuracy' ? `${(value * 100).toFixed(1)}%` : value.toPrecision(4);
}
