// Initialization and gradients, seen (the course's initializers and gradient-problems lessons): per
// trainable layer, the L2 norm of its weights at the end of each epoch and of their gradient at the
// epoch's last step. One number each, so vanishing or exploding gradients show as a curve per layer.
import type { TrainableModel } from './model';
import type { tfc as tf } from './tf';

/** A layer's trainable variables (kernel and bias together), named as the curves show it. */
export interface LayerGroup {
  name: string;
  variables: tf.Variable[];
}

/**
 * The trainable layers in the order of their variables; a variable outside every layer (a class
 * model's own tf.variable) is a group of its own. A name tfjs made up (`dense_Dense7`, counted per
 * process) becomes `Dense 1`, `Dense 2`... by position, so a run reads the same wherever it ran; a
 * name the learner gave is kept.
 */
export function layerGroups(model: Pick<TrainableModel, 'layers' | 'variables'>): LayerGroup[] {
  const position = new Map(model.variables.map((variable, i) => [variable, i]));
  const owned = new Set<tf.Variable>();
  const groups: { layerName: string; className: string; variables: tf.Variable[] }[] = [];
  for (const layer of model.layers) {
    const variables = layer.trainableWeights.map((weight) => weight.read() as tf.Variable).filter((variable) => position.has(variable) && !owned.has(variable));
    if (variables.length === 0) continue;
    variables.forEach((variable) => owned.add(variable));
    groups.push({ layerName: layer.name, className: layer.getClassName(), variables });
  }
  for (const variable of model.variables) {
    if (!owned.has(variable)) groups.push({ layerName: variable.name, className: '', variables: [variable] });
  }
  groups.sort((a, b) => position.get(a.variables[0])! - position.get(b.variables[0])!);
  return groups.map(({ layerName, className, variables }, i) => ({
    name: className && new RegExp(`^[a-z0-9_]+_${className}\\d+$`).test(layerName) ? `${className} ${i + 1}` : layerName,
    variables,
  }));
}

/** sqrt of the sum of squares over all the arrays, summed in float64. */
export function l2Norm(arrays: readonly ArrayLike<number>[]): number {
  let sum = 0;
  for (const values of arrays) for (let i = 0; i < values.length; i++) sum += values[i] * values[i];
  return Math.sqrt(sum);
}
