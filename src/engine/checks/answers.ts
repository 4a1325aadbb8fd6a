// The learner's written answers (`export const answers = { ... }`), read from the file's text as
// data and never by running it: a check on an answer is decided outside learner code, by the
// trainer and again by the host's verifier, from the same text.
import * as fs from 'fs';
import type { CheckResult } from '../results';
import { readExportedLiteral } from '../sweep/literal';
import type { Validator } from '../validate';

export interface AnswerCheck {
  kind: 'answer';
  name?: string;
  /** The field of `answers` this check reads. */
  key: string;
  /** The expected value: a number (compared within `within`) or a string (compared exactly, ignoring case and spaces at the ends). */
  equals: number | string;
  /** For a number: the largest accepted distance from `equals` (default 0: exactly). */
  within?: number;
}

/** What a file says in its `answers` export: the plain-data object, or why there is none to read. */
export type LearnerAnswers = { values: Record<string, unknown> } | { problem: string };

export function readLearnerAnswers(source: string): LearnerAnswers {
  let literal: { value: unknown } | undefined;
  try {
    literal = readExportedLiteral(source, 'answers');
  } catch (error) {
    return { problem: `The file's \`answers\` export is not plain data (${(error as Error).message}): write the numbers themselves, e.g. \`export const answers = { wide: 12 };\`, not expressions.` };
  }
  if (!literal) return { problem: 'The file has no `export const answers = { ... }`: write your answers there as plain numbers.' };
  const value = literal.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { problem: 'The file\'s `answers` export must be an object, e.g. `{ wide: 12, deep: 10 }`.' };
  return { values: value as Record<string, unknown> };
}

/** The answers of the learner file at `file` (the trainer's side; the verifier reads the text it was given). */
export function readLearnerAnswersFile(file: string): LearnerAnswers {
  return readLearnerAnswers(fs.readFileSync(file, 'utf8'));
}

export function answerCheckName(check: AnswerCheck): string {
  return `answers.${check.key}`;
}

export function evaluateAnswerCheck(check: AnswerCheck, answers: LearnerAnswers | undefined, name: string): CheckResult {
  const result = (passed: boolean, message: string): CheckResult => ({ name, passed, message });
  if (!answers) return result(false, 'The run has no answers to check: the learner file\'s text was not available.');
  if ('problem' in answers) return result(false, answers.problem);
  const given = answers.values[check.key];
  if (given === undefined || given === null) return result(false, `\`answers.${check.key}\` is missing: write your answer there.`);
  if (typeof check.equals === 'number') {
    if (typeof given !== 'number' || !Number.isFinite(given)) return result(false, `\`answers.${check.key}\` is ${JSON.stringify(given)}; it should be a number.`);
    const off = Math.abs(given - check.equals);
    const tolerance = check.within ?? 0;
    return off <= tolerance
      ? result(true, `\`answers.${check.key}\` is ${given}: right.`)
      : result(false, `\`answers.${check.key}\` is ${given}, which is not the right count${tolerance > 0 ? ` (within ${tolerance})` : ''}: count again.`);
  }
  const normal = (text: string) => text.trim().toLowerCase();
  return typeof given === 'string' && normal(given) === normal(check.equals)
    ? result(true, `\`answers.${check.key}\` is "${given}": right.`)
    : result(false, `\`answers.${check.key}\` is ${JSON.stringify(given)}, which is not the expected answer.`);
}

export function parseAnswerCheck(object: Record<string, unknown>, path: string, v: Validator, name: string | undefined): AnswerCheck {
  v.onlyKeys(object, path, ['kind', 'name', 'key', 'equals', 'within']);
  const key = v.string(object.key, `${path}.key`);
  const equals = typeof object.equals === 'number' ? v.number(object.equals, `${path}.equals`) : v.string(object.equals, `${path}.equals`);
  if (object.within !== undefined && typeof equals !== 'number') v.fail(`${path}.within`, 'applies to a number answer only.');
  const within = object.within === undefined ? undefined : v.number(object.within, `${path}.within`, { min: 0 });
  return { kind: 'answer', ...(name === undefined ? {} : { name }), key, equals, ...(within === undefined ? {} : { within }) };
}
