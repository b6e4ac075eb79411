// Ajv's errors -> the contract's 422 detail: one {loc,msg,type} per field that says what is
// allowed. A union (TypeBox Type.Union = anyOf) fails with one error per branch plus "must
// match a schema in anyOf"; an enum mistake used to answer five copies of "must be equal to
// constant". Here each union becomes one issue: "preview_type must be one of gif, thumbnail,
// mosaic, clip", or "start must be seconds (12.5 or "12.5"), "MM:SS" or …" when the union
// describes itself. Needs Ajv's `verbose` option (for the schemas the errors came from).
import type { ValidationIssue } from '../errors.js';

export interface AjvIssue {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: { description?: unknown };
}

/** One failed branch of a union, as words: "gif", "a number", "null", or a description. */
interface Alternative {
  /** A literal value the branch accepts (const/enum). */
  value?: unknown;
  /** Anything else: a type, or the branch's own description. */
  text?: string;
  /** The value had this branch's type but broke a constraint (pattern, range…): the closest branch. */
  near?: AjvIssue;
}

const TYPE_WORDS: Record<string, string> = { number: 'a number', integer: 'an integer', string: 'a string', boolean: 'true or false', null: 'null', object: 'an object', array: 'a list' };

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s;
}

function alternativesOf(errors: (AjvIssue & { alternatives?: Alternative[] })[]): Alternative[] {
  const out: Alternative[] = [];
  for (const e of errors) {
    if (e.alternatives) out.push(...e.alternatives);
    else if (e.keyword === 'const') out.push({ value: e.params.allowedValue });
    else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) out.push(...e.params.allowedValues.map((value: unknown) => ({ value })));
    else if (e.keyword === 'type') out.push({ text: TYPE_WORDS[String(e.params.type)] ?? String(e.params.type) });
    else out.push({ near: e, text: typeof e.parentSchema?.description === 'string' ? lowerFirst(e.parentSchema.description) : undefined });
  }
  return out;
}

function phrase(alts: Alternative[]): string {
  if (alts.length > 0 && alts.every((a) => 'value' in a)) return `must be one of ${alts.map((a) => show(a.value)).join(', ')}`;
  const words = alts.map((a) => ('value' in a ? JSON.stringify(a.value) : (a.text ?? a.near?.message ?? 'valid')));
  const unique = [...new Set(words)];
  return `must be ${unique.length > 1 ? `${unique.slice(0, -1).join(', ')} or ${unique[unique.length - 1]}` : unique[0]}`;
}

/** Replaces each union's branch errors (and its "must match a schema in anyOf") by one error. */
function collapseUnions(errors: AjvIssue[]): (AjvIssue & { alternatives?: Alternative[]; text?: string })[] {
  const out: (AjvIssue & { alternatives?: Alternative[]; text?: string })[] = [];
  for (const e of errors) {
    if ((e.keyword !== 'anyOf' && e.keyword !== 'oneOf') || !e.schemaPath) {
      out.push(e);
      continue;
    }
    const prefix = `${e.schemaPath}/`;
    const branches = out.filter((b) => b.schemaPath?.startsWith(prefix));
    for (const b of branches) out.splice(out.indexOf(b), 1);
    const description = typeof e.parentSchema?.description === 'string' ? lowerFirst(e.parentSchema.description) : null;
    const alts = alternativesOf(branches);
    // Values and described branches say what is allowed; "a number" or a bare pattern does not.
    const informative = alts.some((a) => 'value' in a || a.text !== undefined && !Object.values(TYPE_WORDS).includes(a.text));
    const near = alts.filter((a) => a.near && !a.text);
    const keyword = alts.every((a) => 'value' in a) ? 'enum' : 'union';
    if (!informative && description) {
      out.push({ ...e, keyword, alternatives: [{ text: description }], text: `must be ${description}` });
    } else if (!informative && near.length === 1) {
      out.push(near[0].near!); // e.g. the string branch's pattern or length: the closest match
    } else {
      out.push({ ...e, keyword, alternatives: alts, text: phrase(alts) });
    }
  }
  return out;
}

function locOf(context: string, i: AjvIssue): (string | number)[] {
  const loc: (string | number)[] = [context];
  for (const part of i.instancePath.split('/').slice(1)) loc.push(/^\d+$/.test(part) ? Number(part) : decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')));
  return loc;
}

export function validationIssues(context: string, issues: AjvIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const i of collapseUnions(issues)) {
    const loc = locOf(context, i);
    let msg: string;
    let type = i.keyword;
    if (i.keyword === 'required' && typeof i.params.missingProperty === 'string') {
      loc.push(i.params.missingProperty);
      msg = 'is required';
    } else if (i.keyword === 'additionalProperties' && typeof i.params.additionalProperty === 'string') {
      loc.push(i.params.additionalProperty);
      msg = 'is not a known field';
      type = 'extra_forbidden';
    } else if (i.keyword === 'enum' && !('text' in i) && Array.isArray(i.params.allowedValues)) {
      msg = `must be one of ${i.params.allowedValues.map(show).join(', ')}`;
    } else if (i.keyword === 'type' && !('text' in i) && TYPE_WORDS[String(i.params.type)]) {
      msg = `must be ${TYPE_WORDS[String(i.params.type)]}`;
    } else {
      msg = ('text' in i && i.text) || i.message || 'is not valid';
    }
    // One entry per field: a field Ajv reports twice keeps its first (most specific) message.
    const key = JSON.stringify(loc);
    if (seen.has(key)) continue;
    seen.add(key);
    const field = loc.length > 1 ? loc.slice(1).join('.') : context;
    out.push({ loc, msg: `${field} ${msg}`, type });
  }
  return out;
}
