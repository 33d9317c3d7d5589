/** The problem+json shape for the OpenAPI document: every route lists the errors it can answer. */
import { Type } from 'typebox';

export const Problem = Type.Object(
  {
    type: Type.String({ examples: ['https://gatehouse.example/problems/validation-failed'] }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'stable error code; branch on this', examples: ['validation_failed'] }),
    field: Type.Optional(Type.String({ description: 'the offending field', examples: ['body.tpp'] })),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details' },
);

const problem = (description: string) => ({ ...Problem, description });

export const readProblems = {
  400: problem('invalid query or path'),
  401: problem('not signed in'),
  403: problem('not permitted'),
  404: problem('no such record'),
};

export const writeProblems = {
  ...readProblems,
  409: problem('duplicate name or record'),
  412: problem('stale If-Match'),
  413: problem('body too large'),
  415: problem('not JSON'),
  422: problem('breaks a rule or refers to a missing record'),
  428: problem('If-Match missing'),
};
