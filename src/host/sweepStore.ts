// Sweep records under the workspace's `.dlx/sweeps/`, written atomically like run records: once
// before the first run (the prediction is committed before any result exists), then with results.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SweepResult } from '../engine/sweep';
import { STORE_DIR, writeJsonAtomic } from './runStore';

export function sweepsDir(workspaceDir: string): string {
  return path.join(workspaceDir, STORE_DIR, 'sweeps');
}

/** The record's file: the same for the first write and the final one. */
export function sweepFile(workspaceDir: string, sweep: Pick<SweepResult, 'startedAt' | 'exercise' | 'id'>): string {
  return path.join(sweepsDir(workspaceDir), `${new Date(sweep.startedAt).toISOString().replace(/[:.]/g, '-')}-${sweep.exercise}-${sweep.id}.json`);
}

export function saveSweep(workspaceDir: string, sweep: SweepResult): string {
  const file = sweepFile(workspaceDir, sweep);
  writeJsonAtomic(file, sweep);
  return file;
}

/** Newest first; unreadable or foreign files are skipped. */
export function recentSweeps(workspaceDir: string, limit: number): SweepResult[] {
  const dir = sweepsDir(workspaceDir);
  if (!fs.existsSync(dir)) return [];
  const sweeps: SweepResult[] = [];
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort().reverse()) {
    if (sweeps.length >= limit) break;
    try {
      const sweep = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SweepResult;
      if (sweep.version === 1 && Array.isArray(sweep.runs)) sweeps.push(sweep);
    } catch {
      // Not ours to fail on.
    }
  }
  return sweeps;
}
