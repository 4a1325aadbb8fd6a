// What a sweep's verdict rests on, from its runs' verdicts (src/engine/verdict.ts).
import { strict as assert } from 'node:assert';
import { sweepVerification } from '../src/engine/verdict';
import { sweepChecksNotice } from '../webview/src/sweep/sweepFacts';

const verified = { state: 'verified' as const, reason: 'the checks were recomputed' };
describe('sweepVerification', () => {
  it('all runs verified: verified, with the count', () => {
    assert.deepEqual(sweepVerification([{ index: 0, verification: verified }, { index: 1, verification: verified }]), { state: 'verified', reason: 'all 2 runs verified' });
  });
  it('some unverified: how many and the first reason; runs that never finished do not count', () => {
    const runs = [{ index: 0, verification: verified }, { index: 1 }, { index: 2, verification: { state: 'unverified' as const, reason: 'the trainer reported no model' } }];
    assert.deepEqual(sweepVerification(runs), { state: 'unverified', reason: '1 of 2 runs are unverified (run 3: the trainer reported no model)' });
  });
  it('any mismatch wins over unverified runs', () => {
    const runs = [{ index: 0, verification: { state: 'unverified' as const, reason: 'x' } }, { index: 1, verification: { state: 'mismatch' as const, reason: 'train loss reported 0.001' } }, { index: 2, verification: verified }];
    assert.deepEqual(sweepVerification(runs), { state: 'mismatch', reason: '1 of 3 runs do not match their trained models (run 2: train loss reported 0.001)' });
  });
  it('no finished run: unverified, and why', () => {
    assert.deepEqual(sweepVerification([{ index: 0 }]), { state: 'unverified', reason: 'no run of the sweep finished' });
  });
});

describe('sweepChecksNotice (the panel line above a sweep\'s checks)', () => {
  const checks = [{ name: 'c', passed: true, message: 'ok' }];
  it('verified: no notice; unverified or mismatch: what the checks rest on', () => {
    assert.equal(sweepChecksNotice({ status: 'completed', checks, verification: { state: 'verified', reason: 'all 2 runs verified' } }), undefined);
    assert.equal(sweepChecksNotice({ status: 'completed', checks, verification: { state: 'unverified', reason: '1 of 2 runs are unverified (run 1: why)' } }), 'Checks unverified: 1 of 2 runs are unverified (run 1: why)');
    assert.equal(sweepChecksNotice({ status: 'completed', checks, verification: { state: 'mismatch', reason: '2 of 2 runs do not match' } }), 'Checks mismatch: 2 of 2 runs do not match');
  });
  it('a record from before sweeps were verified says so; a stopped sweep says it was stopped; no checks yet: nothing', () => {
    assert.equal(sweepChecksNotice({ status: 'completed', checks }), 'Checks unverified: recorded before sweep runs were verified');
    assert.equal(sweepChecksNotice({ status: 'cancelled', checks }), 'The sweep was stopped: these checks saw only the runs that finished.');
    assert.equal(sweepChecksNotice({ status: 'running' }), undefined);
  });
});
