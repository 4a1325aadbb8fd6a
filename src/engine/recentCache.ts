// The last few values by key, kept for the life of the process: work a pool worker (and the host
// verifying its runs) would otherwise repeat run after run, bounded so a long-lived process does not
// keep every file it ever read.
export class RecentCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` as the newest entry, the oldest going beyond the limit; returns `value`. */
  set(key: K, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
