// Generates exercises/dudl-metaparams/data/circle-boundary.csv, the data of the feature-engineering
// exercise: points around the ellipse 2*x1^2 + 3*x2^2 + 0.75*x1 + 0.25*x2 = 0 of the course's
// notebook, labelled 1 inside (the expression below 0) and 0 outside.
//
// The ellipse is small (centre (-0.1875, -0.0417), semi-axes 0.194 and 0.159), so the points are
// drawn around its centre, normally with sd 0.15 per coordinate: about half fall inside.
// Deterministic: the engine's own seeded draws (src/engine/rng.ts), seed 20240601.
// Run: npx tsx scripts/generate-circle-boundary.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createGaussian, createRng } from '../src/engine/rng';

const ROWS = 1000;
const SD = 0.15;
const CENTRE = [-0.75 / 4, -0.25 / 6];

const gaussian = createGaussian(createRng(20240601));
const boundary = (x1: number, x2: number) => 2 * x1 ** 2 + 3 * x2 ** 2 + 0.75 * x1 + 0.25 * x2;

const lines = ['x1,x2,inside'];
let inside = 0;
for (let row = 0; row < ROWS; row++) {
  const x1 = CENTRE[0] + SD * gaussian();
  const x2 = CENTRE[1] + SD * gaussian();
  const label = boundary(x1, x2) < 0 ? 1 : 0;
  inside += label;
  lines.push(`${x1.toFixed(5)},${x2.toFixed(5)},${label}`);
}
const out = path.join(__dirname, '..', 'exercises', 'dudl-metaparams', 'data', 'circle-boundary.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${out}: ${ROWS} rows, ${inside} inside the ellipse`);
