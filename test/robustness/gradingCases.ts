// The robustness catalogue's grading cases (test/robustness/catalogue.test.ts lists them): bad
// submissions folders, bad shard specs, shards that do not belong together. None of them trains.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { toRunError } from '../../src/engine/errors';
import { loadPack } from '../../src/engine/pack';
import type { RunError } from '../../src/engine/results';
import { mergeGrades, type GradesFile } from '../../src/host/grading/grades';
import { readSubmissions, type SubmissionsFolder } from '../../src/host/grading/submissions';
import { parseShard } from '../../src/host/shard';
import { mergeSweepShards, type SweepShardFile } from '../../src/host/sweepShard';
import { PACK, REPO, tempDir } from '../helpers/fixtures';

type Outcome = { error?: RunError; folder?: SubmissionsFolder };
const exercises = () => loadPack(PACK).exercises.filter((e) => e.id === 'many-qwerties' || e.id === 'seq-to-class');
const thrown = (action: () => unknown) => async (): Promise<Outcome> => {
  try {
    action();
  } catch (error) {
    return { error: toRunError(error) };
  }
  return {};
};
const refused = (pattern: RegExp) => (outcome: Outcome) => {
  assert.ok(outcome.error, 'expected an error');
  assert.equal(outcome.error.kind, 'settings', outcome.error.message);
  assert.match(outcome.error.message, pattern);
};
/** dlx's exit code 2 and its one-line error on stderr ("error (kind): message"), read back as an error. */
function dlxError(args: string[]): Outcome {
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stdout, '', 'nothing graded');
  const match = /^error \((\w+)\): (.*)\n$/s.exec(run.stderr);
  assert.ok(match, run.stderr);
  return { error: { kind: match[1] as RunError['kind'], message: match[2] } };
}
const folder = (files: Record<string, string>) => async (): Promise<Outcome> => ({ folder: readSubmissions(tempDir(files), exercises()) });

const shardOf = (index: number, count: number, patch: Partial<GradesFile> = {}): { grades: GradesFile; label: string } => ({
  label: `out-${index}`,
  grades: { version: 1, pack: { name: 'dudl-ann', version: '1.0.0' }, exercises: ['many-qwerties'], allowUnverified: false, notes: [], learners: [], shard: { index, count, learners: 0 }, ...patch },
});
const sweepShardOf = (index: number, count: number, learnerFileHash = 'abc'): { file: SweepShardFile; label: string } => ({
  label: `sweep-${index}`,
  file: { version: 1, shard: { index, count }, plannedRuns: 0, sweep: { version: 1, id: 'x', exercise: 'ex', learnerFile: 'ex.ts', learnerFileHash, status: 'completed', startedAt: 0, workers: 1, spec: { vary: {}, repeats: 1, outcome: 'trainAccuracy' } as never, quick: false, repeats: 1, seeds: 'perRepeat', baseSeed: 1, axes: [], outcome: 'trainAccuracy', runs: [] } },
});

export const GRADING_CASES = [
  {
    name: 'stray files in the submissions folder: a note each, and the learners are still read',
    run: folder({ 'roster.csv': 'x', 'alice/many-qwerties.ts': '', '.git/HEAD': 'ref' }),
    check: (o: Outcome) => {
      assert.deepEqual(o.folder!.notes, ['Stray file "roster.csv" in the submissions folder: ignored (each learner is a folder of their own).']);
      assert.deepEqual(o.folder!.learners.map((l) => l.learner), ['alice'], '.git is a tool\'s, skipped without a note');
    },
  },
  {
    name: 'a learner folder without the learner file: missing, saying which file',
    run: folder({ 'bob/notes.md': '' }),
    check: (o: Outcome) => assert.equal(o.folder!.learners[0].missing.get('many-qwerties'), 'No many-qwerties.ts in bob/.'),
  },
  {
    name: 'a learner file under the wrong name: missing, suggesting the closest name',
    run: folder({ 'erin/Many-Qwerties.ts': '', 'erin/seq_to_class.ts': '' }),
    check: (o: Outcome) => {
      const learner = o.folder!.learners[0];
      assert.equal(learner.missing.get('many-qwerties'), 'No many-qwerties.ts in erin/, but there is "Many-Qwerties.ts": did you mean many-qwerties.ts? Rename the file to grade it.');
      assert.match(learner.missing.get('seq-to-class')!, /there is "seq_to_class\.ts": did you mean seq-to-class\.ts\?/);
    },
  },
  { name: 'a submissions folder that does not exist', run: thrown(() => readSubmissions('/nonexistent/submissions', exercises())), check: refused(/The submissions folder \/nonexistent\/submissions does not exist or cannot be read\. It holds one folder per learner/) },
  { name: 'a submissions folder with no learner folder in it', run: thrown(() => readSubmissions(tempDir({ 'a.ts': '' }), exercises())), check: refused(/holds no learner folders\. Put each learner's files in a folder named for the learner/) },
  { name: 'a shard spec out of range (4/3)', run: thrown(() => parseShard('4/3')), check: refused(/^--shard takes i\/n with 1 <= i <= n \(e\.g\. --shard 2\/4 for the second of four shards\), got "4\/3"\.$/) },
  { name: 'a shard spec that is not i/n (0/2, 1-2)', run: thrown(() => [parseShard('1-2'), parseShard('0/2')]), check: refused(/got "1-2"/) },
  {
    name: 'dlx grade --shard with a bad spec exits 2 with the message, before any run',
    run: async () => dlxError(['grade', PACK, tempDir(), '--shard', '0/2']),
    check: refused(/--shard takes i\/n .*got "0\/2"/),
  },
  {
    name: 'dlx grade --exercises naming an exercise the pack lacks: the close ids',
    run: async () => dlxError(['grade', PACK, tempDir(), '--exercises', 'many-qwerty']),
    check: refused(/--exercises: the pack dudl-ann has no exercise "many-qwerty"\. Did you mean "many-qwerties"\?/),
  },
  { name: 'dlx sweep --shard without --out: where the shard goes', run: async () => dlxError(['sweep', 'many-qwerties', '--shard', '1/2']), check: refused(/^--shard needs --out <dir>: the folder that gets this shard's runs \(sweep-shard\.json\)\.$/) },
  { name: 'dlx grade merge of a folder that is no grading output', run: async () => dlxError(['grade', 'merge', tempDir()]), check: refused(/holds no readable grades\.json: is it the output of dlx grade --shard\?$/) },
  { name: 'dlx sweep merge of a folder that is no sweep shard', run: async () => dlxError(['sweep', 'merge', tempDir()]), check: refused(/holds no readable sweep-shard\.json: is it the --out folder of dlx sweep --shard\?$/) },
  { name: 'merging grading shards of different pack versions', run: thrown(() => mergeGrades([shardOf(1, 2), shardOf(2, 2, { pack: { name: 'dudl-ann', version: '1.1.0' } })])), check: refused(/^out-2 and out-1 were graded with different packs \(\{"name":"dudl-ann","version":"1\.1\.0"\} and \{"name":"dudl-ann","version":"1\.0\.0"\}\): they cannot be merged\.$/) },
  { name: 'merging grading shards of different packs', run: thrown(() => mergeGrades([shardOf(1, 2), shardOf(2, 2, { pack: { name: 'other', version: '1.0.0' } })])), check: refused(/graded with different packs/) },
  { name: 'merging grading shards of different exercises', run: thrown(() => mergeGrades([shardOf(1, 2), shardOf(2, 2, { exercises: ['seq-to-class'] })])), check: refused(/graded with different exercises/) },
  { name: 'merging an incomplete set of shards (2 of 3)', run: thrown(() => mergeGrades([shardOf(1, 3), shardOf(3, 3)])), check: refused(/^Shard 2\/3 is missing: merge all 3 shards\.$/) },
  { name: 'merging the same shard twice', run: thrown(() => mergeGrades([shardOf(1, 2), shardOf(1, 2)])), check: refused(/^out-1 and out-1 are both shard 1\/2\.$/) },
  { name: 'merging shards of different splits (1/2 and 2/3)', run: thrown(() => mergeGrades([shardOf(1, 2), shardOf(2, 3)])), check: refused(/out-2 is shard 2\/3, but out-1 is one of 2: these shards come from different splits/) },
  { name: 'merging an unsharded output', run: thrown(() => mergeGrades([{ ...shardOf(1, 1), grades: { ...shardOf(1, 1).grades, shard: undefined } }])), check: refused(/out-1 is not a shard's output/) },
  { name: 'merging sweep shards of different learner files', run: thrown(() => mergeSweepShards([sweepShardOf(1, 2), sweepShardOf(2, 2, 'def')], { id: 'ex', sweepChecks: [] })), check: refused(/^sweep-2 and sweep-1 differ in their learner file \(its hash\): they are not shards of one sweep\.$/) },
];
