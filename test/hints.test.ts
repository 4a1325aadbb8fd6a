// Hint ladders (src/engine/hints.ts): revealed one at a time, in order, kept by count; checks in step order.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkLadder, EXERCISE_LADDER, guidedChecks, inStepOrder, nextHint, revealedHints, stepHeading } from '../src/engine/hints';
import { loadPack, type Exercise } from '../src/engine/pack';
import { REPO } from './helpers/fixtures';

const exercise = {
  hints: [{ text: 'e1' }, { text: 'e2' }, { text: 'e3', code: 'units: 3' }],
  checks: [
    { kind: 'classes', count: 3, name: 'three classes', step: 2, hints: [{ text: 'c0a' }, { text: 'c0b' }] },
    { kind: 'loss', oneOf: ['crossEntropy'], name: 'the loss' },
    { kind: 'outputUnits', count: 3, step: 1, hints: [{ text: 'c2a' }] },
  ],
  sweepChecks: [],
} as unknown as Exercise;

describe('hints', () => {
  it('in general: the exercise ladder in order, then the failing checks\' ladders in step order; then nothing', () => {
    const revealed: Record<string, number> = {};
    const seen: string[] = [];
    for (;;) {
      const next = nextHint(exercise, revealed, { failing: [0, 2] });
      if (!next) break;
      seen.push(`${next.hint.text} (${next.index + 1}/${next.of})`);
      revealed[next.ladder] = next.index + 1;
    }
    assert.deepEqual(seen, ['e1 (1/3)', 'e2 (2/3)', 'e3 (3/3)', 'c2a (1/1)', 'c0a (1/2)', 'c0b (2/2)']);
    assert.deepEqual(revealed, { [EXERCISE_LADDER]: 3, [checkLadder(2)]: 1, [checkLadder(0)]: 2 });
  });

  it('from a check: its own ladder first, then the exercise\'s; a passing check\'s ladder is not offered in general', () => {
    assert.equal(nextHint(exercise, {}, { fromCheck: 0 })?.hint.text, 'c0a');
    assert.equal(nextHint(exercise, { [checkLadder(0)]: 2 }, { fromCheck: 0 })?.hint.text, 'e1');
    assert.equal(nextHint(exercise, {}, { fromCheck: 1 })?.hint.text, 'e1', 'a check without hints falls back to the exercise');
    assert.equal(nextHint(exercise, { [EXERCISE_LADDER]: 3 }, { failing: [1] }), undefined);
  });

  it('what was revealed stays listed, ladder by ladder, with the check it is about', () => {
    const shown = revealedHints(exercise, { [EXERCISE_LADDER]: 2, [checkLadder(0)]: 1 });
    assert.deepEqual(shown.map((h) => `${h.about}: ${h.hint.text}`), ['the exercise: e1', 'the exercise: e2', 'three classes: c0a']);
  });

  it('checks in instruction order: by step, unstepped last, ties as listed; names default from the kind', () => {
    const checks = guidedChecks(exercise);
    assert.deepEqual(inStepOrder(checks).map((c) => c.index), [2, 0, 1]);
    assert.equal(checks[2].name, 'model has 3 output units');
  });

  it('every dudl-ann exercise has a ladder of at least 3 hints, and steps that its README has as headings', () => {
    for (const e of loadPack(path.join(REPO, 'exercises', 'dudl-ann')).exercises) {
      assert.ok(e.hints.length >= 3, `${e.id}: ${e.hints.length} hints`);
      const readme = fs.readFileSync(e.instructions, 'utf8');
      for (const check of guidedChecks(e)) {
        assert.ok(check.step !== undefined, `${e.id}: "${check.name}" names its step`);
        assert.match(readme, new RegExp(`^## Step ${check.step}:`, 'm'), `${e.id}: README has "## Step ${check.step}:"`);
      }
    }
  });
});

describe('README steps', () => {
  it('finds "## Step N: ..." by number (the line and its text), not Step 10 for Step 1', () => {
    const readme = '# T\r\n\r\n## Step 10: Later\n## Step 1: Data\ntext\n## step 2 - model\n';
    assert.deepEqual(stepHeading(readme, 1), { line: 3, text: 'Step 1: Data' });
    assert.deepEqual(stepHeading(readme, 2), { line: 5, text: 'step 2 - model' });
    assert.equal(stepHeading(readme, 3), undefined);
  });
});
