// A verdict in words, with whether it was verified: one wording for the CLI, the Test Explorer and the records.
import type { Verification } from './results';

/** "verified", "unverified: why" or "mismatch: why": what a pass or a fail rests on. */
export function verificationNote(verification: Verification | undefined): string {
  if (!verification) return 'unverified: recorded before runs were verified';
  return verification.state === 'verified' ? 'verified' : `${verification.state}: ${verification.reason}`;
}

/** Sweeps are decided in their trainers for now: every sweep verdict says so. */
export const SWEEP_RUNS_UNVERIFIED: Verification = { state: 'unverified', reason: 'sweep runs are not verified yet' };

/** A verdict in a line: "passed (verified)", "passed (unverified: why)", "2 of 4 checks failed (mismatch: why)". */
export function verdictLine(checks: readonly { passed: boolean }[], verification: Verification | undefined): string {
  const failed = checks.filter((check) => !check.passed).length;
  return `${failed === 0 ? 'passed' : `${failed} of ${checks.length} checks failed`} (${verificationNote(verification)})`;
}
