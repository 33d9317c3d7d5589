/**
 * Canonical JSON, the text that allocation hashes are taken over, following RFC 8785 (JSON
 * Canonicalization Scheme) for the values an allocation holds: object keys sorted by UTF-16 code
 * units, no whitespace, strings escaped as JSON.stringify escapes them, numbers as safe integers
 * in plain digits. Two documents that differ only in key order or spacing have the same text.
 * Pure. Written through a sink so that a hash can consume a million applications without one
 * giant string.
 */
import { assert } from '../platform/assert.js';

export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): void {
  if (value === null || typeof value === 'boolean') {
    write(String(value));
  } else if (typeof value === 'number') {
    // Allocation figures are integers; a fraction here would have no single canonical spelling.
    assert(Number.isSafeInteger(value), `canonical JSON holds safe integers only, not ${value}`);
    write(Object.is(value, -0) ? '0' : String(value));
  } else if (typeof value === 'string') {
    write(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    write('[');
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) write(',');
      writeCanonicalJson(value[index], write);
    }
    write(']');
  } else if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // Default sort compares UTF-16 code units, as RFC 8785 requires.
    const keys = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort();
    write('{');
    keys.forEach((key, index) => {
      if (index > 0) write(',');
      write(JSON.stringify(key));
      write(':');
      writeCanonicalJson(record[key], write);
    });
    write('}');
  } else {
    assert(false, `canonical JSON cannot hold a ${typeof value}`);
  }
}

export function canonicalJson(value: unknown): string {
  const chunks: string[] = [];
  writeCanonicalJson(value, (chunk) => chunks.push(chunk));
  return chunks.join('');
}
