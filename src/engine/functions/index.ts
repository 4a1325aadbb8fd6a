// Function exercises (`"kind": "function"`): types, exercise.json parsing, the calls a run makes and
// the verdict on the values that came back. The trainer side is src/trainer/functionCore.ts, the
// host side src/host/functionRun.ts.
export * from './types';
export { parseFunctionCheck, parseFunctionSpec } from './parse';
export { CURVE_POINTS, checkPoints, curveAxes, descentArgs, planLearnerCalls, planReferenceCalls, planReferenceTrainings, resolveParameters, type FunctionPlan } from './plan';
export { defaultFunctionCheckName, evaluateFunctionRun, exportsProblem, FUNCTION_RUN_VERIFIED } from './evaluate';
export { describeTrainsModel, tfjsOptimizerName, trainsVerdict } from './trains';
export { callText, dataText, decodeValue, firstDifference, numberText, typeProblem } from './values';
