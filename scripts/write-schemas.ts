// Writes schemas/pack.schema.json and schemas/exercise.schema.json from the pack format
// (src/engine/packFormat.ts): `npm run schemas`. test/packFormat.test.ts fails while they differ.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCHEMA_FILES } from '../src/engine/packFormat';

for (const [name, schema] of Object.entries(SCHEMA_FILES)) {
  const file = path.join(__dirname, '..', 'schemas', name);
  fs.writeFileSync(file, `${JSON.stringify(schema(), null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
