// Generates exercises/dudl-metaparams/data/circle-boundary.csv, the data of the feature-engineering
// exercise: points around the ellipse 2*x1^2 + 3*x2^2 + 0.75*x1 + 0.25*x2 = 0 of the course's
// notebook, labelled 1 inside (the expression below 0) and 0 outside.
//
// The ellipse is small (centre (-0.1875, -0.0417), semi-axes 0.194 and 0.159), so the points are
// drawn around its centre, normally with sd 0.15 per coordinate: about half fall inside.
// Deterministic: mulberry32 seeded with 20240601 and Box-Muller, as src/engine/rng.ts draws.
// Run: node scripts/generate-circle-boundary.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = 1000;
const SD = 0.15;
const CENTRE = [-0.75 / 4, -0.25 / 6];

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = mulberry32(20240601);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
const boundary = (x1, x2) => 2 * x1 ** 2 + 3 * x2 ** 2 + 0.75 * x1 + 0.25 * x2;

const lines = ['x1,x2,inside'];
let inside = 0;
for (let row = 0; row < ROWS; row++) {
  const x1 = CENTRE[0] + SD * gaussian();
  const x2 = CENTRE[1] + SD * gaussian();
  const label = boundary(x1, x2) < 0 ? 1 : 0;
  inside += label;
  lines.push(`${x1.toFixed(5)},${x2.toFixed(5)},${label}`);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'exercises', 'dudl-metaparams', 'data', 'circle-boundary.csv');
fs.writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${out}: ${ROWS} rows, ${inside} inside the ellipse`);
