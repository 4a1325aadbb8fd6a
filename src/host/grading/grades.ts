// The records of `dlx grade`: grades.json (version 1, documented in the README), grades.csv and one
// feedback Markdown file per learner, all rendered from the same GradesFile. Nothing in it depends on
// when or where it was graded (no times, no absolute paths), so shards merge to the same bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DlxError } from '../../engine/errors';
import type { CheckResult, RunError, RunMetrics, SplitMetrics, Verification } from '../../engine/results';
import type { SweepStats } from '../../engine/sweep';
import type { ExerciseCheck, Verdict } from '../checkExercise';
import { toJsonText, writeFileAtomic } from '../recordFolder';
import { checkShardSet, type Shard } from '../shard';

export const GRADES_VERSION = 1;
export const GRADES_JSON = 'grades.json';
export const GRADES_CSV = 'grades.csv';
export const FEEDBACK_DIR = 'feedback';

export type GradeCell = Verdict | 'missing';

export interface ExerciseGrade {
  verdict: GradeCell;
  /** How it was checked: one run, or the exercise's sweep at its validation sizes. Absent when missing. */
  mode?: 'run' | 'sweep' | 'function';
  checks: CheckResult[];
  /** A run's final metrics (evaluation mode); null for a sweep or when nothing finished. */
  metrics: RunMetrics | null;
  /** A sweep's size and its outcome over every run. */
  sweep?: { runs: number; failedRuns: number; outcome: string; overall: SweepStats };
  diagnosis: string[];
  verification: Verification | null;
  error?: Pick<RunError, 'kind' | 'message' | 'location' | 'hint'>;
  /** Why the verdict is missing. */
  note?: string;
}

export interface LearnerGrades {
  learner: string;
  /** Exercise id -> its grade, one for every graded exercise. */
  results: Record<string, ExerciseGrade>;
}

export interface GradesFile {
  version: typeof GRADES_VERSION;
  pack: { name: string; version: string };
  /** The graded exercises, in the pack's order: the CSV's columns. */
  exercises: string[];
  allowUnverified: boolean;
  /** About the submissions folder (stray files). */
  notes: string[];
  /** Sorted by name. */
  learners: LearnerGrades[];
  /** Only in a shard's output: which shard, and how many learners all the shards hold. */
  shard?: Shard & { learners: number };
}

/** Strings with `root/` taken out: paths relative to the submissions folder, the same on every machine. */
function portable<T>(value: T, root: string): T {
  const prefix = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.split(prefix).join('');
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}

/** One exercise's grade from its check; `root`: the submissions folder. */
export function gradeOf(check: ExerciseCheck, root: string): ExerciseGrade {
  const error = check.error ? { kind: check.error.kind, message: check.error.message, ...(check.error.location ? { location: check.error.location } : {}), ...(check.error.hint ? { hint: check.error.hint } : {}) } : undefined;
  const summary = check.sweep?.summary;
  return portable({
    verdict: check.verdict,
    mode: check.mode,
    checks: check.checks.map(({ name, passed, message }) => ({ name, passed, message })),
    metrics: check.run?.metrics ?? null,
    ...(check.sweep && summary ? { sweep: { runs: check.sweep.runs.length, failedRuns: check.sweep.runs.filter((run) => run.status === 'failed').length, outcome: check.sweep.outcome, overall: summary.overall } } : {}),
    diagnosis: check.run?.diagnosis ?? [],
    verification: check.verification ?? null,
    ...(error ? { error } : {}),
  }, root);
}

export const missingGrade = (note: string): ExerciseGrade => ({ verdict: 'missing', checks: [], metrics: null, diagnosis: [], verification: null, note });

const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function gradesCsv(grades: GradesFile): string {
  const rows = [['learner', ...grades.exercises], ...grades.learners.map((l) => [l.learner, ...grades.exercises.map((id) => l.results[id].verdict)])];
  return rows.map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

/** A number as text; NaN in memory and null in grades.json (its JSON form) both read NaN, so a merge renders the same. */
const num = (x: number | null, digits: number, scale = 1) => (typeof x === 'number' && Number.isFinite(x) ? (scale * x).toFixed(digits) : 'NaN');
function splitLine(name: string, m: SplitMetrics): string {
  const parts = [`loss ${num(m.loss, 4)}`];
  if (m.accuracy !== undefined) parts.push(`accuracy ${num(m.accuracy, 1, 100)} %`);
  if (m.f1 !== undefined) parts.push(`macro F1 ${num(m.f1, 3)}`);
  if (m.r !== undefined) parts.push(`r ${num(m.r, 3)}`);
  return `- ${name}: ${parts.join(', ')}`;
}

const VERDICT_WORDS: Record<GradeCell, string> = {
  pass: 'pass: every check passed, and the verifier confirmed it', fail: 'fail: a check did not pass', error: 'error: the run did not give a result that counts',
  unverified: 'unverified: the checks passed, but the verifier could not confirm them', missing: 'missing: no file to grade',
};

/** The learner's feedback: per exercise its verdict, each check with its message, the metrics, the diagnosis. */
export function feedbackMarkdown(grades: GradesFile, learner: LearnerGrades): string {
  const lines = [`# Feedback for ${learner.learner}`, '', `Pack ${grades.pack.name} ${grades.pack.version}.`, ''];
  for (const id of grades.exercises) {
    const grade = learner.results[id];
    lines.push(`## ${id}: ${grade.verdict}`, '', VERDICT_WORDS[grade.verdict], '');
    if (grade.note) lines.push(grade.note, '');
    if (grade.error) lines.push(`Error (${grade.error.kind}${grade.error.location ? `, ${grade.error.location.file}:${grade.error.location.line}:${grade.error.location.column}` : ''}): ${grade.error.message}`, '');
    if (grade.checks.length > 0) {
      lines.push(grade.mode === 'sweep' ? 'Checks (of the sweep, at its validation sizes):' : 'Checks:', '');
      for (const check of grade.checks) lines.push(`- [${check.passed ? 'x' : ' '}] ${check.name}: ${check.message}`);
      lines.push('');
    }
    if (grade.metrics) {
      lines.push('Metrics (final, evaluation mode):', '');
      for (const split of ['train', 'dev', 'test'] as const) if (grade.metrics[split]) lines.push(splitLine(split, grade.metrics[split]!));
      lines.push('');
    }
    if (grade.sweep) lines.push(`Sweep: ${grade.sweep.runs} runs (${grade.sweep.failedRuns} failed), outcome ${grade.sweep.outcome}: mean ${num(grade.sweep.overall.mean, 4)} over all runs.`, '');
    if (grade.diagnosis.length > 0) lines.push('Diagnosis:', '', ...grade.diagnosis.map((note) => `- ${note}`), '');
    if (grade.verification) lines.push(`Verification: ${grade.verification.state} (${grade.verification.reason}).`, '');
  }
  return lines.join('\n');
}

/** grades.json, grades.csv and feedback/<learner>.md into `outDir`, each written atomically. */
export function writeGrades(outDir: string, grades: GradesFile): void {
  const feedbackDir = path.join(outDir, FEEDBACK_DIR);
  fs.mkdirSync(feedbackDir, { recursive: true });
  // Feedback of an earlier grading for a learner who is not in this one would read as current.
  const current = new Set(grades.learners.map((learner) => `${learner.learner}.md`));
  for (const name of fs.readdirSync(feedbackDir)) if (name.endsWith('.md') && !current.has(name)) fs.rmSync(path.join(feedbackDir, name));
  for (const learner of grades.learners) writeFileAtomic(path.join(feedbackDir, `${learner.learner}.md`), feedbackMarkdown(grades, learner));
  writeFileAtomic(path.join(outDir, GRADES_CSV), gradesCsv(grades));
  writeFileAtomic(path.join(outDir, GRADES_JSON), toJsonText(grades, 2));
}

export function readGrades(outDir: string): GradesFile {
  const file = path.join(outDir, GRADES_JSON);
  let value: Partial<GradesFile>;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<GradesFile>;
  } catch {
    throw new DlxError('settings', `${outDir} holds no readable ${GRADES_JSON}: is it the output of dlx grade --shard?`);
  }
  if (value.version !== GRADES_VERSION) throw new DlxError('settings', `${file} is version ${value.version}, and this dlx reads version ${GRADES_VERSION}.`);
  return value as GradesFile;
}

/** The shards' grades as one unsharded GradesFile; refuses shards of different packs, versions, exercises or splits. */
export function mergeGrades(shards: readonly { grades: GradesFile; label: string }[]): GradesFile {
  const unsharded = shards.filter((s) => !s.grades.shard);
  if (unsharded.length > 0) throw new DlxError('settings', `${unsharded[0].label} is not a shard's output (no "shard" in its ${GRADES_JSON}).`);
  checkShardSet(shards.map(({ grades, label }) => ({ shard: grades.shard!, label })));
  const first = shards[0];
  for (const { grades, label } of shards.slice(1)) {
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) throw new DlxError('settings', `${label} and ${first.label} were graded with different ${what} (${JSON.stringify(b)} and ${JSON.stringify(a)}): they cannot be merged.`);
    };
    same('packs', first.grades.pack, grades.pack);
    same('exercises', first.grades.exercises, grades.exercises);
    same('--allow-unverified', first.grades.allowUnverified, grades.allowUnverified);
    same('submissions (learner counts)', first.grades.shard!.learners, grades.shard!.learners);
  }
  const learners = shards.flatMap((s) => s.grades.learners).sort((a, b) => (a.learner < b.learner ? -1 : a.learner > b.learner ? 1 : 0));
  const expected = first.grades.shard!.learners;
  if (learners.length !== expected) throw new DlxError('settings', `The shards hold ${learners.length} learners, but the submissions had ${expected}: a shard's output is incomplete.`);
  const { shard: _shard, ...rest } = first.grades;
  return { ...rest, learners };
}
