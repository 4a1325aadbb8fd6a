// What `dlx doctor` reports, found from inside the trainer: the runtime it runs on, which backends
// load there (under its sandbox), and what `auto` would train a dense stack on.
import { activateBackend, chooseBackend, tfjsNodeStatus } from '../engine/backends';
import type { SandboxState, TfjsBackend } from '../engine/results';
import type { TrainerProbe } from './protocol';

const TFJS_BACKENDS: TfjsBackend[] = ['tensorflow', 'wasm', 'cpu'];

export async function probeTrainer(sandbox: SandboxState): Promise<TrainerProbe> {
  const backends: TrainerProbe['backends'] = [{ backend: 'fused', available: true, detail: 'built in: one routine per training step, for dense stacks' }];
  for (const backend of TFJS_BACKENDS) {
    try {
      await activateBackend(backend);
      backends.push({ backend, available: true, detail: 'loads and initialises' });
    } catch (error) {
      backends.push({ backend, available: false, detail: (error as Error).message });
    }
  }
  await activateBackend('cpu');
  const auto = chooseBackend('auto', { fusable: true, parameters: 1000, rowsPerStep: 32 }, () => tfjsNodeStatus().loaded);
  return {
    node: process.versions.node, execPath: process.execPath, ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    platform: process.platform, arch: process.arch, backends, autoForDense: { backend: auto.backend, reason: auto.reason }, sandbox,
  };
}
