// The dudl-metaparams pack: its chapters, and the circle-boundary data it ships (the labels follow
// the course's equation; scripts/generate-circle-boundary.ts made the file).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPack } from '../src/engine/pack';
import { REPO } from './helpers/fixtures';

const PACK_DIR = path.join(REPO, 'exercises', 'dudl-metaparams');

describe('the dudl-metaparams pack', () => {
  it('loads its twelve exercises in six chapters', () => {
    const pack = loadPack(PACK_DIR);
    assert.deepEqual(pack.exercises.map((e) => e.id), ['normalization', 'batchnorm-qwerties', 'batchnorm-wine', 'activations-wine', 'relu-variants', 'momentum', 'optimizers', 'lr-decay', 'grid-vs-random', 'initializers', 'vanishing-gradients', 'feature-engineering']);
    assert.deepEqual(pack.sections?.map((s) => s.title), ['Normalization', 'Activations', 'Optimizers', 'Search', 'Initialization and gradients', 'Features']);
  });

  it('ships circle-boundary.csv: 1000 points, labelled inside when 2*x1^2 + 3*x2^2 + 0.75*x1 + 0.25*x2 < 0', () => {
    const [header, ...rows] = fs.readFileSync(path.join(PACK_DIR, 'data', 'circle-boundary.csv'), 'utf8').trim().split('\n');
    assert.equal(header, 'x1,x2,inside');
    assert.equal(rows.length, 1000);
    let inside = 0;
    for (const row of rows) {
      const [x1, x2, label] = row.split(',').map(Number);
      assert.equal(label, 2 * x1 ** 2 + 3 * x2 ** 2 + 0.75 * x1 + 0.25 * x2 < 0 ? 1 : 0, row);
      inside += label;
    }
    assert.equal(inside, 462, 'as data/README.md says');
  });
});
