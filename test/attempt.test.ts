// The four states (src/engine/attempt.ts): what counts as an unchanged starter, and the order of the rules.
import * as assert from 'node:assert/strict';
import { attemptState, isUnchangedStarter, whereToBegin } from '../src/engine/attempt';

describe('attempt states', () => {
  it('line endings and whitespace at the ends do not count as an edit; a changed character does', () => {
    const starter = 'export const x = 1;\nexport const y = 2;\n';
    assert.equal(isUnchangedStarter(starter, starter), true);
    assert.equal(isUnchangedStarter('\r\nexport const x = 1;   \r\nexport const y = 2;\r\n\r\n', starter), true);
    assert.equal(isUnchangedStarter('export const x = 1;\nexport const y = 3;\n', starter), false);
    assert.equal(isUnchangedStarter('export const x = 1;\n\nexport const y = 2;\n', starter), false, 'a blank line inside is an edit');
    assert.equal(isUnchangedStarter('  export const x = 1;\nexport const y = 2;', starter), true, 'leading whitespace of the file is an end too');
  });

  it('an unchanged starter is not attempted whatever the run said; then error, then the checks', () => {
    assert.equal(attemptState({ unchangedStarter: true, error: false, passed: false }), 'notAttempted');
    assert.equal(attemptState({ unchangedStarter: true, error: true, passed: false }), 'notAttempted');
    assert.equal(attemptState({ unchangedStarter: false, error: true, passed: false }), 'error');
    assert.equal(attemptState({ unchangedStarter: false, error: false, passed: false }), 'failing');
    assert.equal(attemptState({ unchangedStarter: false, error: false, passed: true }), 'passing');
  });

  it('says where to begin: the README\'s step 1 heading when there is one', () => {
    assert.equal(whereToBegin('# T\n\n## Step 1: Make three clusters\n\n## Step 2: x', 'model.ts'), 'Not attempted yet: model.ts is still the starter. Begin with "Step 1: Make three clusters" in the instructions, edit model.ts, then run it again.');
    assert.equal(whereToBegin('# T\n\n## Goal', 'model.ts'), 'Not attempted yet: model.ts is still the starter. Begin with the instructions, edit model.ts, then run it again.');
  });
});
