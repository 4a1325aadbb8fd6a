// The trainer's side of checkpoints: the weights serialized in memory and sent to the host, which
// writes them (this process may not write files). A best-only checkpoint can improve at every epoch,
// so it is sent at most once a second, and the latest one always before the run ends.
import { checkpointArtifacts, type Checkpoint, type CheckpointKind } from '../engine/checkpoint';
import type { TrainableModel } from '../engine/model';
import type { CheckpointsSaved } from '../engine/results';
import type { CheckpointSettings } from '../engine/settings';
import type { StepEngine } from '../engine/stepEngines';
import type { TrainerToHost } from './protocol';

export const BEST_CHECKPOINT_INTERVAL_MS = 1000;

export function createCheckpointSender(options: {
  settings: CheckpointSettings;
  model: Pick<TrainableModel, 'savedForm' | 'allVariables'>;
  engine: Pick<StepEngine, 'currentWeights' | 'optimizerState'>;
  send(message: TrainerToHost): void;
  now(): number;
}) {
  const saved: CheckpointsSaved = {};
  let pendingBest: Checkpoint | null = null;
  let lastBestSentAt = Number.NEGATIVE_INFINITY;
  const sendNow = (checkpoint: Checkpoint) => {
    options.send({ type: 'checkpoint', checkpoint });
    if (checkpoint.kind === 'best') {
      saved.best = { epoch: checkpoint.epoch, monitor: checkpoint.monitor!.name, value: checkpoint.monitor!.value };
      lastBestSentAt = options.now();
    } else saved.last = { epoch: checkpoint.epoch };
  };
  return {
    save(kind: CheckpointKind, epoch: number, value?: number): void {
      const checkpoint: Checkpoint = {
        kind, epoch, artifacts: checkpointArtifacts(options.model, options.engine.currentWeights()), optimizerState: options.engine.optimizerState(),
        ...(kind === 'best' ? { monitor: { name: options.settings.best!, value: value! } } : {}),
      };
      // With `every`, best candidates come only every N epochs: no need to hold them back.
      const throttled = kind === 'best' && options.settings.every === undefined && options.now() - lastBestSentAt < BEST_CHECKPOINT_INTERVAL_MS;
      if (throttled) pendingBest = checkpoint;
      else {
        if (kind === 'best') pendingBest = null;
        sendNow(checkpoint);
      }
    },
    /** Sends a best checkpoint held back; call when training ends, before the result. */
    flush(): void {
      if (pendingBest) sendNow(pendingBest);
      pendingBest = null;
    },
    saved: (): CheckpointsSaved => ({ ...saved }),
  };
}
