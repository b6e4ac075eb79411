import { Type } from '@sinclair/typebox';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { TimeInput } from './schemas.js';
import { validationIssues, type AjvIssue } from './validation.js';

// The same options the app gives Fastify's Ajv (src/http/app.ts).
const ajv = new Ajv({ coerceTypes: 'array', useDefaults: true, verbose: true, strict: false });
const Lang = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 code, e.g. en, es' });
const Body = Type.Object(
  {
    kind: Type.Union(['gif', 'thumbnail'].map((v) => Type.Literal(v))),
    at: Type.Optional(Type.Union([TimeInput, Type.Literal('auto')])),
    start: Type.Optional(TimeInput),
    language: Type.Optional(Type.Union([Lang, Type.Null()])),
    size: Type.Optional(Type.Integer({ maximum: 8 })),
    name: Type.Optional(Type.Union([Type.String({ maxLength: 3 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const check = ajv.compile(Body);
const issues = (body: Record<string, unknown>) => {
  expect(check(body)).toBe(false);
  return validationIssues('body', check.errors as AjvIssue[]);
};

describe('validation messages', () => {
  it('an enum mistake is one issue listing the allowed values', () => {
    expect(issues({ kind: 'thumb' })).toEqual([{ loc: ['body', 'kind'], msg: 'kind must be one of gif, thumbnail', type: 'enum' }]);
  });

  it('a time union says which spellings it takes, nested unions included', () => {
    expect(issues({ kind: 'gif', start: 'soon' })).toEqual([{ loc: ['body', 'start'], msg: 'start must be seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)"', type: 'union' }]);
    expect(issues({ kind: 'gif', at: 'soon' })[0].msg).toBe('at must be seconds (12.5 or "12.5"), "MM:SS" or "HH:MM:SS(.ms)" or "auto"');
  });

  it('a described branch names itself; a near miss keeps its own message', () => {
    expect(issues({ kind: 'gif', language: 'english' })[0].msg).toBe('language must be ISO 639-1 code, e.g. en, es or null');
    expect(issues({ kind: 'gif', name: 'long' })).toEqual([{ loc: ['body', 'name'], msg: 'name must NOT have more than 3 characters', type: 'maxLength' }]);
  });

  it('required, unknown, type and range issues name their field', () => {
    expect(issues({})[0]).toEqual({ loc: ['body', 'kind'], msg: 'kind is required', type: 'required' });
    expect(issues({ kind: 'gif', colour: 1 })[0]).toEqual({ loc: ['body', 'colour'], msg: 'colour is not a known field', type: 'extra_forbidden' });
    expect(issues({ kind: 'gif', size: 'big' })[0]).toMatchObject({ msg: 'size must be an integer', type: 'type' });
    expect(issues({ kind: 'gif', size: 9 })[0]).toMatchObject({ msg: 'size must be <= 8', type: 'maximum' });
  });
});
