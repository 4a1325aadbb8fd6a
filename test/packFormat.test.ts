// The JSON Schemas (schemas/) against the loader: generated from the same declaration, committed
// as generated, and accepting exactly the keys the loader accepts, object by object.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { loadPack } from '../src/engine/pack';
import { SCHEMA_FILES } from '../src/engine/packFormat';
import { miniPack, PACK, REPO } from './helpers/fixtures';
import { FIXTURE_PACKS } from './helpers/packArchives';

type JsonSchema = { properties?: Record<string, JsonSchema>; oneOf?: JsonSchema[]; items?: JsonSchema; additionalProperties?: JsonSchema | boolean; const?: string };
const committed = (name: string) => JSON.parse(fs.readFileSync(path.join(REPO, 'schemas', name), 'utf8')) as JsonSchema;
const PACK_SCHEMA = committed('pack.schema.json');
const EXERCISE_SCHEMA = committed('exercise.schema.json');

/** Steps into a schema: a property name, `[]` (array items), `{}` (a map's values) or `kind=<k>` (that variant). */
function at(schema: JsonSchema, steps: string[]): JsonSchema {
  let node = schema;
  for (const step of steps) {
    if (step === '[]') node = node.items!;
    else if (step === '{}') node = node.additionalProperties as JsonSchema;
    else if (step.startsWith('kind=')) node = node.oneOf!.find((option) => option.properties?.kind?.const === step.slice(5))!;
    else if (step === 'object') node = node.oneOf!.find((option) => option.properties)!;
    else node = node.properties![step];
    assert.ok(node, `${steps.join(' ')}: no ${step}`);
  }
  return node;
}

/** The keys the loader allows where `zzz` was put: from its "is not a known field; allowed: ..." error. */
function allowedByLoader(files: Record<string, string>): string[] {
  try {
    loadPack(miniPack(files));
  } catch (error) {
    const match = /\.zzz is not a known field; allowed: (.*)\.$/.exec((error as Error).message);
    assert.ok(match, (error as Error).message);
    return match[1].split(', ').sort();
  }
  assert.fail('the loader accepted the unknown key zzz');
}

const BASE = { id: 'ex', title: 'Ex', instructions: 'README.md', starter: 'starter.ts', solution: 'solution.ts', learnerFile: 'ex.ts', checks: [{ kind: 'classes', count: 2 }] };
const exercise = (patch: object) => ({ 'ex/exercise.json': JSON.stringify({ ...BASE, ...patch }) });
const pack = (patch: object) => ({ 'pack.json': JSON.stringify({ name: 'mini', title: 'Mini', version: '1.0.0', exercises: ['ex'], ...patch }) });
const zzz = { zzz: 1 };
const RUN_CHECKS = { metric: { split: 'train', metric: 'accuracy' }, classes: {}, outputUnits: {}, loss: {}, modelStyle: {}, variableShapes: {}, target: {} };
const SWEEP_CHECKS = ['sweepVaries', 'sweepRepeats', 'sweepOutcome', 'runSettings', 'runsFinished', 'runChecks', 'modelGrows', 'sweepStat', 'sweepShape', 'sweepCompare', 'sweepCorrelation'];
/** Keys a check's guidance takes before its kind's parser sees the rest (engine/guidance.ts). */
const GUIDANCE = ['step', 'hints'];

const PROBES: { where: string; files: Record<string, string>; schema: JsonSchema; also?: string[] }[] = [
  { where: 'pack.json', files: pack(zzz), schema: PACK_SCHEMA },
  { where: 'pack.json sections[0]', files: pack({ sections: [{ title: 'A', exercises: ['ex'], ...zzz }] }), schema: at(PACK_SCHEMA, ['sections', '[]']) },
  { where: 'exercise.json', files: exercise(zzz), schema: EXERCISE_SCHEMA },
  { where: 'limits', files: exercise({ limits: zzz }), schema: at(EXERCISE_SCHEMA, ['limits']) },
  { where: 'sweepValidation', files: exercise({ sweepValidation: zzz }), schema: at(EXERCISE_SCHEMA, ['sweepValidation']) },
  { where: 'hints[0]', files: exercise({ hints: [{ text: 'a', ...zzz }] }), schema: at(EXERCISE_SCHEMA, ['hints', '[]']) },
  { where: 'defaults', files: exercise({ defaults: zzz }), schema: at(EXERCISE_SCHEMA, ['defaults']) },
  ...['clusters', 'rings', 'line', 'csv'].map((kind) => ({ where: `defaults.data ${kind}`, files: exercise({ defaults: { data: { kind, ...zzz } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'data', `kind=${kind}`]) })),
  { where: 'defaults.data csv filters[0]', files: exercise({ defaults: { data: { kind: 'csv', file: 'data/table.csv', target: 'label', filters: [{ column: 'a', ...zzz }] } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'data', 'kind=csv', 'filters', '[]']) },
  { where: 'defaults.data csv zscore', files: exercise({ defaults: { data: { kind: 'csv', file: 'data/table.csv', target: 'label', zscore: { except: [], ...zzz } } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'data', 'kind=csv', 'zscore', 'object']) },
  { where: 'defaults.data csv normalize', files: exercise({ defaults: { data: { kind: 'csv', file: 'data/table.csv', target: 'label', normalize: { method: 'zscore', ...zzz } } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'data', 'kind=csv', 'normalize', 'object']) },
  { where: 'defaults.data csv binarize', files: exercise({ defaults: { data: { kind: 'csv', file: 'data/table.csv', target: 'label', binarize: { above: 1, ...zzz } } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'data', 'kind=csv', 'binarize']) },
  { where: 'defaults.earlyStopping', files: exercise({ defaults: { earlyStopping: zzz } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'earlyStopping']) },
  ...['step', 'exponential'].map((kind) => ({ where: `defaults.lrSchedule ${kind}`, files: exercise({ defaults: { lrSchedule: { kind, gamma: 0.5, ...zzz } } }), schema: at(EXERCISE_SCHEMA, ['defaults', 'lrSchedule', `kind=${kind}`]) })),
  ...Object.entries(RUN_CHECKS).map(([kind, fields]) => ({ where: `checks[0] ${kind}`, files: exercise({ checks: [{ kind, ...fields, ...zzz }] }), schema: at(EXERCISE_SCHEMA, ['checks', '[]', `kind=${kind}`]), also: GUIDANCE })),
  { where: 'sweep', files: exercise({ sweep: zzz }), schema: at(EXERCISE_SCHEMA, ['sweep']) },
  { where: 'sweep.vary range', files: exercise({ sweep: { vary: { units: { from: 1, to: 2, ...zzz } } } }), schema: at(EXERCISE_SCHEMA, ['sweep', 'vary', '{}', 'object']) },
  ...SWEEP_CHECKS.map((kind) => ({ where: `sweepChecks[0] ${kind}`, files: exercise({ sweepChecks: [{ kind, ...zzz }] }), schema: at(EXERCISE_SCHEMA, ['sweepChecks', '[]', `kind=${kind}`]), also: GUIDANCE })),
];

describe('the pack format and its JSON Schemas', () => {
  it('schemas/*.schema.json are what the format generates (npm run schemas rewrites them)', () => {
    for (const [name, generate] of Object.entries(SCHEMA_FILES)) {
      assert.equal(fs.readFileSync(path.join(REPO, 'schemas', name), 'utf8'), `${JSON.stringify(generate(), null, 2)}\n`, `${name} is stale: run npm run schemas`);
    }
  });

  for (const probe of PROBES) {
    it(`${probe.where}: the schema has exactly the keys the loader accepts`, () => {
      const loader = [...allowedByLoader(probe.files), ...(probe.also ?? [])].sort();
      assert.deepEqual(Object.keys(probe.schema.properties!).sort(), loader);
    });
  }

  it('every pack.json and exercise.json in the repository passes its schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validPack = ajv.compile(PACK_SCHEMA);
    const validExercise = ajv.compile(EXERCISE_SCHEMA);
    const shipped = fs.readdirSync(path.dirname(PACK)).map((name) => path.join(path.dirname(PACK), name)).filter((dir) => fs.existsSync(path.join(dir, 'pack.json')));
    const packs = [...shipped, ...fs.readdirSync(FIXTURE_PACKS).map((name) => path.join(FIXTURE_PACKS, name))];
    const listed = packs.reduce((sum, dir) => sum + (JSON.parse(fs.readFileSync(path.join(dir, 'pack.json'), 'utf8')) as { exercises: string[] }).exercises.length, 0);
    let exercises = 0;
    for (const dir of packs) {
      assert.ok(validPack(JSON.parse(fs.readFileSync(path.join(dir, 'pack.json'), 'utf8'))), `${dir}/pack.json: ${JSON.stringify(validPack.errors).slice(0, 600)}`);
      for (const exercise of loadPack(dir).exercises) {
        exercises++;
        assert.ok(validExercise(JSON.parse(fs.readFileSync(path.join(exercise.dir, 'exercise.json'), 'utf8'))), `${exercise.dir}/exercise.json: ${JSON.stringify(validExercise.errors).slice(0, 600)}`);
      }
    }
    assert.ok(shipped.length >= 4, `the shipped packs: ${shipped.join(', ')}`);
    assert.equal(exercises, listed, 'every exercise each pack.json lists was checked');
  });

  it('the schema refuses what the loader refuses: an unknown loss, an unknown key, a missing id', () => {
    const validExercise = new Ajv({ strict: false }).compile(EXERCISE_SCHEMA);
    assert.equal(validExercise({ ...BASE, defaults: { loss: 'hinge' } }), false);
    assert.equal(validExercise({ ...BASE, zzz: 1 }), false);
    const { id: _id, ...noId } = BASE;
    assert.equal(validExercise(noId), false);
    assert.equal(validExercise(BASE), true);
  });

  it('package.json hands both schemas to VS Code (contributes.jsonValidation), and the .vsix ships them', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.deepEqual(manifest.contributes.jsonValidation, [
      { fileMatch: '**/pack.json', url: './schemas/pack.schema.json' },
      { fileMatch: '**/exercise.json', url: './schemas/exercise.schema.json' },
    ]);
    assert.match(fs.readFileSync(path.join(REPO, '.vscodeignore'), 'utf8'), /^!schemas\/\*\*$/m);
  });
});
