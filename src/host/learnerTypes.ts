// Makes `import * as tf from '@tensorflow/tfjs'` resolve in a learner's folder, so the editor
// offers completion and type errors instead of "cannot find module": the tfjs declarations go to
// `.dlx/types/`, and a tsconfig.json maps the module names to them, only when the folder has no
// tsconfig.json or jsconfig.json of its own (those are the learner's, never touched).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STORE_DIR } from './runStore';

export const TYPES_DIR = path.join(STORE_DIR, 'types');
const MARKER = 'Created by DL Exercises';

export function learnerTsconfig(): object {
  const types = `./${TYPES_DIR.split(path.sep).join('/')}`;
  return {
    '//': `${MARKER} so that the editor knows @tensorflow/tfjs. Yours to change or delete.`,
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      strict: false,
      noEmit: true,
      skipLibCheck: true,
      paths: {
        '@tensorflow/tfjs': [`${types}/tfjs.d.ts`],
        '@tensorflow/tfjs-core': [`${types}/tfjs-core/index.d.ts`],
        '@tensorflow/tfjs-layers': [`${types}/tfjs-layers/index.d.ts`],
      },
    },
    exclude: ['node_modules', STORE_DIR],
  };
}

/**
 * Copies the declarations from `typesSource` (the extension's dist/types) when they are missing or
 * from another version, and writes the tsconfig.json when the folder has no TS/JS config.
 */
export function installLearnerTypes(workspaceDir: string, typesSource: string, version: string): { tsconfigWritten: boolean } {
  const target = path.join(workspaceDir, TYPES_DIR);
  const stamp = path.join(target, 'VERSION');
  const current = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : undefined;
  if (current !== version && fs.existsSync(typesSource)) {
    fs.rmSync(target, { recursive: true, force: true });
    fs.cpSync(typesSource, target, { recursive: true });
    fs.writeFileSync(stamp, `${version}\n`);
  }
  const hasConfig = ['tsconfig.json', 'jsconfig.json'].some((name) => fs.existsSync(path.join(workspaceDir, name)));
  if (hasConfig) return { tsconfigWritten: false };
  fs.writeFileSync(path.join(workspaceDir, 'tsconfig.json'), `${JSON.stringify(learnerTsconfig(), null, 2)}\n`);
  return { tsconfigWritten: true };
}
