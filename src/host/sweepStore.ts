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
    const sweep = readSweep(path.join(dir, name));
    if (sweep) sweeps.push(sweep);
  }
  return sweeps;
}

/** A record, or undefined for a foreign or damaged file (not ours to fail on). */
function readSweep(file: string): SweepResult | undefined {
  try {
    const sweep = JSON.parse(fs.readFileSync(file, 'utf8')) as SweepResult;
    return sweep.version === 1 && Array.isArray(sweep.runs) ? sweep : undefined;
  } catch {
    return undefined;
  }
}

/** The saved sweep with this id, if any. */
export function findSweep(workspaceDir: string, sweepId: string): SweepResult | undefined {
  const dir = sweepsDir(workspaceDir);
  if (!/^[a-z0-9]+$/i.test(sweepId) || !fs.existsSync(dir)) return undefined;
  const name = fs.readdirSync(dir).find((file) => file.endsWith(`-${sweepId}.json`));
  return name ? readSweep(path.join(dir, name)) : undefined;
}
