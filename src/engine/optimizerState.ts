// An optimizer's state in a checkpoint, and back (issue 13, resume): Adam's moments and step count,
// momentum's velocity, RMSprop's mean squares. Without them a resumed run restarts its optimizer and
// takes other steps than the uninterrupted run; with them it takes the same ones.
import { float32Arrays, float32Base64 } from './float32Data';
import type { FusedOptimizerState } from './fused/optim';
import type { OptimizerState } from './results';
import type { OptimizerName } from './settings';
import { tfc as tf } from './tf';

export type { OptimizerState } from './results';

/** The fused net's state blocks, named by their place (they cover the whole padded parameter block). */
export function fusedOptimizerState(optimizer: OptimizerName, state: FusedOptimizerState): OptimizerState {
  return {
    engine: 'fused', optimizer, steps: state.steps, scalars: state.scalars,
    slots: state.slots.map((slot, i) => ({ name: `state block ${i + 1}`, size: slot.length })), data: float32Base64(state.slots),
  };
}

/** The saved state as the fused net takes it, or why it cannot be: saved by the other engine or another optimizer. */
export function fusedStateOf(state: OptimizerState, optimizer: OptimizerName): FusedOptimizerState | string {
  const other = mismatch(state, 'fused', optimizer);
  if (other) return other;
  const slots = slotValues(state);
  return typeof slots === 'string' ? slots : { steps: state.steps, scalars: state.scalars, slots };
}

/** tfjs-core 4.22's accumulator fields of each optimizer, in its getWeights() order (read synchronously: a checkpoint is taken between two steps). */
const TFJS_SLOT_FIELDS: Record<OptimizerName, string[]> = {
  sgd: [],
  momentum: ['accumulations'],
  adam: ['accumulatedFirstMoment', 'accumulatedSecondMoment'],
  rmsprop: ['accumulatedMeanSquares', 'accumulatedMoments'],
};

type TfjsSlot = { originalName: string; variable: tf.Variable };
type TfjsOptimizerFields = Record<string, TfjsSlot[] | undefined> & { iterations_?: number; accBeta1?: tf.Variable; accBeta2?: tf.Variable };

export function tfjsOptimizerState(optimizer: tf.Optimizer, name: OptimizerName): OptimizerState {
  const fields = optimizer as unknown as TfjsOptimizerFields;
  // Before the first step tfjs has created no accumulators yet: the state is empty, as it is then.
  const slots = TFJS_SLOT_FIELDS[name].flatMap((field) => (fields[field] ?? []).filter(Boolean));
  const values = slots.map((slot) => slot.variable.dataSync() as Float32Array);
  const scalars = name === 'adam' && fields.accBeta1 && fields.accBeta2 ? [fields.accBeta1.dataSync()[0], fields.accBeta2.dataSync()[0]] : [];
  return {
    engine: 'tfjs', optimizer: name, steps: fields.iterations_ ?? 0, scalars,
    slots: slots.map((slot, i) => ({ name: slot.originalName, size: values[i].length })), data: float32Base64(values),
  };
}

/** Puts a tfjs optimizer's saved state back (optimizer.setWeights, then Adam's beta^t as they were); null, or why it does not fit. */
export async function restoreTfjsOptimizerState(optimizer: tf.Optimizer, name: OptimizerName, variables: readonly tf.Variable[], state: OptimizerState): Promise<string | null> {
  const other = mismatch(state, 'tfjs', name);
  if (other) return other;
  const values = slotValues(state);
  if (typeof values === 'string') return values;
  const perVariable = TFJS_SLOT_FIELDS[name].length;
  if (values.length !== 0 && values.length !== perVariable * variables.length) return `it holds ${values.length} accumulators, and ${name} keeps ${perVariable} for each of the model's ${variables.length} trainable variables`;
  const shapeOf = (i: number) => variables[i % variables.length].shape;
  const wrong = values.findIndex((slot, i) => slot.length !== shapeOf(i).reduce((product, size) => product * size, 1));
  if (wrong >= 0) return `its accumulator "${state.slots[wrong].name}" holds ${values[wrong].length} values, and the variable it belongs to has shape [${shapeOf(wrong).join(', ')}]`;
  await optimizer.setWeights([
    { name: 'iter', tensor: tf.scalar(state.steps, 'int32') },
    ...values.map((slot, i) => ({ name: state.slots[i].name, tensor: tf.tensor(slot, shapeOf(i)) })),
  ]);
  const fields = optimizer as unknown as TfjsOptimizerFields;
  // setWeights recomputes beta^t as a power; the uninterrupted run's came from repeated float32 products.
  if (state.scalars.length === 2 && fields.accBeta1 && fields.accBeta2) {
    fields.accBeta1.assign(tf.scalar(state.scalars[0]));
    fields.accBeta2.assign(tf.scalar(state.scalars[1]));
  }
  return null;
}

function mismatch(state: OptimizerState, engine: OptimizerState['engine'], optimizer: OptimizerName): string | null {
  if (state.optimizer !== optimizer) return `it is the state of ${state.optimizer}, and this run's optimizer is ${optimizer}`;
  if (state.engine !== engine) return `it was saved by the ${state.engine} path, and this run trains on the ${engine} path, which keeps it in another layout`;
  return null;
}

function slotValues(state: OptimizerState): Float32Array[] | string {
  return float32Arrays(state.data, state.slots.map((slot) => slot.size)) ?? 'its data does not hold the values its slots list';
}
