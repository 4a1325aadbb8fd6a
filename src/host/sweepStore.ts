// Sweep records under the workspace's `.dlx/sweeps/`: written once before the first run (the
// prediction is committed before any result exists), then with results.
import * as path from 'node:path';
import type { SweepResult } from '../engine/sweep';
import { RecordFolder, writeJsonAtomic } from './recordFolder';
import { readSweepRecord, sweepRecord, type SweepRecord } from './records';
import { STORE_DIR } from './runStore';

const sweeps = (workspaceDir: string) => new RecordFolder(path.join(workspaceDir, STORE_DIR, 'sweeps'), readSweepRecord);

/** Writes the sweep as it stands, to the same file each time. */
export function saveSweep(workspaceDir: string, sweep: SweepResult): string {
  const file = sweeps(workspaceDir).file(sweep.startedAt, sweep.exercise, sweep.id);
  writeJsonAtomic(file, sweepRecord(sweep));
  return file;
}

/** Newest first; unreadable or foreign files are skipped. */
export function recentSweeps(workspaceDir: string, limit: number): SweepRecord[] {
  return sweeps(workspaceDir).recent(limit);
}

/** The saved sweep with this id, if any. */
export function findSweep(workspaceDir: string, sweepId: string): SweepRecord | undefined {
  return sweeps(workspaceDir).find(sweepId);
}
