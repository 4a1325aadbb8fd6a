import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../src/engine/pack';
import { exerciseIdProblem, nonEmptyTargetProblem, packNameFor, scaffoldExercise, scaffoldPack } from '../src/engine/scaffold';
import { tempDir } from './helpers/fixtures';

describe('scaffolding packs and exercises', () => {
  it('a new pack is named after its folder, holds the first exercise, and loads', () => {
    const dir = path.join(tempDir(), 'My Course 2');
    const written = scaffoldPack(dir, 'first-steps').map((file) => path.relative(dir, file).split(path.sep).join('/'));
    assert.deepEqual(written.sort(), ['README.md', 'data/README.md', 'first-steps/README.md', 'first-steps/exercise.json', 'first-steps/solution.ts', 'first-steps/starter.ts', 'pack.json']);
    const pack = loadPack(dir);
    assert.equal(pack.name, 'my-course-2');
    assert.equal(pack.title, 'My course 2');
    assert.equal(pack.version, '0.1.0');
    assert.deepEqual(pack.exercises.map((e) => [e.id, e.title, e.learnerFileName]), [['first-steps', 'First steps', 'first-steps.ts']]);
    assert.deepEqual(pack.exercises[0].checks.map((c) => c.kind), ['loss', 'outputUnits', 'metric']);
    assert.match(fs.readFileSync(path.join(dir, 'first-steps', 'README.md'), 'utf8'), /`dlx run first-steps`/);
  });

  it('a new exercise goes to the end of pack.json, whose other fields are kept', () => {
    const dir = path.join(tempDir(), 'p');
    scaffoldPack(dir);
    const packFile = path.join(dir, 'pack.json');
    fs.writeFileSync(packFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(packFile, 'utf8')), description: 'Mine.' }));
    scaffoldExercise(dir, 'second');
    assert.deepEqual(JSON.parse(fs.readFileSync(packFile, 'utf8')), { name: 'p', title: 'P', version: '0.1.0', description: 'Mine.', exercises: ['first-exercise', 'second'] });
    assert.throws(() => scaffoldExercise(dir, 'second'), /pack\.json already lists an exercise "second"/);
    assert.throws(() => scaffoldExercise(tempDir(), 'third'), /has no pack\.json; create a pack first with `dlx new pack/);
  });

  it('ids are lowercase words joined by single hyphens; targets are new or empty folders', () => {
    for (const id of ['a', 'learning-rates', 'layer2-units']) assert.equal(exerciseIdProblem(id), undefined, id);
    for (const id of ['', 'Rates', 'two  words', '-x', 'x-', 'a--b', '2fast', 'a_b', '../up']) assert.match(exerciseIdProblem(id) ?? '', /is not a usable exercise id/, id);
    assert.equal(nonEmptyTargetProblem(path.join(tempDir(), 'new')), undefined);
    assert.equal(nonEmptyTargetProblem(tempDir()), undefined);
    assert.match(nonEmptyTargetProblem(tempDir({ 'x.md': 'x' })) ?? '', /already exists and is not empty/);
    assert.equal(packNameFor('/x/--Odd Name!'), 'odd-name-');
  });
});
