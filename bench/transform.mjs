// `node bench/transform.mjs`: the learner-file transform, Sucrase (what the trainer runs,
// src/engine/learnerTransform.ts) against esbuild (what it ran before: one bundle per learner file
// through esbuild's native binary), on every starter and solution of the bundled pack:
// - time: cold (a fresh process loading the compiler, sucrase minified into one file as the trainer
//   bundle carries it, and compiling one file) and warm (per file, in a process that has compiled
//   before, including V8's compile of the result);
// - exports: both outputs, evaluated, export the same names and the same experiment and sweep;
// - syntax errors: hand-made broken files with the position a person would point at, and seeded
//   random one-character mutations of the pack's files, where the two compilers are compared;
// - source maps: a `throw` put on each line of each file must be reported at that line and column.
// A benchmark, not a test: it asserts nothing. Prints markdown.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vm from 'node:vm';
import * as esbuild from 'esbuild';
import { register } from 'tsx/cjs/api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register();
const require = createRequire(import.meta.url);
const { compileModule, originalLocation } = require('../src/engine/learnerTransform.ts');
const { tf } = require('../src/engine/tf.ts');

const PACK = path.join(ROOT, 'exercises', 'dudl-ann');
const FILES = fs.readdirSync(PACK).flatMap((id) => ['starter.ts', 'solution.ts'].map((name) => path.join(PACK, id, name))).filter((file) => fs.existsSync(file));
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'dlx-transform-'));
const PREFIX = 'dlx-learner://';
const WRAP = (code) => `(function (exports, require, module, __filename, __dirname, console) {\n${code}\n})`;

/** The compile the trainer ran before Sucrase, as it was, plus V8's compile of the result. */
async function esbuildCompile(file) {
  try {
    const result = await esbuild.build({
      entryPoints: [file], absWorkingDir: path.dirname(file), bundle: true, write: false, format: 'cjs', platform: 'node',
      target: 'node20', sourcemap: 'external', outfile: `${file}.js`, external: ['@tensorflow/*'], logLevel: 'silent',
    });
    const code = result.outputFiles.find((output) => output.path.endsWith('.js')).text;
    const map = new SourceMap(JSON.parse(result.outputFiles.find((output) => output.path.endsWith('.map')).text));
    return { file, code, map, script: new vm.Script(WRAP(code), { filename: `${PREFIX}${file}` }) };
  } catch (error) {
    const first = error.errors?.[0];
    if (!first) return { error: { message: error.message } };
    return { error: { message: first.text, location: first.location && { line: first.location.line, column: first.location.column + 1 } } };
  }
}

function sucraseCompile(file) {
  try {
    return compileModule(file);
  } catch (error) {
    if (!error.details) throw error;
    return { error: { message: error.message, location: error.details.location } };
  }
}

const esbuildLocate = (compiled, line, column) => {
  const entry = compiled.map.findEntry(line - 2, column - 1);
  return entry.originalLine === undefined ? undefined : { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
};
const COMPILERS = {
  esbuild: { compile: esbuildCompile, locate: esbuildLocate },
  sucrase: { compile: sucraseCompile, locate: originalLocation },
};

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 2) => Number(value).toFixed(digits);
const write = (name, content) => {
  const file = path.join(TMP, `${name}.ts`);
  fs.writeFileSync(file, content);
  return file;
};

// --- time ---------------------------------------------------------------------------------------
const SUCRASE_BUNDLE = path.join(TMP, 'sucrase.js');
await esbuild.build({ entryPoints: [require.resolve('sucrase')], bundle: true, minify: true, platform: 'node', format: 'cjs', outfile: SUCRASE_BUNDLE, logLevel: 'silent' });
const COLD = {
  esbuild: `const t=performance.now();const e=require('esbuild');e.build({entryPoints:[process.argv[1]],bundle:true,write:false,format:'cjs',platform:'node',target:'node20',sourcemap:'external',outfile:process.argv[1]+'.js',external:['@tensorflow/*'],logLevel:'silent'}).then(()=>{console.log(performance.now()-t);process.exit(0)})`,
  sucrase: `const t=performance.now();const s=require(process.argv[2]);s.transform(require('fs').readFileSync(process.argv[1],'utf8'),{transforms:['typescript','imports'],disableESTransforms:true,filePath:process.argv[1],sourceMapOptions:{compiledFilename:'x.js'}});console.log(performance.now()-t)`,
};
const cold = {};
for (const [name, script] of Object.entries(COLD)) {
  cold[name] = median(Array.from({ length: 7 }, (_, i) => Number(execFileSync(process.execPath, ['-e', script, FILES[i % FILES.length], SUCRASE_BUNDLE], { cwd: ROOT, encoding: 'utf8' }))));
}
const warm = { esbuild: [], sucrase: [] };
for (const file of FILES) {
  for (const [name, { compile }] of Object.entries(COMPILERS)) {
    await compile(file);
    const times = [];
    for (let i = 0; i < 15; i++) {
      const start = performance.now();
      await compile(file);
      times.push(performance.now() - start);
    }
    warm[name].push(median(times));
  }
}

// --- exports ------------------------------------------------------------------------------------
function evaluate(compiled) {
  const module = { exports: {} };
  compiled.script.runInThisContext()(module.exports, () => tf, module, compiled.file, path.dirname(compiled.file), console);
  const { experiment, sweep } = module.exports;
  return JSON.stringify({ names: Object.keys(module.exports).filter((n) => n !== '__esModule').sort(), experiment, sweep });
}
let sameExports = 0;
for (const file of FILES) if (evaluate(await esbuildCompile(file)) === evaluate(sucraseCompile(file))) sameExports++;

// --- syntax errors: hand-made ---------------------------------------------------------------------
const BROKEN = [
  { name: 'missing comma in the settings', code: "export const experiment = {\n  epochs: 10,\n  loss: 'mse'\n  seed: 1,\n};\n", at: [4, 3] },
  { name: 'unclosed call', code: 'export function createModel() {\n  return f(1, 2;\n}\n', at: [2, 16] },
  { name: 'unterminated string', code: "export const a = 'abc;\nconst b = 2;\n", at: [1, 18] },
  { name: 'missing closing brace', code: 'export function createModel() {\n  return 1;\n', at: [3, 1] },
  { name: 'import without its opening quote', code: "import * as tf from @tensorflow/tfjs';\nexport const a = tf;\n", at: [1, 21] },
  { name: 'misspelled keyword', code: 'export funcion createModel() {}\n', at: [1, 8] },
  { name: 'missing value', code: 'export const a = ;\n', at: [1, 18] },
  { name: 'missing comma in a layer config', code: "import * as tf from '@tensorflow/tfjs';\nexport const l = tf.layers.dense({ units: 4 activation: 'relu' });\n", at: [2, 45] },
  { name: 'assignment to an expression', code: 'let x = 1;\n  x + 1 = 2;\n', at: [2, 3] },
  { name: 'a keyword as a name', code: 'export const class = 1;\n', at: [1, 14] },
  { name: 'a decorator', code: 'function d(t: any) { return t; }\n@d\nexport class Model {}\n', at: [2, 1] },
  { name: 'a namespace with values', code: 'namespace Act { export const relu = 1; }\nexport const a = Act.relu;\n', at: [1, 1] },
];
const where = (error) => (error?.location ? `${error.location.line}:${error.location.column}` : error ? 'no position' : 'accepted');
const brokenRows = [];
for (const { name, code, at } of BROKEN) {
  const file = write(name.replace(/\W+/g, '-'), code);
  const results = {};
  for (const [compiler, { compile }] of Object.entries(COMPILERS)) results[compiler] = (await compile(file)).error;
  brokenRows.push(`| ${name} | ${at.join(':')} | ${where(results.esbuild)} ${results.esbuild?.message ?? ''} | ${where(results.sucrase)} ${results.sucrase?.message ?? ''} |`);
}

// --- syntax errors: random mutations ------------------------------------------------------------
let seed = 1;
const random = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
const CHARS = [...'{}(),;:=[]\'."`@#<>?/!\\*&|- x'];
const mutants = { total: 0, misspelledImport: 0, bothReject: 0, sameLine: 0, samePosition: 0, sucraseLocated: 0, onlyEsbuild: 0, onlySucrase: 0 };
for (const source of FILES.map((file) => fs.readFileSync(file, 'utf8'))) {
  for (let i = 0; i < 150; i++) {
    const at = random(source.length);
    const char = CHARS[random(CHARS.length)];
    const mutated = [source.slice(0, at) + source.slice(at + 1), source.slice(0, at) + char + source.slice(at), source.slice(0, at) + char + source.slice(at + 1)][random(3)];
    const file = write('mutant', mutated);
    const a = (await esbuildCompile(file)).error;
    const b = sucraseCompile(file).error;
    mutants.total++;
    // A misspelled module name: esbuild fails to bundle it, the trainer refuses it at load (at the import line).
    if (a?.message.startsWith('Could not resolve')) {
      mutants.misspelledImport++;
      continue;
    }
    if (a && !b) mutants.onlyEsbuild++;
    if (b && !a) mutants.onlySucrase++;
    if (!a || !b) continue;
    mutants.bothReject++;
    if (b.location) mutants.sucraseLocated++;
    if (a.location && b.location?.line === a.location.line) mutants.sameLine++;
    if (a.location && b.location?.line === a.location.line && b.location.column === a.location.column) mutants.samePosition++;
  }
}

// --- source maps ----------------------------------------------------------------------------------
const probes = { esbuild: { probes: 0, exact: 0 }, sucrase: { probes: 0, exact: 0 } };
const anything = new Proxy(function () {}, { get: (_, key) => (key === Symbol.toPrimitive ? () => 1 : anything), apply: () => anything, construct: () => anything });
for (const source of FILES.map((file) => fs.readFileSync(file, 'utf8'))) {
  const lines = source.split('\n');
  for (let line = 1; line <= lines.length; line++) {
    const indent = /^\s*/.exec(lines[line - 1] ?? '')[0];
    const file = write('probe', [...lines.slice(0, line - 1), `${indent}throw new Error('probe');`, ...lines.slice(line - 1)].join('\n'));
    for (const [name, { compile, locate }] of Object.entries(COMPILERS)) {
      const compiled = await compile(file);
      if (compiled.error) continue;
      const module = { exports: {} };
      try {
        compiled.script.runInThisContext()(module.exports, () => anything, module, file, TMP, console);
        module.exports.createModel?.({});
        if (module.exports.Model) new module.exports.Model();
        continue;
      } catch (error) {
        if (error.message !== 'probe') continue;
        const frame = new RegExp(`${PREFIX}[^\\n]*?:(\\d+):(\\d+)`).exec(error.stack);
        const found = locate(compiled, Number(frame[1]), Number(frame[2]));
        probes[name].probes++;
        if (found?.line === line && found.column === indent.length + 7) probes[name].exact++;
      }
    }
  }
}
fs.rmSync(TMP, { recursive: true, force: true });

const sum = (values) => values.reduce((a, b) => a + b, 0);
const out = [
  `# Learner-file transform: Sucrase against esbuild`,
  '',
  `${FILES.length} files (every starter and solution of exercises/dudl-ann), node ${process.version}, esbuild ${esbuild.version}, sucrase ${require('sucrase/package.json').version}, ${os.cpus()[0]?.model ?? ''}.`,
  '',
  '| | esbuild (bundle, native binary) | sucrase (transform, pure JS) |',
  '|---|---|---|',
  `| cold: load the compiler + first file, ms (median of 7 processes) | ${fmt(cold.esbuild, 1)} | ${fmt(cold.sucrase, 1)} |`,
  `| warm: per file, ms (median per file, then mean; max) | ${fmt(sum(warm.esbuild) / FILES.length)} (max ${fmt(Math.max(...warm.esbuild))}) | ${fmt(sum(warm.sucrase) / FILES.length)} (max ${fmt(Math.max(...warm.sucrase))}) |`,
  `| same exports (names, experiment, sweep) | | ${sameExports} of ${FILES.length} files |`,
  `| runtime throws mapped to their exact line and column | ${probes.esbuild.exact} of ${probes.esbuild.probes} | ${probes.sucrase.exact} of ${probes.sucrase.probes} |`,
  '',
  `Random one-character mutations: ${mutants.total}; a misspelled module name ${mutants.misspelledImport} (esbuild: at compile; the trainer: at load, both at the import line); both reject ${mutants.bothReject}, only esbuild ${mutants.onlyEsbuild}, only sucrase ${mutants.onlySucrase}. Of those both reject, sucrase gives a position for ${mutants.sucraseLocated}, the same line as esbuild for ${mutants.sameLine}, the same line and column for ${mutants.samePosition}.`,
  '',
  '| broken file | where a person points | esbuild | sucrase |',
  '|---|---|---|---|',
  ...brokenRows,
];
process.stdout.write(`${out.join('\n')}\n`);
