// `dlx grade <pack> <submissions>`: a class's learner files graded into grades.csv, grades.json and
// one feedback file per learner; `--shard i/n` grades every n-th learner, `dlx grade merge` joins shards.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeNames } from '../engine/closeNames';
import { DlxError } from '../engine/errors';
import { loadPack, type Exercise, type Pack } from '../engine/pack';
import type { BackendChoice } from '../engine/results';
import { gradeClass, type GradeProgress } from '../host/grading/gradeClass';
import { FEEDBACK_DIR, GRADES_CSV, GRADES_JSON, GRADES_VERSION, mergeGrades, readGrades, writeGrades, type GradeCell, type GradesFile } from '../host/grading/grades';
import { readSubmissions } from '../host/grading/submissions';
import { inShard, parseShard } from '../host/shard';
import { defaultWorkers } from '../host/sweep';
import { gradeProgress } from './format';

export interface GradeCliOptions {
  out: string;
  jobs?: number;
  shard?: string;
  exercises?: string;
  allowUnverified: boolean;
  backend: BackendChoice;
}

/** The exercises `--exercises a,b` names, in the pack's order; all of them without it. */
function chosenExercises(pack: Pack, list: string | undefined): Exercise[] {
  if (list === undefined) return pack.exercises;
  const ids = list.split(',').map((id) => id.trim()).filter(Boolean);
  const known = pack.exercises.map((exercise) => exercise.id);
  for (const id of ids) {
    if (known.includes(id)) continue;
    const close = closeNames(id, known);
    throw new DlxError('settings', `--exercises: the pack ${pack.name} has no exercise "${id}".${close.length ? ` Did you mean ${close.map((c) => `"${c}"`).join(' or ')}?` : ''} Its exercises: ${known.join(', ')}.`);
  }
  if (ids.length === 0) throw new DlxError('settings', '--exercises takes a comma-separated list of exercise ids.');
  return pack.exercises.filter((exercise) => ids.includes(exercise.id));
}

function summaryLine(grades: GradesFile, outDir: string): string {
  const counts: Record<GradeCell, number> = { pass: 0, fail: 0, error: 0, unverified: 0, missing: 0 };
  for (const learner of grades.learners) for (const id of grades.exercises) counts[learner.results[id].verdict]++;
  const relative = path.relative(process.cwd(), outDir);
  const where = relative.startsWith('..') || path.isAbsolute(relative) ? outDir : relative || '.';
  const files = grades.learners.length;
  return `${grades.learners.length} learner${grades.learners.length === 1 ? '' : 's'} x ${grades.exercises.length} exercise${grades.exercises.length === 1 ? '' : 's'}: ${Object.entries(counts).map(([verdict, n]) => `${n} ${verdict}`).join(', ')}.\n`
    + `Wrote ${path.join(where, GRADES_CSV)}, ${path.join(where, GRADES_JSON)} and ${path.join(where, FEEDBACK_DIR)}/ (${files} file${files === 1 ? '' : 's'}).\n`;
}

export async function commandGrade(packDir: string, submissionsDir: string, options: GradeCliOptions): Promise<number> {
  const shard = options.shard !== undefined ? parseShard(options.shard) : undefined;
  const pack = loadPack(path.resolve(packDir));
  const exercises = chosenExercises(pack, options.exercises);
  const root = path.resolve(submissionsDir);
  const folder = readSubmissions(root, exercises);
  for (const note of folder.notes) process.stderr.write(`note: ${note}\n`);
  const learners = shard ? folder.learners.filter((_, position) => inShard(position, shard)) : folder.learners;
  const jobs = options.jobs ?? defaultWorkers();
  const tty = process.stderr.isTTY;
  const started = performance.now();
  let learnersShown = -1;
  const show = (progress: GradeProgress) => {
    const line = gradeProgress(progress, (performance.now() - started) / 1000);
    if (tty) process.stderr.write(`\r${line}\x1b[K`);
    else if (progress.learnersDone !== learnersShown) process.stderr.write(`${line}\n`);
    learnersShown = progress.learnersDone;
  };
  process.stderr.write(`Grading ${learners.length} learner${learners.length === 1 ? '' : 's'}${shard ? ` (shard ${shard.index}/${shard.count} of ${folder.learners.length})` : ''} on ${exercises.length} exercise${exercises.length === 1 ? '' : 's'} of ${pack.name} ${pack.version}, ${jobs} at a time.\n`);
  const graded = await gradeClass({ exercises, learners, root, jobs, backend: options.backend, allowUnverified: options.allowUnverified, onProgress: show });
  if (tty) process.stderr.write('\n');
  for (const reason of graded.sandboxOff) process.stderr.write(`warning: some runs had no sandbox (sandbox: off, ${reason}): their learner code could reach files and programs of this machine.\n`);
  const grades: GradesFile = {
    version: GRADES_VERSION,
    pack: { name: pack.name, version: pack.version },
    exercises: exercises.map((exercise) => exercise.id),
    allowUnverified: options.allowUnverified,
    notes: folder.notes,
    learners: graded.learners,
    ...(shard ? { shard: { ...shard, learners: folder.learners.length } } : {}),
  };
  const outDir = path.resolve(options.out);
  writeGrades(outDir, grades);
  process.stdout.write(summaryLine(grades, outDir));
  return 0;
}

export function commandGradeMerge(shardDirs: string[], out: string): number {
  const merged = mergeGrades(shardDirs.map((dir) => ({ grades: readGrades(path.resolve(dir)), label: dir })));
  const outDir = path.resolve(out);
  writeGrades(outDir, merged);
  process.stdout.write(`Merged ${shardDirs.length} shard${shardDirs.length === 1 ? '' : 's'}: ${summaryLine(merged, outDir)}`);
  return 0;
}
