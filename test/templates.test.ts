// The workflow templates in templates/: they parse as YAML, have the shape GitHub Actions and
// Classroom expect, and every dlx command and flag they call is one `dlx --help` lists.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './helpers/fixtures';

// js-yaml ships no types; its load() is all the test needs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Step { run?: string; uses?: string; id?: string; with?: Record<string, unknown>; env?: Record<string, string> }
interface Job { needs?: string | string[]; strategy?: { matrix?: Record<string, unknown[]> }; steps: Step[] }
interface Workflow { name: string; on: unknown; jobs: Record<string, Job> }

const load = (name: string) => yaml.load(fs.readFileSync(path.join(REPO, 'templates', name), 'utf8')) as Workflow;
const help = spawnSync(process.execPath, [path.join(REPO, 'bin', 'dlx.js'), '--help'], { encoding: 'utf8' }).stdout;

/** Each `npx dlx ...` command of a workflow: its verb (with `merge`) and its flags. */
function dlxCommands(workflow: Workflow): { line: string; usage: string; flags: string[] }[] {
  const lines = Object.values(workflow.jobs).flatMap((job) => job.steps).flatMap((step) => [step.run, step.with?.command as string | undefined]).filter((text): text is string => typeof text === 'string');
  return lines.filter((line) => line.startsWith('npx dlx ')).map((line) => {
    const words = line.slice('npx '.length).split(/\s+/);
    const usage = words[2] === 'merge' ? words.slice(0, 3).join(' ') : words.slice(0, 2).join(' ');
    return { line, usage, flags: words.filter((word) => word.startsWith('--')) };
  });
}

function assertCommandsExist(workflow: Workflow): void {
  const commands = dlxCommands(workflow);
  assert.ok(commands.length > 0, 'calls dlx');
  for (const { line, usage, flags } of commands) {
    const usageLine = help.split('\n').find((helpLine) => helpLine.trim().startsWith(`${usage} `));
    assert.ok(usageLine, `${line}: "${usage}" is not in dlx --help`);
    for (const flag of flags) assert.ok(help.includes(`${flag} `) || help.includes(`${flag}]`), `${line}: ${flag} is not in dlx --help`);
  }
}

describe('workflow templates', () => {
  it('grade-class.yml: a matrix of shards that grade, and a merge job after them', () => {
    const workflow = load('grade-class.yml');
    const grade = workflow.jobs.grade;
    assert.deepEqual(grade.strategy?.matrix?.shard, [1, 2, 3, 4]);
    const gradeRun = grade.steps.find((step) => step.run?.startsWith('npx dlx grade '))!.run!;
    assert.match(gradeRun, /--shard \$\{\{ matrix\.shard \}\}\/\$\{\{ strategy\.job-total \}\}/);
    assert.ok(grade.steps.some((step) => step.uses?.startsWith('actions/upload-artifact@')));
    const merge = workflow.jobs.merge;
    assert.equal(merge.needs, 'grade');
    assert.ok(merge.steps.some((step) => step.uses?.startsWith('actions/download-artifact@') && step.with?.pattern === 'grades-shard-*'));
    assert.ok(merge.steps.some((step) => step.run === 'npx dlx grade merge shards/* --out grades'));
    assertCommandsExist(workflow);
  });

  it('classroom-autograding.yml: one command-grader test per exercise, reported as points', () => {
    const workflow = load('classroom-autograding.yml');
    const steps = Object.values(workflow.jobs)[0].steps;
    const tests = steps.filter((step) => step.uses === 'classroom-resources/autograding-command-grader@v1');
    assert.deepEqual(tests.map((step) => step.id), ['many-qwerties', 'seq-to-class']);
    for (const test of tests) {
      assert.equal(test.with!.command, `npx dlx run ${test.id} --file ${test.id}.ts --require-verified`);
      assert.equal(test.with!['max-score'], 1);
    }
    const reporter = steps.find((step) => step.uses === 'classroom-resources/autograding-grading-reporter@v1')!;
    assert.equal(reporter.with!.runners, 'many-qwerties,seq-to-class');
    assert.deepEqual(Object.keys(reporter.env!), ['MANY-QWERTIES_RESULTS', 'SEQ-TO-CLASS_RESULTS']);
    assertCommandsExist(workflow);
  });
});
