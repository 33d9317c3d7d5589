/**
 * Turns schema validation issues (TypeBox's) into `{field, message}` a person can act on: the field
 * is the dotted path of the offending value, and unknown or missing properties are named
 * themselves rather than their parent object.
 */
export interface ValidationIssue {
  instancePath?: string;
  schemaPath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export function describeValidationIssues(issues: readonly ValidationIssue[], base: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const issue of issues) {
    const problem = describeIssue(issue, base);
    if (seen.has(problem.field)) continue; // One message per field: the first is the most specific.
    seen.add(problem.field);
    problems.push(problem);
  }
  return problems;
}

function describeIssue(issue: ValidationIssue, base: string): FieldProblem {
  const path = (issue.instancePath ?? '').split('/').filter((part) => part !== '');
  const params = issue.params ?? {};
  const named = params.additionalProperties ?? params.requiredProperties ?? params.missingProperty;
  if (Array.isArray(named) && typeof named[0] === 'string') path.push(named[0]);
  else if (typeof named === 'string') path.push(named);
  const isUnknownField = issue.keyword === 'additionalProperties' || (issue.keyword === 'boolean' && (issue.schemaPath ?? '').endsWith('/additionalProperties'));
  const message = isUnknownField ? 'is not a known field' : issue.keyword === 'required' ? 'is required' : (issue.message ?? 'is not valid');
  return { field: [base, ...path].join('.'), message };
}
