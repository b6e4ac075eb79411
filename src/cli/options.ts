// Client command options from the API's own schemas (openapi.json): one option per request
// field, named like the field in kebab case (`preview_type` -> `--preview-type`), with its
// allowed values, type checks and description. A new API field is a new CLI option.
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';

type Schema = { type?: string; enum?: unknown[]; anyOf?: Schema[]; description?: string; default?: unknown; items?: Schema; properties?: Record<string, Schema>; required?: string[] };
type Doc = { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: Schema } } }; parameters?: { name: string; in: string; schema: Schema }[] }>> };

let doc: Doc | null = null;
function openapi(): Doc {
  doc ??= JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'openapi.json'), 'utf8')) as Doc;
  return doc;
}

/** The literal values a schema allows (an enum, or a union of one-value enums), or null. */
function choicesOf(s: Schema): unknown[] | null {
  if (s.enum) return s.enum;
  if (s.anyOf?.every((b) => b.enum)) return s.anyOf.flatMap((b) => b.enum ?? []);
  return null;
}

const kebab = (field: string) => field.replace(/_/g, '-');

function parseNumber(integer: boolean) {
  return (raw: string) => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) throw new InvalidArgumentError(`expected ${integer ? 'an integer' : 'a number'}.`);
    return n;
  };
}

export interface FieldOption {
  field: string;
  option: Option;
  /** A second option that also switches a boolean off (`--no-…`), when the field defaults to true. */
  negation?: Option;
}

/** One commander option for one schema field; undefined for fields a positional argument fills. */
export function fieldOption(field: string, s: Schema): FieldOption {
  const flag = `--${kebab(field)}`;
  const shownDefault = s.default !== undefined && s.default !== false ? `(default: ${JSON.stringify(s.default)})` : '';
  const about = [s.description, shownDefault].filter(Boolean).join(' ');
  const choices = choicesOf(s);
  if (s.type === 'boolean') {
    const negation = s.default === true ? new Option(`--no-${kebab(field)}`, `do not ${field.replace(/_/g, ' ')}`) : undefined;
    return { field, option: new Option(flag, [s.description ?? field.replace(/_/g, ' '), shownDefault].filter(Boolean).join(' ')), negation };
  }
  if (choices) {
    const option = new Option(`${flag} <value>`, about).choices(choices.map(String));
    // Values keep their API type (hash_size 16 is a number).
    const typed = new Map(choices.map((c) => [String(c), c]));
    return { field, option: option.argParser((raw: string) => typed.get(raw) ?? raw) };
  }
  if (s.type === 'integer' || s.type === 'number') return { field, option: new Option(`${flag} <n>`, about).argParser(parseNumber(s.type === 'integer')) };
  if (s.type === 'array') return { field, option: new Option(`${flag} <a,b,…>`, `${about} (comma-separated)`).argParser((raw: string) => raw.split(',').map((x) => x.trim()).filter(Boolean)) };
  if (s.type === 'object') {
    return {
      field,
      option: new Option(`${flag} <json>`, `${about} (JSON object)`).argParser((raw: string) => {
        try {
          const v = JSON.parse(raw) as unknown;
          if (v && typeof v === 'object' && !Array.isArray(v)) return v;
        } catch {
          // fall through
        }
        throw new InvalidArgumentError('expected a JSON object, e.g. \'{"order":"A-1"}\'.');
      }),
    };
  }
  // Strings, times ("12.5", "1:30") and nullable strings go as typed; the server checks them.
  return { field, option: new Option(`${flag} <value>`, about) };
}

/** The JSON body schema of a POST endpoint. */
export function bodySchema(apiPath: string): Schema {
  const schema = openapi().paths[apiPath]?.post?.requestBody?.content['application/json'].schema;
  if (!schema) throw new Error(`openapi.json has no POST ${apiPath} body`);
  return schema;
}

/** Adds an option per body field (except `skip`) and returns a function that builds the body. */
export function addBodyOptions(cmd: Command, apiPath: string, skip: string[] = []): { required: string[]; build: (opts: Record<string, unknown>) => Record<string, unknown> } {
  const schema = bodySchema(apiPath);
  const fields: string[] = [];
  for (const [field, s] of Object.entries(schema.properties ?? {})) {
    if (skip.includes(field)) continue;
    const { option, negation } = fieldOption(field, s);
    cmd.addOption(option);
    if (negation) cmd.addOption(negation);
    fields.push(field);
  }
  const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return {
    required: (schema.required ?? []).filter((f) => !skip.includes(f)),
    build: (opts) => Object.fromEntries(fields.map((f) => [f, opts[camel(f)]]).filter(([, v]) => v !== undefined)),
  };
}

/** Options for the query parameters of a GET endpoint. */
export function addQueryOptions(cmd: Command, apiPath: string): (opts: Record<string, unknown>) => Record<string, unknown> {
  const params = (openapi().paths[apiPath]?.get?.parameters ?? []).filter((p) => p.in === 'query');
  for (const p of params) cmd.addOption(fieldOption(p.name, p.schema).option);
  const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return (opts) => Object.fromEntries(params.map((p) => [p.name, opts[camel(p.name)]]).filter(([, v]) => v !== undefined));
}
