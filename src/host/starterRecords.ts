// Which starter each learner file was made from (`.dlx/starters.json` in the workspace): its
// exercise and the starter's sha256 when the file was created. A pack update that changes a
// starter can then tell the learner, whose own file is never rewritten, what changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Exercise } from '../engine/pack';
import { writeJsonAtomic } from './recordFolder';
import { hashFile, STORE_DIR } from './runStore';

export interface StarterRecord {
  exercise: string;
  sha256: string;
  recordedAt: number;
}

/** Learner file name (relative to the workspace) -> where it came from. */
export type StarterRecords = Record<string, StarterRecord>;

const recordsFile = (workspaceDir: string) => path.join(workspaceDir, STORE_DIR, 'starters.json');

export function readStarterRecords(workspaceDir: string): StarterRecords {
  try {
    return JSON.parse(fs.readFileSync(recordsFile(workspaceDir), 'utf8')) as StarterRecords;
  } catch {
    return {};
  }
}

/** Called when a learner file is created from the exercise's starter. */
export function recordStarter(workspaceDir: string, exercise: Exercise, now = Date.now()): void {
  const sha256 = hashFile(exercise.starter);
  if (!sha256) return;
  const records = readStarterRecords(workspaceDir);
  records[exercise.learnerFileName] = { exercise: exercise.id, sha256, recordedAt: now };
  writeJsonAtomic(recordsFile(workspaceDir), records);
}

export interface ChangedStarter {
  exercise: Exercise;
  /** The learner's file, which still exists. */
  learnerFile: string;
}

/** The exercises whose starter is no longer the one the learner's existing file was made from. */
export function changedStarters(workspaceDir: string, exercises: readonly Exercise[]): ChangedStarter[] {
  const records = readStarterRecords(workspaceDir);
  return exercises.flatMap((exercise) => {
    const record = records[exercise.learnerFileName];
    const learnerFile = path.join(workspaceDir, exercise.learnerFileName);
    if (!record || record.exercise !== exercise.id || !fs.existsSync(learnerFile)) return [];
    return hashFile(exercise.starter) === record.sha256 ? [] : [{ exercise, learnerFile }];
  });
}
