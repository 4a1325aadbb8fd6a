// Stands in for esbuild inside a test trainer bundle: compiles one learner file with Sucrase, in
// process, so the trainer needs no child process and can run under the sandbox. Only the part of
// esbuild's `build` the learner compiler uses: one entry point, the code and its source map.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { transform } from 'sucrase';

export async function build(options: { entryPoints: string[]; outfile: string }) {
  const file = options.entryPoints[0];
  const { code, sourceMap } = transform(fs.readFileSync(file, 'utf8'), {
    transforms: ['typescript', 'imports'],
    filePath: path.basename(file),
    sourceMapOptions: { compiledFilename: path.basename(options.outfile) },
  });
  return { outputFiles: [{ path: options.outfile, text: code }, { path: `${options.outfile}.map`, text: JSON.stringify(sourceMap) }] };
}
