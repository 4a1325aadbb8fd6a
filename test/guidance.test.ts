// The guidance fields of the pack format: hints, steps, solution visibility, sections, prerequisites.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { loadExercise, loadPack } from '../src/engine/pack';
import { miniPack } from './helpers/fixtures';

const base = { id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts' };
const second = (patch: object = {}) => ({
  'ex2/exercise.json': JSON.stringify({ ...base, id: 'ex2', checks: [{ kind: 'classes', count: 2 }], ...patch }),
  'ex2/README.md': '# Ex2\n', 'ex2/starter.ts': '', 'ex2/solution.ts': '',
});

describe('pack guidance fields', () => {
  it('keeps hints in order, with their snippets, and a check\'s step and hints beside its own fields', () => {
    const pack = miniPack({
      'ex/exercise.json': JSON.stringify({
        ...base,
        hints: [{ text: 'Look at the output layer.' }, { text: 'Three classes need three units.', code: 'tf.layers.dense({ units: 3 })' }],
        checks: [{ kind: 'metric', split: 'train', metric: 'accuracy', min: 0.5, step: 2, hints: [{ text: 'Train longer.' }] }],
      }),
    });
    const exercise = loadExercise(path.join(pack, 'ex'));
    assert.deepEqual(exercise.hints, [{ text: 'Look at the output layer.' }, { text: 'Three classes need three units.', code: 'tf.layers.dense({ units: 3 })' }]);
    assert.deepEqual(exercise.checks, [{ kind: 'metric', split: 'train', metric: 'accuracy', min: 0.5, max: undefined, step: 2, hints: [{ text: 'Train longer.' }] }]);
    assert.deepEqual(exercise.prerequisites, []);
  });

  it('takes the solutions choice from the exercise, else from the pack, else visible', () => {
    assert.equal(loadExercise(path.join(miniPack(), 'ex')).solutions, 'visible');
    const hiddenPack = miniPack({ 'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex', 'ex2'], solutions: 'hidden' }), ...second({ solutions: 'visible' }) });
    const loaded = loadPack(hiddenPack);
    assert.equal(loaded.solutions, 'hidden');
    assert.deepEqual(loaded.exercises.map((e) => [e.id, e.solutions]), [['ex', 'hidden'], ['ex2', 'visible']]);
  });

  it('reads sections and prerequisites that name the pack\'s exercises', () => {
    const pack = loadPack(miniPack({
      'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex', 'ex2'], sections: [{ title: 'Start', exercises: ['ex'] }, { title: 'Next', exercises: ['ex2'] }] }),
      ...second({ prerequisites: ['ex'] }),
    }));
    assert.deepEqual(pack.sections, [{ title: 'Start', exercises: ['ex'] }, { title: 'Next', exercises: ['ex2'] }]);
    assert.deepEqual(pack.exercises[1].prerequisites, ['ex']);
  });

  it('leaves a pack without sections flat', () => {
    assert.equal(loadPack(miniPack()).sections, undefined);
  });
});
