/**
 * Programmer errors are assertions: they mean the code is wrong, not the input. They crash the
 * request with a 500 that never leaks internals (see platform/http). Expected failures are values
 * with a stable code instead (see platform/errors.ts).
 */
export class AssertionFailure extends Error {
  override name = 'AssertionFailure';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailure(message);
}

export function assertNever(value: never, what: string): never {
  throw new AssertionFailure(`unexpected ${what}: ${JSON.stringify(value)}`);
}
