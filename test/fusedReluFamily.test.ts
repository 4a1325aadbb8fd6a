// The ReLU family's kernels (kernels.wat: leakyRelu, relu6 and their backward passes) against the JS
// definitions in activations.ts, value for value: random values, the kinks (0, 6), -0, NaN and huge
// ones, over padded rows whose pads must stay 0.
import * as assert from 'node:assert/strict';
import { activationOf, derivativeOf } from '../src/engine/fused/activations';
import { activationOp } from '../src/engine/fused/postOps';
import type { DenseActivation } from '../src/engine/fused/spec';
import { instantiate } from '../src/engine/fused/wasm';

const SPECIAL = [0, -0, 6, -6, 5.999999523162842, 6.000000476837158, 1e-45, -1e-45, 3.4e38, -3.4e38, NaN, 0.1, -0.1];

function setup(kind: DenseActivation, alpha: number, rows: number, u: number) {
  const stride = (u + 3) & ~3;
  const { kernels, buffer } = instantiate((4 * rows * stride + 16) * 4);
  const mem = new Float32Array(buffer);
  let top = 4;
  const ctx = {
    get mem() { return mem; }, kernels, u, stride, alloc: (floats: number) => ((top += floats), top - floats),
    parameters: { gamma: null, beta: null, gradGamma: null, gradBeta: null }, uniforms: () => [],
  };
  const op = activationOp(kind, alpha, ctx, rows);
  const z = ctx.alloc(rows * stride), d = ctx.alloc(rows * stride);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let r = 0, i = 0; r < rows; r++) {
    for (let j = 0; j < u; j++, i++) {
      mem[z + r * stride + j] = i < SPECIAL.length ? SPECIAL[i] : (random() - 0.5) * 16;
      mem[d + r * stride + j] = (random() - 0.5) * 4;
    }
  }
  return { mem, op, z, d, stride };
}

// A masked gradient is +0 where d * 0 would be -0 (as reluBackward): equal as numbers, which is what training sees.
const same = (actual: number, expected: number, what: string) =>
  assert.ok(actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)), `${what}: ${actual} vs ${expected}`);

describe('fused ReLU family kernels vs their JS definitions', () => {
  const cases: [DenseActivation, number][] = [['leakyRelu', 0.01], ['leakyRelu', 0.3], ['relu6', 0]];
  for (const [kind, alpha] of cases) {
    it(`${kind}${kind === 'leakyRelu' ? ` (alpha ${alpha})` : ''}: forward and backward equal f(z) and d * f'(z) in float32, pads stay 0`, () => {
      const rows = 9, u = 7;
      const { mem, op, z, d, stride } = setup(kind, alpha, rows, u);
      const zBefore = mem.slice(z, z + rows * stride), dBefore = mem.slice(d, d + rows * stride);
      const f = activationOf(kind, alpha), df = derivativeOf(kind, alpha);
      const out = op.forward(z, rows, true);
      op.backward(d, rows);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < stride; j++) {
          const i = r * stride + j;
          if (j >= u) {
            assert.equal(mem[out + i], 0, `pad output at row ${r}`);
            assert.equal(mem[d + i], 0, `pad gradient at row ${r}`);
            continue;
          }
          same(mem[out + i], Math.fround(f(zBefore[i])), `f(${zBefore[i]})`);
          same(mem[d + i], Math.fround(dBefore[i] * df(zBefore[i], mem[out + i])), `d * f'(${zBefore[i]})`);
        }
      }
    });
  }

  it('hand-computed values: the slope product is rounded once from float64, the kinks pass no gradient (relu6)', () => {
    const { mem, op, z, d } = setup('leakyRelu', 0.01, 1, 4);
    mem.set([-2, 0, 3, -0.3], z);
    mem.set([1, 1, 1, 2], d);
    const out = op.forward(z, 1, true);
    assert.deepEqual([...mem.subarray(out, out + 4)], [Math.fround(-0.02), 0, 3, Math.fround(0.01 * Math.fround(-0.3))]);
    op.backward(d, 1);
    assert.deepEqual([...mem.subarray(d, d + 4)], [Math.fround(0.01), Math.fround(0.01), 1, Math.fround(0.02)]);
    const six = setup('relu6', 0, 1, 4);
    six.mem.set([-1, 0, 6, 7], six.z);
    six.mem.set([1, 1, 1, 1], six.d);
    const clipped = six.op.forward(six.z, 1, true);
    assert.deepEqual([...six.mem.subarray(clipped, clipped + 4)], [0, 0, 6, 6]);
    six.mem[six.z + 1] = 3;
    six.op.backward(six.d, 1);
    assert.deepEqual([...six.mem.subarray(six.d, six.d + 4)], [0, 1, 0, 0]);
  });
});
