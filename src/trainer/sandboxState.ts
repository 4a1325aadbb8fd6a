// The sandbox as the trainer itself finds it: what the host planned (src/host/sandbox.ts), checked
// against the permission model actually in force, so no run claims a sandbox that is not there.
import * as path from 'node:path';
import type { SandboxState } from '../engine/results';

/** The environment variable that carries the host's plan to the trainer. */
export const SANDBOX_STATE_ENV = 'DLX_SANDBOX_STATE';

type Permission = { has(scope: string, reference?: string): boolean };

/**
 * The sandbox as the trainer finds it: the host's plan, unless the runtime ignored the flags or
 * they leave open what the sandbox closes. Runs in the trainer, with its `process.permission`.
 */
export function sandboxInEffect(announced: string | undefined, permission: Permission | undefined, root: string): SandboxState {
  let state: SandboxState;
  try {
    state = JSON.parse(announced ?? '') as SandboxState;
  } catch {
    return { on: false, reason: 'the trainer was started without a sandbox plan', memoryWatch: { on: false, reason: 'the trainer was started without a memory watch' } };
  }
  if (!state.on) return state;
  if (!permission) return { ...state, on: false, reason: "the runtime ignored Node's permission flags" };
  const open = [['fs.write', 'writing files'], ['child', 'child processes'], ['worker', 'worker threads']].filter(([scope]) => permission.has(scope)).map(([, what]) => what);
  // A made-up path: has() on a folder can answer true for a parent of allowed folders.
  if (permission.has('fs.read', path.join(root, 'dlx-sandbox-probe-nonexistent'))) open.push('reading the whole disk');
  return open.length ? { ...state, on: false, reason: `the permission model is on but allows ${open.join(', ')}` } : state;
}
