/**
 * One field casing in the API contract (DECISIONS.md): every key of every
 * request and result schema is snake_case, like the CLI's JSON and the
 * invoice JSON of data-formats.md. The walk goes through nested objects,
 * arrays, records, unions, optionals, defaults and pipes, so a camelCase
 * field added anywhere in shared/api/*.ts fails here.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, progressEvent } from './api';

const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** The aging buckets are the names receivables.md gives them (`billing aging --json` prints the same keys). */
const SPEC_KEYS = new Set(['1-30', '31-60', '61-90', '90+']);

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every object key reachable from the schema, with its path (`invoices[].invoice_id`). */
export function objectKeys(schema: z.ZodType, path = '', seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const walk = (child: z.ZodType | null | undefined, childPath: string) => (child ? objectKeys(child, childPath, seen) : []);
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => [`${path}${path ? '.' : ''}${key}`, ...walk(child, `${path}${path ? '.' : ''}${key}`)]);
    case 'array':
    case 'set':
      return walk(def.element ?? def.valueType, `${path}[]`);
    case 'union':
      return (def.options ?? []).flatMap((option) => walk(option, path));
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)];
    case 'tuple':
      return [...(def.items ?? []).flatMap((item) => walk(item, `${path}[]`)), ...walk(def.rest, `${path}[]`)];
    case 'record':
    case 'map':
      // Record keys are data (threshold names, line detail facts), not fields; their values are walked.
      return walk(def.valueType, `${path}{}`);
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)];
    case 'lazy':
      return walk(def.getter?.(), path);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
    case 'promise':
      return walk(def.innerType, path);
    default:
      return [];
  }
}

const lastKey = (path: string) => path.split('.').at(-1)!;
const offenders = (paths: string[]) => paths.filter((p) => !SNAKE_CASE.test(lastKey(p)) && !SPEC_KEYS.has(lastKey(p)));

const schemas: [string, z.ZodType][] = [
  ...Object.entries(api).flatMap(([name, spec]): [string, z.ZodType][] => [
    [`${name} request`, spec.args],
    [`${name} result`, spec.result],
  ]),
  ['progress event', progressEvent],
];

describe('field names of the API contract', () => {
  it.each(schemas)('%s: every key is snake_case', (_name, schema) => {
    expect(offenders(objectKeys(schema))).toEqual([]);
  });

  it('reaches the nested keys (the walk does not stop at the top level)', () => {
    const all = schemas.flatMap(([name, schema]) => objectKeys(schema).map((p) => `${name}: ${p}`));
    expect(all.length).toBeGreaterThan(500);
    // an object in an array in an object (receivables.account), a discriminated union (runs.diff causes), a preview's arguments
    expect(all).toContain('receivables.account result: items[].allocations[].payment_id');
    expect(all).toContain('runs.diff result: invoices[].causes[].first_line');
    expect(all).toContain('changes.preview request: args.batch_id');
    expect(all).toContain('invoices.get result: lines[].line_key');
  });

  it('fails on a camelCase key however deep it sits', () => {
    const hidden = z.object({
      ok_key: z.array(z.union([z.object({ fine: z.string() }), z.object({ deep: z.object({ batchId: z.number() }).nullable().optional() })])),
      record: z.record(z.string(), z.object({ fileName: z.string() })),
      piped: z.object({ asOf: z.string() }).transform((v) => v),
      with_default: z.object({ jobId: z.string() }).default({ jobId: 'x' }),
    });
    expect(offenders(objectKeys(hidden))).toEqual(['ok_key[].deep.batchId', 'record{}.fileName', 'piped.asOf', 'with_default.jobId']);
  });
});
