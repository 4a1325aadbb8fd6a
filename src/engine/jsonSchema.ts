// A small description language for the pack format (engine/packFormat.ts) and the JSON Schema it
// generates. The loader takes its lists of allowed keys from the same descriptions (`keysOf`), so
// the schemas an editor checks while the author types cannot drift from what `dlx validate` accepts.

export type Field =
  | { type: 'string'; description: string; enum?: readonly string[]; pattern?: string }
  | { type: 'number' | 'integer'; description: string; minimum?: number; maximum?: number; exclusiveMinimum?: number }
  | { type: 'boolean'; description: string }
  | { type: 'array'; description: string; items: Field; minItems?: number }
  | { type: 'object'; description: string; shape: Shape }
  /** An object whose keys are free (a name each), every value the same kind. */
  | { type: 'map'; description: string; values: Field }
  /** Exactly one of these, e.g. a string or an object; objects told apart by a `kind` constant. */
  | { type: 'oneOf'; description: string; options: readonly Field[] }
  | { type: 'const'; description: string; value: string }
  /** Validated by the loader in ways a schema does not say (numbers, strings or booleans). */
  | { type: 'scalar'; description: string }
  /** Any JSON value: a function exercise's arguments (numbers, points, objects of parameters). */
  | { type: 'json'; description: string };

export interface Shape {
  fields: Readonly<Record<string, Field>>;
  required?: readonly string[];
}

export function keysOf(shape: Shape): string[] {
  return Object.keys(shape.fields);
}

/** A `kind`-tagged variant: its constant first, then its own fields. */
export function variant(kind: string, description: string, fields: Record<string, Field>, required: readonly string[] = []): Field {
  return { type: 'object', description, shape: { fields: { kind: { type: 'const', value: kind, description }, ...fields }, required: ['kind', ...required] } };
}

type Json = { [key: string]: unknown };

export function fieldSchema(field: Field): Json {
  const { description } = field;
  switch (field.type) {
    case 'string':
      return { type: 'string', description, ...(field.enum ? { enum: [...field.enum] } : {}), ...(field.pattern ? { pattern: field.pattern } : { minLength: 1 }) };
    case 'number':
    case 'integer': {
      const { type, minimum, maximum, exclusiveMinimum } = field;
      return { type, description, ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}), ...(exclusiveMinimum !== undefined ? { exclusiveMinimum } : {}) };
    }
    case 'boolean':
      return { type: 'boolean', description };
    case 'array':
      return { type: 'array', description, items: fieldSchema(field.items), ...(field.minItems !== undefined ? { minItems: field.minItems } : {}) };
    case 'object':
      return shapeSchema(field.shape, description);
    case 'map':
      return { type: 'object', description, additionalProperties: fieldSchema(field.values) };
    case 'oneOf':
      return { description, oneOf: field.options.map(fieldSchema) };
    case 'const':
      return { const: field.value, description };
    case 'scalar':
      return { type: ['number', 'string', 'boolean'], description };
    case 'json':
      return { description };
  }
}

export function shapeSchema(shape: Shape, description?: string): Json {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: Object.fromEntries(Object.entries(shape.fields).map(([key, field]) => [key, fieldSchema(field)])),
    ...(shape.required?.length ? { required: [...shape.required] } : {}),
    additionalProperties: false,
  };
}

/** A whole schema file: draft-07 (what VS Code's JSON language service reads), with its title. */
export function documentSchema(id: string, title: string, shape: Shape, description: string): Json {
  return { $schema: 'http://json-schema.org/draft-07/schema#', $id: id, title, ...shapeSchema(shape, description) };
}
