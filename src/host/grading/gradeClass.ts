// Grading a class: every learner's file for every exercise through checkExercise, the function
// `dlx run` and `dlx validate` use. Single runs share one TrainerPool (all cores by default) but
// never a process: each run gets a fresh sandboxed trainer (maxRunsPerWorker 1) with its exercise's
// limits, and the host's verifier decides its verdict. A crash, a time-out, a memory bomb or a forgery
// ends that run alone. Sweep exercises then run one after the other, each on a pool of `jobs` workers
// at the exercise's validation sizes, so the machine is never asked for more than `jobs` trainers.
import { isSweepExercise, DEFAULT_LIMITS, type Exercise } from '../../engine/pack';
import type { BackendChoice } from '../../engine/results';
import { checkExercise, type CheckOptions } from '../checkExercise';
import { TrainerPool } from '../trainerPool';
import { gradeOf, missingGrade, type ExerciseGrade, type LearnerGrades } from './grades';
import type { Submission } from './submissions';

export interface GradeProgress {
  learnersDone: number;
  learners: number;
  /** Exercise checks (a run, or a whole sweep) done and planned. */
  checksDone: number;
  checks: number;
}

export interface GradeClassOptions {
  exercises: readonly Exercise[];
  learners: readonly Submission[];
  /** The submissions folder: paths in the grades are relative to it. */
  root: string;
  jobs: number;
  backend: BackendChoice;
  allowUnverified: boolean;
  trainerPath?: string;
  onProgress?(progress: GradeProgress): void;
}

export interface GradedClass {
  learners: LearnerGrades[];
  /** Why the sandbox was off, for runs that had none (each reason once): the grader must be told. */
  sandboxOff: string[];
}

export async function gradeClass(options: GradeClassOptions): Promise<GradedClass> {
  const { exercises, learners } = options;
  const results = learners.map(() => new Map<string, ExerciseGrade>());
  const sandboxOff = new Set<string>();
  const pending = learners.map((learner) => exercises.filter((exercise) => learner.files.has(exercise.id)).length);
  const progress: GradeProgress = { learnersDone: 0, learners: learners.length, checksDone: 0, checks: pending.reduce((a, b) => a + b, 0) };
  learners.forEach((learner, k) => {
    for (const [id, note] of learner.missing) results[k].set(id, missingGrade(note));
    if (pending[k] === 0) progress.learnersDone++;
  });
  options.onProgress?.({ ...progress });
  const common: CheckOptions = { backend: options.backend, quickSweep: true, allowUnverified: options.allowUnverified, trainerPath: options.trainerPath };
  const grade = async (k: number, exercise: Exercise, extra: Partial<CheckOptions>) => {
    const check = await checkExercise(exercise, learners[k].files.get(exercise.id)!, { ...common, ...extra });
    results[k].set(exercise.id, gradeOf(check, options.root));
    if (check.run && !check.run.sandbox.on) sandboxOff.add(check.run.sandbox.reason);
    progress.checksDone++;
    if (--pending[k] === 0) progress.learnersDone++;
    options.onProgress?.({ ...progress });
  };
  const tasks = learners.flatMap((learner, k) => exercises.filter((exercise) => learner.files.has(exercise.id)).map((exercise) => ({ k, exercise })));

  const pool = new TrainerPool({ workers: options.jobs, limits: DEFAULT_LIMITS, trainerPath: options.trainerPath, maxRunsPerWorker: 1 });
  try {
    await Promise.all(tasks.filter(({ exercise }) => !isSweepExercise(exercise)).map(({ k, exercise }) => grade(k, exercise, {
      startRun: (request, limits, onUpdate) => pool.run(request, onUpdate, undefined, limits),
    })));
  } finally {
    await pool.close();
  }
  for (const { k, exercise } of tasks.filter(({ exercise }) => isSweepExercise(exercise))) await grade(k, exercise, { sweepWorkers: options.jobs });

  return {
    learners: learners.map((learner, k) => ({
      learner: learner.learner,
      results: Object.fromEntries(exercises.map((exercise) => [exercise.id, results[k].get(exercise.id)!])),
    })),
    sandboxOff: [...sandboxOff],
  };
}
