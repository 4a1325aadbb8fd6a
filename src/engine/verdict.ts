// A verdict in words, with whether it was verified: one wording for the CLI, the Test Explorer and the records.
import type { Verification } from './results';

/** "verified", "unverified: why" or "mismatch: why": what a pass or a fail rests on. */
export function verificationNote(verification: Verification | undefined): string {
  if (!verification) return 'unverified: recorded before runs were verified';
  return verification.state === 'verified' ? 'verified' : `${verification.state}: ${verification.reason}`;
}

/** A sweep saved before its runs were verified: its verdict is the trainers'. */
export const SWEEP_RECORDED_UNVERIFIED: Verification = { state: 'unverified', reason: 'recorded before sweep runs were verified' };

/**
 * What a sweep's verdict rests on, from its runs' verdicts: any mismatch makes it a mismatch (the
 * first run's reason, and how many); some unverified: how many and the first reason; else verified.
 * Runs that failed before they finished carry no verdict and do not count.
 */
export function sweepVerification(runs: readonly { index: number; verification?: Verification }[]): Verification {
  const judged = runs.filter((run) => run.verification);
  const mismatches = judged.filter((run) => run.verification!.state === 'mismatch');
  if (mismatches.length > 0) {
    return { state: 'mismatch', reason: `${mismatches.length} of ${judged.length} runs do not match their trained models (run ${mismatches[0].index + 1}: ${mismatches[0].verification!.reason})` };
  }
  const unverified = judged.filter((run) => run.verification!.state === 'unverified');
  if (unverified.length > 0) {
    return { state: 'unverified', reason: `${unverified.length} of ${judged.length} runs are unverified (run ${unverified[0].index + 1}: ${unverified[0].verification!.reason})` };
  }
  if (judged.length === 0) return { state: 'unverified', reason: 'no run of the sweep finished' };
  return { state: 'verified', reason: `all ${judged.length} runs verified` };
}

/** A verdict in a line: "passed (verified)", "passed (unverified: why)", "2 of 4 checks failed (mismatch: why)". */
export function verdictLine(checks: readonly { passed: boolean }[], verification: Verification | undefined): string {
  const failed = checks.filter((check) => !check.passed).length;
  return `${failed === 0 ? 'passed' : `${failed} of ${checks.length} checks failed`} (${verificationNote(verification)})`;
}
