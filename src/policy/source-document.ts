/**
 * Reading a YAML or JSON document (JSON is YAML 1.2, so one parser serves both) and checking it
 * against a TypeBox schema, with every issue pinned to a line and a field so that whoever wrote
 * the document can find it: `FILE:LINE: field: reason`. Pure: text in, values and issues out.
 */
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';

export interface DocumentIssue {
  /** 1-based line of the offending field (or of the nearest enclosing one that exists). */
  line: number;
  column: number;
  /** Dotted path with list indexes, e.g. `holds[1].until`; `(document)` for the whole. */
  field: string;
  reason: string;
}

export type PathSegment = string | number;

export interface SourceDocument {
  /** The plain value (objects, arrays, strings, numbers, booleans, null). */
  readonly value: unknown;
  /** Where a field is; `key` points at the field's name, `value` at what follows it. */
  locate(path: readonly PathSegment[], part: 'key' | 'value'): { line: number; column: number };
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; issues: DocumentIssue[] };

/** Documents larger than this are refused before parsing: a policy is a few kilobytes. */
export const DOCUMENT_CHARACTERS_MAX = 4_000_000;

/**
 * A custom schema keyword: the reason to give when a value fails the keyword checks of that
 * schema (pattern, minimum, maximum, …), in words a policy author understands.
 */
export const REASON_KEYWORD = 'reason';

export function readSourceDocument(text: string): ReadResult<SourceDocument> {
  if (text.length > DOCUMENT_CHARACTERS_MAX) {
    return { ok: false, issues: [{ line: 1, column: 1, field: '(document)', reason: `larger than ${DOCUMENT_CHARACTERS_MAX} characters` }] };
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are an error, not "last one wins": a policy author who writes a quota twice
  // must be told, not have one silently ignored.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      issues: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return { line: position.line, column: position.col, field: '(document)', reason: firstLine(error.message) };
      }),
    };
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, issues: [{ line: 1, column: 1, field: '(document)', reason: error instanceof Error ? firstLine(error.message) : 'cannot be read' }] };
  }
  if (value === null || value === undefined) {
    return { ok: false, issues: [{ line: 1, column: 1, field: '(document)', reason: 'the document is empty' }] };
  }
  return { ok: true, value: { value, locate: (path, part) => locate(document, lineCounter, path, part) } };
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

function locate(document: Document, lineCounter: LineCounter, path: readonly PathSegment[], part: 'key' | 'value'): { line: number; column: number } {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (let index = 0; index < path.length; index += 1) {
    const segment = path[index];
    let pair: Pair | undefined;
    let next: unknown;
    if (isMap(node)) {
      pair = node.items.find((candidate) => isPair(candidate) && isScalar(candidate.key) && String(candidate.key.value) === String(segment));
      next = pair?.value;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    if (pair === undefined && next === undefined) break;
    const isLast = index === path.length - 1;
    // A field written with no value (`until:`) has no value node: point at its name instead.
    const keyOffset = pair === undefined ? undefined : rangeStart(pair.key);
    const valueOffset = rangeStart(next);
    offset = (isLast && part === 'key' ? keyOffset : valueOffset ?? keyOffset) ?? offset;
    node = next;
  }
  const position = lineCounter.linePos(offset);
  return { line: position.line, column: position.col };
}

function rangeStart(node: unknown): number | undefined {
  if (node === null || typeof node !== 'object' || !('range' in node)) return undefined;
  const range = (node as Node).range;
  return range?.[0];
}

/** `holds[1].until` from ['holds', 1, 'until']. */
export function fieldName(path: readonly PathSegment[]): string {
  let name = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name === '' ? '(document)' : name;
}

export function issueAt(document: SourceDocument, path: readonly PathSegment[], reason: string, part: 'key' | 'value' = 'value'): DocumentIssue {
  const { line, column } = document.locate(path, part);
  return { line, column, field: fieldName(path), reason };
}

export function sortIssues(issues: readonly DocumentIssue[]): DocumentIssue[] {
  return [...issues].sort((a, b) => a.line - b.line || a.column - b.column || a.field.localeCompare(b.field));
}

/** `FILE:LINE: field: reason`, one line per issue, in document order. */
export function formatIssues(fileName: string, issues: readonly DocumentIssue[]): string[] {
  return sortIssues(issues).map((issue) => `${fileName}:${issue.line}: ${issue.field}: ${issue.reason}`);
}

/**
 * Optional fields may be written as `null` (canonical JSON writes every absent section as null).
 * The schema knows them as optional, so nulls inside objects are dropped before checking; a
 * required field that was null is then reported as "must not be null" rather than "missing".
 */
export function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null) result[key] = withoutNullFields(field);
  }
  return result;
}

/**
 * The shape's issues and the cross-field rules' issues together, so that one run reports every
 * problem. The rules were written for a document of the right shape; on one that is not, they
 * run on what they can read: a rule that trips over a malformed value is skipped (its field is
 * reported already), and its issues on fields the shape check already reported are dropped.
 */
export function withRuleIssues(shapeIssues: readonly DocumentIssue[], ruleIssues: () => DocumentIssue[]): DocumentIssue[] {
  if (shapeIssues.length === 0) return sortIssues(ruleIssues());
  let extra: DocumentIssue[];
  try {
    extra = ruleIssues();
  } catch {
    extra = [];
  }
  const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
  const kept = extra.filter((issue) => !shapeIssues.some((shape) => overlaps(issue.field, shape.field)));
  return sortIssues([...shapeIssues, ...kept]);
}

interface SchemaError {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
}

/** Checks the document's shape against the schema; an empty list means it fits. */
export function schemaIssues(document: SourceDocument, schema: TSchema): DocumentIssue[] {
  const value = withoutNullFields(document.value);
  const errors = Value.Errors(schema, value) as unknown as SchemaError[];
  const issues: DocumentIssue[] = [];
  const reported = new Set<string>();
  for (const error of errors) {
    const path = pointerSegments(error.instancePath);
    if (error.keyword === 'required') {
      for (const name of stringList(error.params['requiredProperties'])) {
        const fieldPath = [...path, name];
        const wasNull = isNullField(valueAt(document.value, path), name);
        // A missing field has no line of its own: point at the mapping that should hold it.
        const where = document.locate(wasNull ? fieldPath : path, 'key');
        issues.push({ ...where, field: fieldName(fieldPath), reason: wasNull ? 'must not be null' : 'required field is missing' });
      }
      continue;
    }
    if (error.keyword === 'additionalProperties') {
      const hint = schemaAt(schema, error.schemaPath)?.[REASON_KEYWORD + 'Unknown'];
      for (const name of stringList(error.params['additionalProperties'])) {
        issues.push(issueAt(document, [...path, name], typeof hint === 'string' ? hint : 'unknown field', 'key'));
      }
      continue;
    }
    // "schema is false" repeats what additionalProperties already said about an unknown field.
    if (error.keyword === 'boolean') continue;
    // One reason per field: the first is the most basic (a wrong type before a wrong range).
    if (reported.has(error.instancePath)) continue;
    reported.add(error.instancePath);
    issues.push(issueAt(document, path, reasonFor(error, schemaAt(schema, error.schemaPath))));
  }
  return sortIssues(issues);
}

function reasonFor(error: SchemaError, schema: Record<string, unknown> | undefined): string {
  if (error.keyword === 'type') {
    const expected = String(error.params['type']);
    const words: Record<string, string> = {
      integer: 'must be a whole number',
      number: 'must be a number',
      string: 'must be text',
      boolean: 'must be true or false',
      array: 'must be a list',
      object: 'must be a mapping of fields',
      null: 'must be null',
    };
    return words[expected] ?? `must be of type ${expected}`;
  }
  const hint = schema?.[REASON_KEYWORD];
  if (typeof hint === 'string') return hint;
  switch (error.keyword) {
    case 'enum':
      return `must be one of: ${stringList(error.params['allowedValues']).join(', ')}`;
    case 'minimum':
      return error.params['limit'] === 0 ? 'must not be negative' : `must be at least ${String(error.params['limit'])}`;
    case 'maximum':
      return `must be at most ${String(error.params['limit'])}`;
    case 'minLength':
      return 'must not be empty';
    case 'maxLength':
      return `must be at most ${String(error.params['limit'])} characters`;
    case 'maxItems':
      return `must have at most ${String(error.params['limit'])} entries`;
    case 'pattern':
      return 'has the wrong format';
    default:
      return error.message;
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(value: unknown, path: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[String(segment)];
  }
  return current;
}

function isNullField(container: unknown, name: string): boolean {
  return container !== null && typeof container === 'object' && name in container && (container as Record<string, unknown>)[name] === null;
}

/** The sub-schema a `#/properties/a/items/…` schema path names, to read its `reason` hint. */
function schemaAt(schema: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let current: unknown = schema;
  for (const segment of pointerSegments(schemaPath.replace(/^#/, ''))) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : undefined;
}
