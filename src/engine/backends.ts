// TensorFlow.js backends and the choice between them and the fused path. Measured on the
// course's tiny dense models, per-op overhead dominates: tfjs-node ~20 µs/op, wasm ~9.5, cpu ~5,
// while tfjs-node wins on large tensors. So "auto" never simply prefers the native backend.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Backend, BackendChoice, TfjsBackend } from './results';
import { DlxError } from './errors';
import { tfc as tf } from './tf';

let nodeBackend: { loaded: boolean; error?: string } | undefined;

/** Loads @tensorflow/tfjs-node once; it is optional, and often absent. */
export function tfjsNodeStatus(): { loaded: boolean; error?: string } {
  if (!nodeBackend) {
    try {
      require('@tensorflow/tfjs-node');
      nodeBackend = { loaded: true };
    } catch (error) {
      nodeBackend = { loaded: false, error: (error as Error).message.split('\n')[0] };
    }
  }
  return nodeBackend;
}

let wasmReady = false;

/** Next to the bundled trainer (dist/, where the build copies the binaries), else the package's own. */
function wasmDirectory(): string {
  if (fs.existsSync(path.join(__dirname, 'tfjs-backend-wasm.wasm'))) return __dirname;
  const manifest = '@tensorflow/tfjs-backend-wasm/package.json';
  return path.join(path.dirname(require.resolve(manifest)), 'dist');
}

export async function activateBackend(name: TfjsBackend): Promise<void> {
  if (name === 'tensorflow') {
    const status = tfjsNodeStatus();
    if (!status.loaded) throw new DlxError('environment', `The tensorflow backend (@tensorflow/tfjs-node) is not installed or failed to load: ${status.error}. Use --backend auto, or see "tfjs-node" in the README to build it.`);
  }
  if (name === 'wasm' && !wasmReady) {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmDirectory() + path.sep);
    wasmReady = true;
  }
  if (tf.getBackend() !== name && !(await tf.setBackend(name))) {
    throw new DlxError('environment', `The ${name} backend failed to initialise.`);
  }
}

export interface ModelFacts {
  /** true, or why the fused path cannot run this model. */
  fusable: true | string;
  parameters: number;
  rowsPerStep: number;
}

/** Multiply-adds per step above which native TensorFlow's kernels beat the per-op overhead. */
const LARGE_STEP_WORK = 20_000_000;

export function chooseBackend(choice: BackendChoice, facts: ModelFacts, nodeLoaded: () => boolean): { backend: Backend; reason: string; warning?: string } {
  if (choice === 'fused') {
    if (facts.fusable === true) return { backend: 'fused', reason: 'forced with --backend fused' };
    const fallback = chooseBackend('auto', facts, nodeLoaded);
    return { ...fallback, warning: `The fast path cannot run this model (${facts.fusable}); it runs on ${fallback.backend} instead.` };
  }
  if (choice !== 'auto') return { backend: choice, reason: 'chosen in the settings' };
  if (facts.fusable === true) {
    return { backend: 'fused', reason: 'a dense stack: the fused path runs each training step as one routine, without tfjs per-op overhead (fastest in the benchmark)' };
  }
  const work = facts.parameters * facts.rowsPerStep;
  if (work >= LARGE_STEP_WORK && nodeLoaded()) {
    return { backend: 'tensorflow', reason: `large tensors (~${(work / 1e6).toFixed(0)}M multiply-adds per step): native TensorFlow is fastest; the fast path is off because ${facts.fusable}` };
  }
  return { backend: 'wasm', reason: `small tensors, where per-op overhead dominates and wasm trains fastest of the tfjs backends; the fast path is off because ${facts.fusable}` };
}
