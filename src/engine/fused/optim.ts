// The four tfjs optimizers (tfjs-core 4.22 optimizers/*.js), one loop per variable. State is float32
// like tfjs variables; constants are rounded where tfjs turns them into float32 scalars.
import type { OptimizerSpec } from './spec';

export interface Param {
  value: Float32Array;
  grad: Float64Array;
}

/** ENGINE.backend.epsilon() on cpu and wasm (float32 backends): the default for adam and rmsprop. */
const BACKEND_EPSILON = 1e-7;
const f32 = Math.fround;

/** Returns the update applied after each backward pass. */
export function createOptimizer(spec: OptimizerSpec, params: Param[]): () => void {
  const lr = spec.learningRate;
  const zeros = () => params.map((p) => new Float32Array(p.value.length));
  switch (spec.name) {
    case 'sgd': {
      const c = f32(-lr);
      return () => {
        for (const { value: w, grad: g } of params) for (let i = 0; i < w.length; i++) w[i] += c * g[i];
      };
    }
    case 'momentum': {
      const c = f32(-lr), m = f32(spec.momentum ?? 0.9), acc = zeros();
      return () => {
        for (let p = 0; p < params.length; p++) {
          const { value: w, grad: g } = params[p], a = acc[p];
          for (let i = 0; i < w.length; i++) w[i] += c * (a[i] = m * a[i] + g[i]);
        }
      };
    }
    case 'adam': {
      const beta1 = 0.9, beta2 = 0.999, b1 = f32(beta1), b2 = f32(beta2), c1 = f32(1 - beta1), c2 = f32(1 - beta2);
      const c = f32(-lr), eps = f32(BACKEND_EPSILON), m1 = zeros(), m2 = zeros();
      // tfjs keeps beta^t in float32 variables, starting at beta (so step t uses beta^t), updated after the step.
      let acc1 = b1, acc2 = b2;
      return () => {
        const k1 = f32(1 - acc1), k2 = f32(1 - acc2);
        for (let p = 0; p < params.length; p++) {
          const { value: w, grad: g } = params[p], m = m1[p], v = m2[p];
          for (let i = 0; i < w.length; i++) {
            const gi = g[i];
            const mi = (m[i] = m[i] * b1 + gi * c1);
            const vi = (v[i] = v[i] * b2 + gi * gi * c2);
            w[i] += (mi / k1 / (Math.sqrt(vi / k2) + eps)) * c;
          }
        }
        acc1 = f32(acc1 * b1);
        acc2 = f32(acc2 * b2);
      };
    }
    case 'rmsprop': {
      // tfjs defaults: decay 0.9, momentum 0 (so the moment is just this step's term), not centered.
      const decay = 0.9, d = f32(decay), c = f32(1 - decay), rate = f32(lr), eps = f32(BACKEND_EPSILON), ms = zeros();
      return () => {
        for (let p = 0; p < params.length; p++) {
          const { value: w, grad: g } = params[p], s = ms[p];
          for (let i = 0; i < w.length; i++) {
            const gi = g[i];
            const si = (s[i] = s[i] * d + gi * gi * c);
            w[i] -= (gi * rate) / Math.sqrt(si + eps);
          }
        }
      };
    }
  }
}
