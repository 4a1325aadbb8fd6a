// The tutor's prompt (src/engine/tutorPrompt.ts): what it sends, and the code it shows as a diff.
import * as assert from 'node:assert/strict';
import { buildTutorPrompt, suggestedCode, TUTOR_RULES } from '../src/engine/tutorPrompt';

describe('tutor prompt', () => {
  const context = {
    exerciseTitle: 'Many qwerties!',
    readme: '# Many qwerties!\n\n## Step 1: Data\nAdd a centre.\n',
    learnerFileName: 'many-qwerties.ts',
    learnerSource: "export const experiment = { loss: 'binaryCrossEntropy' };\n",
    lastRun: {
      metrics: { train: { loss: 0.52719, accuracy: 0.64 } },
      checks: [{ name: 'three qwerty clusters', passed: false, message: 'The data has 2 classes.' }, { name: 'cross-entropy loss', passed: true, message: 'ok' }],
      advice: [{ rule: 'stillLearning' as const, text: 'More epochs.' }],
    },
    revealedHints: ['Start with the data.'],
  };

  it('sends the README, the file, the last run (metrics, checks, advice) and the revealed hints, under the no-solution rules', () => {
    const { rules, request } = buildTutorPrompt(context);
    assert.equal(rules, TUTOR_RULES);
    assert.match(rules, /Never give the whole solution/);
    assert.equal(request, [
      'Exercise: Many qwerties!', '', '## Instructions (README)', '# Many qwerties!\n\n## Step 1: Data\nAdd a centre.',
      '', "## The learner's file (many-qwerties.ts)", '```ts', "export const experiment = { loss: 'binaryCrossEntropy' };", '```',
      '', '## Their last run', '- train: loss 0.5272, accuracy 64.0%\n- FAIL three qwerty clusters: The data has 2 classes.\n- PASS cross-entropy loss: ok\n- Advice already shown: More epochs.',
      '', '## Hints they already have', '1. Start with the data.', '', 'What is the one next hint?',
    ].join('\n'));
  });

  it('says so when there is no run and no hint yet', () => {
    const { request } = buildTutorPrompt({ ...context, lastRun: undefined, revealedHints: [] });
    assert.match(request, /## Their last run\nThey have not run the exercise yet\.\n\n## Hints they already have\nNone yet\./);
  });

  it('the code it suggests: the first fenced block', () => {
    assert.equal(suggestedCode('Try this:\n```ts\ncenters: [[1, 1], [5, 1], [3, -2]],\n```\nthen run.'), 'centers: [[1, 1], [5, 1], [3, -2]],');
    assert.equal(suggestedCode('No code, just think about the classes.'), undefined);
  });
});
