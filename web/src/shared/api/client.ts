/**
 * The one way the web app talks to the API: same origin, the session cookie sent by the browser,
 * the CSRF token on every request that changes something, an Idempotency-Key on every POST (a
 * retried click is not done twice), and RFC 9457 problems turned into ApiError with the server's
 * `detail`, which the pages show as they are.
 */

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  field?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly field: string | undefined;

  constructor(problem: Problem) {
    const detail = problem.detail ?? problem.title ?? `HTTP ${problem.status}`;
    super(detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? 'unknown';
    this.detail = detail;
    this.field = problem.field;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A list page as every list route returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

type Query = Record<string, string | number | undefined>;

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<() => void>();

/** Set by the session after sign-in or reload; sent as X-CSRF-Token on changes. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a signed-in page (the session ended or expired). */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function url(path: string, query?: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return `/api/v1${path}${text === '' ? '' : `?${text}`}`;
}

function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown; ifMatch?: number; quietOn401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== null) headers['x-csrf-token'] = csrfToken;
  if (method === 'POST' && path !== '/session') headers['idempotency-key'] = newIdempotencyKey();
  if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
  let response: Response;
  try {
    response = await fetch(url(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    throw new ApiError({ status: 0, code: 'network_error', detail: error instanceof Error ? error.message : String(error) });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === '' ? null : JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const problem = (parsed ?? {}) as Partial<Problem>;
    const error = new ApiError({ ...problem, status: response.status, detail: problem.detail ?? (text.slice(0, 200) || response.statusText) });
    if (response.status === 401 && options.quietOn401 !== true) for (const listener of unauthenticatedListeners) listener();
    throw error;
  }
  return parsed as T;
}

export const api = {
  get<T>(path: string, query?: Query, options: { quietOn401?: boolean } = {}): Promise<T> {
    return request<T>('GET', path, { ...(query === undefined ? {} : { query }), ...options });
  },
  post<T>(path: string, body: unknown = {}, ifMatch?: number): Promise<T> {
    return request<T>('POST', path, { body, ...(ifMatch === undefined ? {} : { ifMatch }) });
  },
  patch<T>(path: string, body: unknown, ifMatch: number): Promise<T> {
    return request<T>('PATCH', path, { body, ifMatch });
  },
  delete(path: string): Promise<void> {
    return request<void>('DELETE', path, { quietOn401: true });
  },
  signIn<T>(login: string, password: string): Promise<T> {
    return request<T>('POST', '/session', { body: { login, password }, quietOn401: true });
  },
};

/**
 * Every page of a list, up to `pagesMax` pages of 200 (a limit on every loop). Returns the items and
 * whether the list was cut short, so that a page can say "the first N" instead of pretending to all.
 */
export async function listAll<T>(path: string, query: Query = {}, pagesMax = 25): Promise<{ items: T[]; isComplete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < pagesMax; page += 1) {
    const result = await api.get<Page<T>>(path, { ...query, limit: 200, cursor });
    items.push(...result.items);
    if (result.nextCursor === null) return { items, isComplete: true };
    cursor = result.nextCursor;
  }
  return { items, isComplete: false };
}
