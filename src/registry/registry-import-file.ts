/**
 * Reading a registry import file into rows that remember their line, so that every error names the
 * line a person must fix. Pure: text in, rows out. JSON holds every kind of record; a CSV file
 * holds one kind, with a header row of field names.
 *
 * JSON:  {"items":[…], "organisations":[…], "facilities":[…], "fleetDeclarations":[…]}
 * CSV:   name,vendor,classificationCode,origin,tpp,memoryGb,memoryBandwidthGbPerSecond
 *
 * Records refer to each other by name, since their ids do not exist yet: an organisation names its
 * `parentLegalName`, a facility and a fleet declaration their `organisationLegalName`, a holding
 * its `itemName`.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';

export const IMPORT_KINDS = ['items', 'organisations', 'facilities', 'fleetDeclarations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportRow {
  kind: ImportKind;
  /** 1-based line of the file where the record starts. */
  line: number;
  value: unknown;
}

export interface ImportFileProblem {
  line: number;
  field: string;
  message: string;
}

export const IMPORT_ROWS_MAX = 100_000;

export function readImportFile(fileName: string, text: string, kind?: ImportKind): { rows: ImportRow[]; problems: ImportFileProblem[] } {
  const isJson = fileName.toLowerCase().endsWith('.json') || /^\s*[{[]/.test(text);
  return isJson ? readJson(text) : readCsv(fileName, text, kind);
}

function readJson(text: string): { rows: ImportRow[]; problems: ImportFileProblem[] } {
  // YAML accepts more than JSON does ({"a": } is a null there), so JSON's own parser judges syntax.
  const syntaxProblem = jsonSyntaxProblem(text);
  if (syntaxProblem !== null) return { rows: [], problems: [syntaxProblem] };
  const lineCounter = new LineCounter();
  // JSON is a subset of YAML 1.2; the YAML parser gives each node its position in the text.
  const document = parseDocument(text, { lineCounter, strict: true, uniqueKeys: true, prettyErrors: false });
  const syntax = document.errors[0];
  if (syntax !== undefined) {
    return { rows: [], problems: [{ line: lineCounter.linePos(syntax.pos[0]).line, field: '(file)', message: `not valid JSON: ${syntax.message.split('\n')[0] ?? ''}` }] };
  }
  const root = document.contents;
  if (!isMap(root)) return { rows: [], problems: [{ line: 1, field: '(file)', message: 'must be a JSON object with arrays named ' + IMPORT_KINDS.join(', ') }] };
  const rows: ImportRow[] = [];
  const problems: ImportFileProblem[] = [];
  for (const pair of root.items) {
    const keyNode = pair.key as { value?: unknown } | string | null;
    const key = typeof keyNode === 'string' ? keyNode : String(keyNode?.value);
    const keyLine = lineOf(lineCounter, pair.key);
    if (!(IMPORT_KINDS as readonly string[]).includes(key)) {
      problems.push({ line: keyLine, field: key, message: `is not a known section; use ${IMPORT_KINDS.join(', ')}` });
      continue;
    }
    if (!isSeq(pair.value)) {
      problems.push({ line: keyLine, field: key, message: 'must be an array of records' });
      continue;
    }
    for (const node of pair.value.items) {
      rows.push({ kind: key as ImportKind, line: lineOf(lineCounter, node), value: (node as { toJSON(): unknown }).toJSON() });
    }
  }
  return { rows, problems };
}

function jsonSyntaxProblem(text: string): ImportFileProblem | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const message = (error as Error).message;
    return { line: jsonErrorLine(text, message), field: '(file)', message: `not valid JSON: ${message.split('\n')[0] ?? message}` };
  }
}

/**
 * V8 names the error by position ("at position 20") or quotes the text around it; either way the
 * line is found from there, and line 1 when neither is given.
 */
export function jsonErrorLine(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return lineAt(text, Number(position[1]));
  const quoted = /"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  const token = /^Unexpected token '(.)'/.exec(message);
  if (quoted !== null) {
    const snippet = quoted[1]!;
    const start = text.indexOf(snippet);
    if (start >= 0) {
      const within = token === null ? 0 : Math.max(0, snippet.indexOf(token[1]!));
      return lineAt(text, start + within);
    }
  }
  return 1;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) if (text.charCodeAt(index) === 10) line += 1;
  return line;
}

function lineOf(lineCounter: LineCounter, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range === undefined ? 1 : lineCounter.linePos(range[0]).line;
}

/** Columns whose cells are lists, separated by a vertical bar: `ByteDance|字节跳动`. */
const LIST_COLUMNS = new Set(['aliases']);
const NUMBER_PATTERN = /^-?\d+(\.\d+)?$/;
/** Columns that stay text even when they look like numbers. */
const TEXT_COLUMNS = new Set(['name', 'legalName', 'chineseName', 'pinyinName', 'classificationCode', 'family', 'vendor', 'region', 'organisationLegalName', 'parentLegalName']);

function readCsv(fileName: string, text: string, kind: ImportKind | undefined): { rows: ImportRow[]; problems: ImportFileProblem[] } {
  const resolvedKind = kind ?? IMPORT_KINDS.find((candidate) => fileName.toLowerCase().includes(candidate.toLowerCase()));
  if (resolvedKind === undefined) {
    return { rows: [], problems: [{ line: 1, field: '(file)', message: `cannot tell what the CSV holds; name it after one of ${IMPORT_KINDS.join(', ')} or pass --kind` }] };
  }
  if (resolvedKind === 'fleetDeclarations') {
    return { rows: [], problems: [{ line: 1, field: '(file)', message: 'fleet declarations have nested holdings; import them as JSON' }] };
  }
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv<{ record: Record<string, string>; info: { lines: number } }>(text, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, field: '(file)', message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const rows = records.map(({ record, info }) => ({ kind: resolvedKind, line: info.lines, value: csvRecordToValue(record) }));
  return { rows, problems: [] };
}

function csvRecordToValue(record: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [column, cell] of Object.entries(record)) {
    if (cell === '') continue; // An empty cell means the field is absent.
    if (LIST_COLUMNS.has(column)) value[column] = cell.split('|').map((part) => part.trim()).filter((part) => part !== '');
    else if (!TEXT_COLUMNS.has(column) && NUMBER_PATTERN.test(cell)) value[column] = Number(cell);
    else value[column] = cell;
  }
  return value;
}
