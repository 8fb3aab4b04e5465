/**
 * Requests built from the OpenAPI document for the cross-tenant probe: every operation with its
 * path parameters, a minimal body that passes each schema's shape (so a probe reaches the object
 * lookup instead of stopping at validation where it can), and the table a path parameter names.
 */
import { randomUUID } from 'node:crypto';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  minimum?: number;
  minLength?: number;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
}

export interface ProbeOperation {
  method: string;
  path: string;
  params: string[];
  body: unknown;
}

/** A value of the schema's shape; uuid-shaped strings take `id` (an object of the probed tenant). */
export function sampleOf(schema: Schema | undefined, id: string, depth = 0): unknown {
  if (schema === undefined || depth > 6) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum !== undefined) return schema.enum[0];
  const choice = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (choice !== undefined) return sampleOf(choice[0], id, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleOf(schema.properties?.[key], id, depth + 1);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 0);
      return Array.from({ length: n }, () => sampleOf(schema.items, id, depth + 1));
    }
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid' || (schema.pattern ?? '').includes('[0-9a-fA-F]{8}')) return id;
      if (schema.format === 'email') return 'probe@example.test';
      if (schema.format === 'date') return '2026-01-01';
      if (schema.format === 'date-time') return '2026-01-01T00:00:00.000Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return undefined;
  }
}

/** Every operation of the document (HEAD and OPTIONS aside). */
export function operationsOf(doc: OpenApiDocument, someId: string): ProbeOperation[] {
  const out: ProbeOperation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''),
        body: sampleOf(schema, someId),
      });
    }
  return out;
}

/** Path parameters whose table the path does not spell (the rest: the segment before them). */
const TABLE_OF_PARAM: Readonly<Record<string, string>> = {
  documentId: 'sales_documents',
  variantId: 'item_variants',
  barcode: 'item_variants',
  itemId: 'items',
  customerId: 'customers',
  storeId: 'stores',
  userId: 'users',
  sessionId: 'sessions',
  tokenId: 'api_tokens',
  incidentId: 'incidents',
  transferId: 'stock_transfers',
};

/** The table a parameter names: the override, else the path segment before it (kebab to snake). */
export function tableOfParam(path: string, param: string, tables: readonly string[]): string | undefined {
  const known = TABLE_OF_PARAM[param];
  if (known !== undefined) return known;
  const segments = path.split('/');
  const at = segments.indexOf(`{${param}}`);
  const segment = (segments[at - 1] ?? '').replace(/-/g, '_');
  const stem = param.replace(/Id$/, '');
  return (
    tables.find((t) => t === segment) ??
    tables.find((t) => t.endsWith(`_${segment}`)) ??
    tables.find((t) => t === `${stem}s` || t.endsWith(`_${stem}s`))
  );
}

/** The path with each parameter replaced. */
export function fillPath(path: string, values: Readonly<Record<string, string>>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? randomUUID()));
}
