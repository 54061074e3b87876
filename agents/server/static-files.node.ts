/**
 * Serves a folder over HTTP (the built viewer) beside the WebSocket: GET / → index.html, files
 * with their content types, 404 for what is not there, 403 for any path that tries to leave it.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.arrow': 'application/vnd.apache.arrow.file',
};

export async function serveStaticFile(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return reply(response, 405, 'method not allowed: GET or HEAD only', { Allow: 'GET, HEAD' });
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  } catch {
    return reply(response, 400, 'bad request: the path is not valid percent-encoding');
  }
  // The URL parser resolves dot segments, so check the raw path as well: a traversal is refused, not rewritten.
  const raw = safeDecode(request.url ?? '/');
  if (pathname.includes('\0') || raw.split(/[/\\]/).includes('..') || pathname.split(/[/\\]/).includes('..')) return reply(response, 403, 'forbidden: the path leaves the served folder');
  const realRoot = await realpath(root);
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(realRoot, relative);
  try {
    const real = await realpath(file);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return reply(response, 403, 'forbidden: the path leaves the served folder');
    const info = await stat(real);
    if (!info.isFile()) return reply(response, 404, `not found: ${pathname}`);
    response.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(real).on('error', () => response.destroy()).pipe(response);
  } catch {
    reply(response, 404, `not found: ${pathname}`);
  }
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url.split('?')[0]);
  } catch {
    return url;
  }
}

export function reply(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  response.end(`${text}\n`);
}
