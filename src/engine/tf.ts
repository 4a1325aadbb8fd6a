// The `tf` a learner file imports: tfjs-core plus tfjs-layers, as the @tensorflow/tfjs union
// package assembles them, without the browser-only parts. One instance for learner and trainer.
import * as tfc from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

export const tf = Object.freeze({ ...tfc, ...tfl });
export type Tf = typeof tf;
export { tfc, tfl };
