// What the optional tutor (Ask for Help, src/extension/tutor.ts) sends a language model: the
// exercise's README, the learner's file, the last run's metrics, checks and advice, and the hints
// already revealed, with the rule that it gives one hint and never the solution. Pure, so the
// prompt is unit-tested (VS Code 1.100 has no stable API to register a fake model in a test).
import type { Advice } from './advice';
import type { CheckResult, RunMetrics, SplitMetrics } from './results';

export interface TutorContext {
  exerciseTitle: string;
  readme: string;
  learnerFileName: string;
  learnerSource: string;
  /** The last run of this exercise, when there is one. */
  lastRun?: { metrics?: RunMetrics; checks: CheckResult[]; advice?: Advice[]; error?: string };
  revealedHints: string[];
}

export const TUTOR_RULES = [
  'You are a patient tutor for a deep-learning exercise in TensorFlow.js.',
  'Give ONE next hint that moves the learner one step forward, in two to five sentences.',
  'Never give the whole solution, never rewrite the whole file, and do not repeat a hint they already have.',
  'If code helps, show at most five lines in one ```ts block; the learner decides where it goes.',
  'Refer to the README step the hint is about when you can ("Step 2").',
].join('\n');

function metricsLine(name: string, split: SplitMetrics | undefined): string | undefined {
  if (!split) return undefined;
  const parts = [`loss ${split.loss.toFixed(4)}`];
  if (split.accuracy !== undefined) parts.push(`accuracy ${(split.accuracy * 100).toFixed(1)}%`);
  if (split.r !== undefined) parts.push(`r ${split.r.toFixed(3)}`);
  return `- ${name}: ${parts.join(', ')}`;
}

/** The two messages: the rules, then the learner's situation. */
export function buildTutorPrompt(context: TutorContext): { rules: string; request: string } {
  const run = context.lastRun;
  const runPart = !run
    ? 'They have not run the exercise yet.'
    : [
      run.error ? `The last run failed: ${run.error}` : undefined,
      ...(run.metrics ? [metricsLine('train', run.metrics.train), metricsLine('dev', run.metrics.dev), metricsLine('test', run.metrics.test)] : []),
      ...run.checks.map((check) => `- ${check.passed ? 'PASS' : 'FAIL'} ${check.name}: ${check.message}`),
      ...(run.advice ?? []).map((advice) => `- Advice already shown: ${advice.text}`),
    ].filter((line): line is string => line !== undefined).join('\n');
  const hints = context.revealedHints.length === 0 ? 'None yet.' : context.revealedHints.map((hint, i) => `${i + 1}. ${hint}`).join('\n');
  const request = [
    `Exercise: ${context.exerciseTitle}`,
    '', '## Instructions (README)', context.readme.trim(),
    '', `## The learner's file (${context.learnerFileName})`, '```ts', context.learnerSource.trimEnd(), '```',
    '', '## Their last run', runPart,
    '', '## Hints they already have', hints,
    '', 'What is the one next hint?',
  ].join('\n');
  return { rules: TUTOR_RULES, request };
}

/** The first fenced code block of the tutor's answer, shown as a diff; undefined without one. */
export function suggestedCode(answer: string): string | undefined {
  const match = /```[a-zA-Z]*\n([\s\S]*?)```/.exec(answer);
  const code = match?.[1].trimEnd();
  return code ? code : undefined;
}
