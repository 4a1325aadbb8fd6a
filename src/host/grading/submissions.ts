// A class's submissions as `dlx grade` reads them: one folder per learner (the folder's name is the
// learner), each holding learner files under the exercises' `learnerFile` names: the layout of a
// folder of GitHub Classroom assignment repos or of an LMS download unpacked per learner.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeNames } from '../../engine/closeNames';
import { DlxError } from '../../engine/errors';
import type { Exercise } from '../../engine/pack';

export interface Submission {
  learner: string;
  dir: string;
  /** Exercise id -> the learner's file. */
  files: Map<string, string>;
  /** Exercise id -> why there is no file (with the closest name when one is there). */
  missing: Map<string, string>;
}

export interface SubmissionsFolder {
  /** Sorted by name (code units, so every machine sorts alike). */
  learners: Submission[];
  /** Stray entries, ignored with a note. */
  notes: string[];
}

/** Names starting with a dot (.git, .DS_Store, .github) are a tool's, not a learner's: skipped silently. */
const hidden = (name: string) => name.startsWith('.');
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function readSubmissions(dir: string, exercises: readonly Exercise[]): SubmissionsFolder {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    throw new DlxError('settings', `The submissions folder ${dir} does not exist or cannot be read. It holds one folder per learner, named for the learner.`);
  }
  const notes: string[] = [];
  const learners: Submission[] = [];
  for (const entry of [...entries].sort((a, b) => byCodeUnits(a.name, b.name))) {
    if (hidden(entry.name)) continue;
    if (!entry.isDirectory()) {
      notes.push(`Stray file "${entry.name}" in the submissions folder: ignored (each learner is a folder of their own).`);
      continue;
    }
    learners.push(readLearner(entry.name, path.join(dir, entry.name), exercises));
  }
  if (learners.length === 0) throw new DlxError('settings', `The submissions folder ${dir} holds no learner folders. Put each learner's files in a folder named for the learner.`);
  return { learners, notes };
}

function readLearner(learner: string, dir: string, exercises: readonly Exercise[]): Submission {
  const present = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile() && !hidden(e.name)).map((e) => e.name);
  const learnerFileNames = new Set(exercises.map((exercise) => exercise.learnerFileName));
  // A file that is no exercise's learner file may be the right one under a wrong name.
  const others = present.filter((name) => !learnerFileNames.has(name));
  const files = new Map<string, string>();
  const missing = new Map<string, string>();
  for (const exercise of exercises) {
    const expected = exercise.learnerFileName;
    if (present.includes(expected)) {
      files.set(exercise.id, path.join(dir, expected));
      continue;
    }
    const close = closeNames(expected.toLowerCase(), others.map((name) => name.toLowerCase())).map((lower) => others.find((name) => name.toLowerCase() === lower)!);
    missing.set(exercise.id, close.length > 0
      ? `No ${expected} in ${learner}/, but there is ${close.map((name) => `"${name}"`).join(' or ')}: did you mean ${expected}? Rename the file to grade it.`
      : `No ${expected} in ${learner}/.`);
  }
  return { learner, dir, files, missing };
}
