// `dlx validate --watch`: re-validates what changed while an instructor edits. Changes are
// collected for a short quiet period, then one round runs; changes during a round start another
// after it. A change inside an exercise folder re-runs that exercise; pack.json, data/ or any other
// shared file re-runs them all (every exercise may read it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Pack } from '../engine/pack';

/** The exercises a set of changed files (relative to the pack, forward slashes) can affect. */
export function affectedExercises(pack: Pack, changed: readonly string[]): Pack['exercises'] {
  const folders = pack.exercises.map((exercise) => ({ exercise, prefix: `${path.relative(pack.dir, exercise.dir).split(path.sep).join('/')}/` }));
  const hit = new Set<Pack['exercises'][number]>();
  for (const file of changed) {
    const owner = folders.find(({ prefix }) => file.startsWith(prefix));
    if (!owner) return pack.exercises;
    hit.add(owner.exercise);
  }
  return pack.exercises.filter((exercise) => hit.has(exercise));
}

/** Skipped by the watcher: run records, version control, editors' temporary files, built archives. */
export function isIgnoredChange(relative: string): boolean {
  return relative.split('/').some((part) => part.startsWith('.') || part === 'node_modules') || /(~|\.swp|\.dlxpack|\.tmp)$/.test(relative);
}

export class Revalidator {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly round: (changed: string[]) => Promise<void>,
    private readonly debounceMs = 300,
  ) {}

  notify(relative: string): void {
    this.pending.add(relative);
    if (this.running) return; // picked up when the round ends
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(), this.debounceMs);
  }

  private start(): void {
    const changed = [...this.pending].sort();
    this.pending.clear();
    this.running = this.round(changed).finally(() => {
      this.running = undefined;
      if (this.pending.size > 0) this.timer = setTimeout(() => this.start(), this.debounceMs);
    });
  }

  /** Resolves when no round runs or waits (tests). */
  async idle(): Promise<void> {
    while (this.running || this.pending.size > 0) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, this.debounceMs / 2));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}

/** Calls `onChange` with each changed file of the pack (relative, forward slashes) until the returned stop is called. */
export function watchPack(packDir: string, onChange: (relative: string) => void): () => void {
  const watcher = fs.watch(packDir, { recursive: true }, (_event, name) => {
    if (!name) return;
    const relative = name.toString().split(path.sep).join('/');
    if (!isIgnoredChange(relative)) onChange(relative);
  });
  return () => watcher.close();
}
