/**
 * Canonical JSON, the text that allocation hashes are taken over, following RFC 8785 (JSON
 * Canonicalization Scheme) for the values an allocation holds: object keys sorted by UTF-16 code
 * units, no whitespace, strings escaped as JSON.stringify escapes them, numbers as safe integers
 * in plain digits. Two documents that differ only in key order or spacing have the same text.
 * Pure.
 */
import { assert } from '../platform/assert.js';

/**
 * The canonical text. Fast path: JSON.stringify with a property list writes every object's keys
 * in the list's order, so passing the sorted set of every key in the document sorts them all,
 * natively (a million grants in a fraction of a second, against several seconds token by token).
 * The walk that gathers the keys also checks that every number is a safe integer. The one key
 * that cannot be in such a list is "__proto__" (every object would appear to have it), so a
 * document holding it (a category could be named so) takes the token-by-token writer below.
 */
export function canonicalJson(value: unknown): string {
  const keys = new Set<string>();
  collectKeys(value, keys);
  if (keys.has('__proto__')) {
    const chunks: string[] = [];
    writeCanonicalJson(value, (chunk) => chunks.push(chunk));
    return chunks.join('');
  }
  return JSON.stringify(value, [...keys].sort());
}

function collectKeys(value: unknown, keys: Set<string>): void {
  if (typeof value === 'number') {
    // The message is built only on failure (this runs once per number of a million applications).
    if (!Number.isSafeInteger(value)) assert(false, `canonical JSON holds safe integers only, not ${value}`);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) collectKeys(value[index], keys);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) {
      keys.add(key);
      collectKeys(record[key], keys);
    }
  } else if (value !== null && typeof value !== 'string' && typeof value !== 'boolean' && value !== undefined) {
    assert(false, `canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * The same text written token by token, straight from the rules: the reference the fast path is
 * tested against, and the writer for documents with a "__proto__" key.
 */
export function writeCanonicalJson(value: unknown, write: (chunk: string) => void): void {
  if (value === null || typeof value === 'boolean') {
    write(String(value));
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) assert(false, `canonical JSON holds safe integers only, not ${value}`);
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
