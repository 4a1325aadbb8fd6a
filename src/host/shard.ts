// Sharding: `--shard i/n` takes every n-th item (learners sorted by name, or a sweep's runs by plan
// index), so n machines share the work and the merge gives exactly the unsharded result.
import { DlxError } from '../engine/errors';

/** 1-based index of `count` shards. */
export interface Shard {
  index: number;
  count: number;
}

export function parseShard(spec: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(spec.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new DlxError('settings', `--shard takes i/n with 1 <= i <= n (e.g. --shard 2/4 for the second of four shards), got "${spec}".`);
  }
  return { index, count };
}

/** Item `position` (0-based, in the sorted order) belongs to this shard. */
export function inShard(position: number, shard: Shard): boolean {
  return position % shard.count === shard.index - 1;
}

/**
 * The shards as given, checked to be all of one split: the same count, each index exactly once.
 * `label` names a shard in the errors (its folder).
 */
export function checkShardSet(shards: readonly { shard: Shard; label: string }[]): void {
  if (shards.length === 0) throw new DlxError('settings', 'Nothing to merge: name the shard outputs (folders).');
  const count = shards[0].shard.count;
  const other = shards.find((s) => s.shard.count !== count);
  if (other) throw new DlxError('settings', `${other.label} is shard ${other.shard.index}/${other.shard.count}, but ${shards[0].label} is one of ${count}: these shards come from different splits.`);
  const seen = new Map<number, string>();
  for (const { shard, label } of shards) {
    const twice = seen.get(shard.index);
    if (twice) throw new DlxError('settings', `${label} and ${twice} are both shard ${shard.index}/${count}.`);
    seen.set(shard.index, label);
  }
  const missing = Array.from({ length: count }, (_, k) => k + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) throw new DlxError('settings', `Shard${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: merge all ${count} shards.`);
}
