// The trainer's sandbox: Node's permission model around each trainer child. Learner code may read
// only what a run needs (the trainer's own files, the pack, the learner file's folder) and may not
// write files, start processes or threads, or load native addons (unless native TensorFlow may
// train). When the runtime or the trainer cannot work that way, the run goes on without it and
// says why; the trainer checks the state again from inside, so no sandbox is claimed that is not there.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { findPackDir } from '../engine/pack';
import type { BackendChoice, SandboxState } from '../engine/results';

/** What the sandbox of a run depends on; `planSandbox` is a pure function of it. */
export interface SandboxFacts {
  /** Node version of the runtime that runs the trainer: the caller's, since fork uses its execPath. */
  nodeVersion: string;
  /** Set when that runtime is Electron (VS Code desktop forks it with ELECTRON_RUN_AS_NODE). */
  electronVersion?: string;
  /** The node_modules folder holding @tensorflow/tfjs-node, when it is installed and the run may train on it. */
  nativeTensorflow?: string;
  /** Folders the run reads (each also by its real path, when a link leads there). */
  reads: string[];
  /** DLX_SANDBOX=off in the caller's environment. */
  turnedOff: boolean;
}

export interface SandboxPlan {
  /** Node options of the trainer child; none when the sandbox is off. */
  execArgv: string[];
  state: Omit<SandboxState, 'memoryWatch'>;
}


/** `--permission` from Node 22.13 and 23.5; `--experimental-permission` before, from 20.12 (the first with --allow-addons). */
export function permissionFlag(nodeVersion: string): string | undefined {
  const [major, minor] = nodeVersion.replace(/^v/, '').split('.').map(Number);
  if (major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13)) return '--permission';
  if ((major === 20 && minor >= 12) || (major === 21 && minor >= 6) || major === 22 || major === 23) return '--experimental-permission';
  return undefined;
}

export function planSandbox(facts: SandboxFacts): SandboxPlan {
  const off = (reason: string): SandboxPlan => ({ execArgv: [], state: { on: false, reason } });
  if (facts.turnedOff) return off('turned off with DLX_SANDBOX=off');
  const flag = permissionFlag(facts.nodeVersion);
  const runtime = facts.electronVersion ? `Electron ${facts.electronVersion} (Node ${facts.nodeVersion})` : `Node ${facts.nodeVersion}`;
  if (!flag) return off(`${runtime} has no suitable permission model (it needs Node 20.12 or later)`);
  const reads = [...new Set([...facts.reads, ...(facts.nativeTensorflow ? [facts.nativeTensorflow] : [])])];
  const execArgv = [flag, '--disable-warning=ExperimentalWarning', ...reads.map((dir) => `--allow-fs-read=${dir}`)];
  let reason = "Node's permission model: reads only in the pack, the learner file's folder and the trainer's own files; no writes, child processes or worker threads";
  if (facts.nativeTensorflow) {
    execArgv.push('--allow-addons', '--disable-warning=SecurityWarning');
    reason += '; native addons allowed for @tensorflow/tfjs-node, whose native code the permission model does not check';
  } else {
    reason += ', no native addons';
  }
  if (facts.electronVersion) reason += "; files inside Electron's .asar archives stay readable";
  return { execArgv, state: { on: true, reason } };
}

/** The node_modules folder the trainer would load @tensorflow/tfjs-node (and its dependencies) from. */
function nodeModulesWithTfjsNode(trainerPath: string): string | undefined {
  try {
    const manifest = createRequire(trainerPath).resolve('@tensorflow/tfjs-node/package.json');
    return path.dirname(path.dirname(path.dirname(manifest)));
  } catch {
    return undefined;
  }
}

function withRealPath(dir: string): string[] {
  try {
    const real = fs.realpathSync(dir);
    return real === dir ? [dir] : [dir, real];
  } catch {
    return [dir];
  }
}

export interface SandboxScope {
  exerciseDir?: string;
  learnerFile?: string;
  backend: BackendChoice;
}

/** The sandbox for a run of `trainerPath` in this process's runtime. */
export function sandboxFor(trainerPath: string, scope: SandboxScope, env: NodeJS.ProcessEnv = process.env): SandboxPlan {
  let pack: string | undefined;
  try {
    pack = scope.exerciseDir && findPackDir(scope.exerciseDir);
  } catch {
    pack = scope.exerciseDir;
  }
  const dirs = [path.dirname(trainerPath), pack, scope.learnerFile && path.dirname(scope.learnerFile)].filter((dir): dir is string => Boolean(dir));
  const nativeTensorflow = scope.backend === 'auto' || scope.backend === 'tensorflow' ? nodeModulesWithTfjsNode(trainerPath) : undefined;
  return planSandbox({
    nodeVersion: process.versions.node,
    electronVersion: process.versions.electron,
    nativeTensorflow,
    reads: [...dirs, ...(nativeTensorflow ? [nativeTensorflow] : [])].map((dir) => path.resolve(dir)).flatMap(withRealPath),
    turnedOff: env.DLX_SANDBOX === 'off',
  });
}
