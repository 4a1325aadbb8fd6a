// A run's checks: declared in exercise.json `checks`, evaluated on a finished run's results.
import { CLASS_METRIC_NAMES, METRIC_NAMES, type CheckResult, type DatasetSummary, type MetricName, type ModelSummary, type RunMetrics, type SplitMetrics } from '../results';
import { LOSS_NAMES, type ExperimentSettings, type LossName } from '../settings';
import type { Validator } from '../validate';
import { CHECKPOINT_CHECK_KINDS, checkpointCheckName, isCheckpointCheck, parseCheckpointCheck, type CheckpointCheck } from './checkpoints';
import { answerCheckName, evaluateAnswerCheck, parseAnswerCheck, type AnswerCheck, type LearnerAnswers } from './answers';

export type CheckSpec = { name?: string } & (
  | { kind: 'metric'; split: keyof RunMetrics; metric: MetricName; class?: string; min?: number; max?: number }
  | { kind: 'classes'; count: number }
  | { kind: 'outputUnits'; count: number }
  | { kind: 'loss'; oneOf: LossName[] }
  | { kind: 'modelStyle'; style: 'layers' | 'class' }
  | { kind: 'variableShapes'; shapes: number[][] }
  | { kind: 'target'; column: string }
  | Omit<AnswerCheck, 'name'>
  | CheckpointCheck
);

/** The checks the trainer and the verifier decide; checkpoint checks are the host's (checks/checkpoints.ts). */
export type TrainerCheckSpec = Exclude<CheckSpec, CheckpointCheck>;

export const isTrainerCheck = (check: CheckSpec): check is TrainerCheckSpec => !isCheckpointCheck(check);

export const CHECK_KINDS = ['metric', 'classes', 'outputUnits', 'loss', 'modelStyle', 'variableShapes', 'target', 'answer', ...CHECKPOINT_CHECK_KINDS] as const;

export interface RunFacts {
  settings: ExperimentSettings;
  dataset: DatasetSummary;
  model: ModelSummary;
  metrics: RunMetrics;
  /** False when the run stopped early or diverged: metric checks then fail with that reason. */
  completed: boolean;
  /** The learner file's `answers` export, read from its text (never by running it), for `answer` checks. */
  answers?: LearnerAnswers;
}

const METRIC_LABEL: Record<MetricName, string> = { loss: 'loss', accuracy: 'accuracy', r: 'r', precision: 'precision', recall: 'recall', f1: 'F1' };

export function formatMetric(metric: MetricName, value: number): string {
  return metric === 'accuracy' ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function shapeText(shapes: number[][]): string {
  return shapes.map((shape) => `[${shape.join(',')}]`).join(' ');
}

export function defaultCheckName(check: CheckSpec): string {
  switch (check.kind) {
    case 'metric': {
      const bound = [
        check.min !== undefined ? `>= ${formatMetric(check.metric, check.min)}` : '',
        check.max !== undefined ? `<= ${formatMetric(check.metric, check.max)}` : '',
      ].filter(Boolean).join(' and ');
      return `${check.split} ${check.class === undefined ? '' : `"${check.class}" `}${METRIC_LABEL[check.metric]} ${bound}`;
    }
    case 'classes':
      return `data has ${check.count} classes`;
    case 'outputUnits':
      return `model has ${plural(check.count, 'output unit')}`;
    case 'loss':
      return `loss is ${check.oneOf.join(' or ')}`;
    case 'modelStyle':
      return check.style === 'class' ? 'model is a class with forward()' : 'model is a tf.LayersModel';
    case 'variableShapes':
      return 'trainable variables match the reference';
    case 'target':
      return `predicts "${check.column}"`;
    case 'answer':
      return answerCheckName(check);
    case 'checkpoints':
    case 'reloadBest':
    case 'resume':
      return checkpointCheckName(check);
  }
}

export function evaluateCheck(check: CheckSpec, facts: RunFacts): CheckResult {
  const name = check.name ?? defaultCheckName(check);
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  switch (check.kind) {
    case 'metric': {
      const split = facts.metrics[check.split];
      if (!facts.completed) return result(false, 'The run did not complete, so its final metrics cannot be checked.');
      if (!split) return result(false, `There is no ${check.split} set: set ${check.split}Fraction above 0 to hold out ${check.split} data.`);
      const known = facts.dataset.classes ?? (split.perClass ?? []).map((m) => m.class);
      if (check.class !== undefined && split.perClass && !known.includes(check.class)) {
        return result(false, `The check's "class" is "${check.class}", but the data has no such class; its classes are ${known.join(', ')}.`);
      }
      const value = check.class === undefined ? split[check.metric] : split.perClass?.find((m) => m.class === check.class)?.[check.metric as typeof CLASS_METRIC_NAMES[number]];
      const what = `${check.split} ${check.class === undefined ? '' : `"${check.class}" `}${METRIC_LABEL[check.metric]}`;
      if (value === undefined) {
        const why = check.metric === 'r' ? "r is measured for regressions (loss 'mse')" : `${check.metric} is measured for classifications (a cross-entropy loss)`;
        return result(false, `No ${what} for this run: ${why}.`);
      }
      if (Number.isNaN(value)) return result(false, `The ${what} is undefined (NaN): did the model predict a constant?`);
      const low = check.min !== undefined && value < check.min;
      const high = check.max !== undefined && value > check.max;
      const shown = formatMetric(check.metric, value);
      if (low) return result(false, `${what} is ${shown}; it needs to reach ${formatMetric(check.metric, check.min!)}.`);
      if (high) return result(false, `${what} is ${shown}; it must stay at or below ${formatMetric(check.metric, check.max!)}.`);
      return result(true, `${what} is ${shown}.`);
    }
    case 'classes': {
      const count = facts.dataset.classes?.length ?? 0;
      return count === check.count
        ? result(true, `The data has ${count} classes.`)
        : result(false, `The data has ${count || 'no'} classes; this exercise needs ${check.count}.`);
    }
    case 'outputUnits':
      return facts.model.outputUnits === check.count
        ? result(true, `The output layer has ${plural(check.count, 'unit')}.`)
        : result(false, `The output layer has ${plural(facts.model.outputUnits, 'unit')}; this exercise needs ${check.count}.`);
    case 'loss':
      return check.oneOf.includes(facts.settings.loss)
        ? result(true, `The loss is ${facts.settings.loss}.`)
        : result(false, `The loss is ${facts.settings.loss}; this exercise needs ${check.oneOf.join(' or ')}.`);
    case 'modelStyle':
      return facts.model.style === check.style
        ? result(true, check.style === 'class' ? 'The model is a class with a forward() method.' : 'The model is a tf.LayersModel.')
        : result(false, check.style === 'class'
          ? 'The model is still a tf.LayersModel (tf.sequential or tf.model): export a class `Model` whose constructor creates the layers and whose forward(x) applies them.'
          : 'The model must be a tf.LayersModel returned by createModel().');
    case 'variableShapes': {
      const actual = shapeText(facts.model.variableShapes);
      const expected = shapeText(check.shapes);
      return actual === expected
        ? result(true, `Variable shapes match: ${actual}.`)
        : result(false, `Variable shapes are ${actual || '(none)'}; the reference has ${expected}.`);
    }
    case 'target':
      return facts.dataset.target === check.column
        ? result(true, `The model predicts "${check.column}".`)
        : result(false, `The model predicts "${facts.dataset.target}"; this exercise asks for "${check.column}".`);
    case 'answer':
      return evaluateAnswerCheck(check, facts.answers, name);
    case 'checkpoints':
    case 'reloadBest':
    case 'resume':
      // The trainer and the verifier filter these out (isTrainerCheck): the host decides them from its own runs.
      throw new Error(`internal: the ${check.kind} check is decided by the host (src/host/runCheckpoints.ts), not from one run's results`);
  }
}

export function parseCheck(raw: unknown, path: string, v: Validator): CheckSpec {
  const object = v.object(raw, path);
  const kind = v.oneOf(object.kind, `${path}.kind`, CHECK_KINDS);
  const name = object.name === undefined ? undefined : v.string(object.name, `${path}.name`);
  const base = name === undefined ? {} : { name };
  const count = () => v.number(object.count, `${path}.count`, { min: 1, integer: true });
  switch (kind) {
    case 'metric': {
      v.onlyKeys(object, path, ['kind', 'name', 'split', 'metric', 'class', 'min', 'max']);
      const check = {
        ...base,
        kind,
        split: v.oneOf(object.split, `${path}.split`, ['train', 'dev', 'test'] as const),
        metric: v.oneOf(object.metric, `${path}.metric`, METRIC_NAMES),
        ...(object.class === undefined ? {} : { class: v.string(object.class, `${path}.class`) }),
        min: object.min === undefined ? undefined : v.number(object.min, `${path}.min`),
        max: object.max === undefined ? undefined : v.number(object.max, `${path}.max`),
      };
      if (check.min === undefined && check.max === undefined) v.fail(path, 'needs "min" or "max".');
      if (check.class !== undefined && !(CLASS_METRIC_NAMES as readonly string[]).includes(check.metric)) {
        v.fail(`${path}.class`, `applies to the metrics ${CLASS_METRIC_NAMES.join(', ')}, not ${check.metric}.`);
      }
      return check;
    }
    case 'classes':
    case 'outputUnits':
      v.onlyKeys(object, path, ['kind', 'name', 'count']);
      return { ...base, kind, count: count() };
    case 'loss':
      v.onlyKeys(object, path, ['kind', 'name', 'oneOf']);
      return { ...base, kind, oneOf: v.array(object.oneOf, `${path}.oneOf`).map((loss, i) => v.oneOf(loss, `${path}.oneOf[${i}]`, LOSS_NAMES)) };
    case 'modelStyle':
      v.onlyKeys(object, path, ['kind', 'name', 'style']);
      return { ...base, kind, style: v.oneOf(object.style, `${path}.style`, ['layers', 'class'] as const) };
    case 'variableShapes':
      v.onlyKeys(object, path, ['kind', 'name', 'shapes']);
      return {
        ...base,
        kind,
        shapes: v.array(object.shapes, `${path}.shapes`).map((shape, i) =>
          v.array(shape, `${path}.shapes[${i}]`).map((size, j) => v.number(size, `${path}.shapes[${i}][${j}]`, { min: 1, integer: true }))),
      };
    case 'target':
      v.onlyKeys(object, path, ['kind', 'name', 'column']);
      return { ...base, kind, column: v.string(object.column, `${path}.column`) };
    case 'answer':
      return parseAnswerCheck(object, path, v, name);
    case 'checkpoints':
    case 'reloadBest':
    case 'resume':
      return parseCheckpointCheck(object, path, v, base);
  }
}
