// A verdict in words, with whether it was verified: one wording for the CLI, the Test Explorer and the records.
import type { Verification } from './results';

/** "verified", "unverified: why" or "mismatch: why": what a pass or a fail rests on. */
export function verificationNote(verification: Verification | undefined): string {
  if (!verification) return 'unverified: recorded before runs were verified';
  return verification.state === 'verified' ? 'verified' : `${verification.state}: ${verification.reason}`;
}
