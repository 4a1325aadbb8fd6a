// The fused path's penalty terms, the same as the tfjs path's (losses.ts trainingPenalty): the layers'
// L1/L2 regularizers (tfjs's forms, no 1/2), weightDecay as weightDecay/2 * sum(w^2) over every parameter
// (gradient weightDecay * w, PyTorch's SGD weight_decay) and the course's l1 * sum|W| / (number of weights),
// biases and batch norm's betas excluded. Coefficients of one tensor are summed into one l1 and one l2.

/** One parameter tensor inside the padded parameter block: `rows` rows of `cols` values `stride` apart. */
export interface PenaltyRegion {
  offset: number;
  grad: number;
  rows: number;
  cols: number;
  stride: number;
  /** A bias or a beta: outside the course's l1 sum. */
  isBias: boolean;
  l1: number;
  l2: number;
}

export interface FusedPenalty {
  /** The penalty of the current parameters. */
  value(mem: Float32Array): number;
  /** Adds its gradient to the gradient block; tfjs's abs' is step(x, -1): -1 at 0. */
  addGradient(mem: Float32Array): void;
}

export function createPenalty(regions: PenaltyRegion[], settings: { weightDecay?: number; l1?: number }): FusedPenalty | null {
  const weightDecay = settings.weightDecay ?? 0, l1 = settings.l1 ?? 0;
  const weightCount = regions.filter((r) => !r.isBias).reduce((sum, r) => sum + r.rows * r.cols, 0);
  const terms = regions.map((r) => ({
    ...r,
    l1: r.l1 + (r.isBias || l1 === 0 ? 0 : l1 / weightCount),
    l2: r.l2 + weightDecay / 2,
  })).filter((r) => r.l1 !== 0 || r.l2 !== 0);
  if (terms.length === 0) return null;
  return {
    value(mem) {
      let total = 0;
      for (const { offset, rows, cols, stride, l1: a, l2: b } of terms) {
        for (let i = 0, o = offset; i < rows; i++, o += stride) {
          for (let j = o; j < o + cols; j++) total += a * Math.abs(mem[j]) + b * mem[j] * mem[j];
        }
      }
      return total;
    },
    addGradient(mem) {
      for (const { offset, grad, rows, cols, stride, l1: a, l2: b } of terms) {
        const twoB = 2 * b;
        for (let i = 0, o = 0; i < rows; i++, o += stride) {
          for (let j = o; j < o + cols; j++) {
            const w = mem[offset + j];
            mem[grad + j] += (w > 0 ? a : -a) + twoB * w;
          }
        }
      }
    },
  };
}
