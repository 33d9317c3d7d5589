/**
 * Serves the web app (web/dist, built by `vite build`) beside the API: its files as they are, and
 * index.html for every other path that is not the API's, so that a page reloaded at
 * /licences/123 opens the app there (the app's router reads the path).
 *
 * The routes are registered whether or not the app is built, so that the server's route table is
 * the same in every checkout (the authorisation matrix test lists it). When web/dist is missing,
 * the server says so once in its log and these routes answer 503 with how to build it; the API
 * works as before.
 *
 * The files are listed once at start: web/dist does not change under a running server, a request
 * can only ever name a file in that list (no path is joined from user input), and no request
 * touches the disk to learn whether a file exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { packageRoot } from '../package-info.js';
import type { GatehouseServer } from './server.js';

/** Files in web/dist are at most a few directories deep; a deeper tree is not ours. */
const DEPTH_MAX = 8;
/** The app's files number in the tens; a cap keeps a mistaken root from being walked whole. */
const FILES_MAX = 5_000;

/**
 * Vite names every asset by its content hash, so a browser may keep one for a year; index.html
 * names the current assets and is revalidated on every visit.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The app loads only its own scripts and styles and talks only to its own origin. Styles allow
 * inline attributes because the chart library positions its tooltips with them.
 */
const CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

export interface WebAppOptions {
  /** The built app; web/dist under the package root by default. */
  root?: string;
}

export async function registerWebApp(app: GatehouseServer, options: WebAppOptions = {}): Promise<void> {
  const root = options.root ?? join(packageRoot(), 'web', 'dist');
  const isBuilt = existsSync(join(root, 'index.html'));
  const files = isBuilt ? listFiles(root) : new Set<string>();
  if (isBuilt) {
    // serve: false: only reply.sendFile (content types, ranges, ETags); the routes are ours.
    // preCompressed: the build writes .br and .gz beside each text file; a client that accepts
    // one gets it (and Vary: Accept-Encoding), others the file as it is.
    await app.register(fastifyStatic, { root, serve: false, cacheControl: false, etag: true, lastModified: true, preCompressed: true });
  } else {
    app.log.warn({ root }, 'the web app is not built (no index.html there): serving the API only; run `npm run build` to build it');
  }

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodedPath(request.url);
    if (path === '/api' || path.startsWith('/api/')) {
      // The API's unknown paths answer as the API does, not with the app's page.
      throw new DomainError('route_not_found', `no route ${request.method} ${path}`);
    }
    if (!isBuilt) throw new DomainError('service_unavailable', 'the web app is not built: run `npm run build` (or `npm start`), then restart the server');
    const file = path.slice(1);
    if (file !== '' && files.has(file)) {
      reply.header('cache-control', file.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
      return reply.sendFile(file);
    }
    // A path with an extension names a file; a missing one is a 404, not the app's page.
    const lastSegment = path.slice(path.lastIndexOf('/') + 1);
    if (lastSegment.includes('.')) throw new DomainError('route_not_found', `no file ${path}`);
    reply.header('cache-control', REVALIDATE);
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return reply.type('text/html; charset=utf-8').sendFile('index.html');
  };

  const routeOptions = { config: { isPublic: true }, schema: { hide: true } } as const;
  app.get('/', routeOptions, handler);
  app.get('/*', routeOptions, handler);
}

function decodedPath(url: string): string {
  const path = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Every file under root, as paths relative to it with forward slashes ("assets/index-abc.js"). */
function listFiles(root: string): Set<string> {
  const files = new Set<string>();
  const walk = (directory: string, depth: number) => {
    if (depth > DEPTH_MAX) return;
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (files.size >= FILES_MAX) return;
      const full = join(directory, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile()) files.add(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root, 0);
  return files;
}
