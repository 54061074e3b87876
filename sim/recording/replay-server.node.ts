/** The HTTP server behind `skyline replay`: static files only, GET and HEAD, nothing outside its folders. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { basename, extname, join, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { eventsPathFor } from './fleet-recorder.ts';
import type { ReplayServer, ReplayServerOptions } from './replay-server.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/jsonl; charset=utf-8',
  '.arrow': 'application/vnd.apache.arrow.file',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

export async function startStaticReplayServer(options: ReplayServerOptions): Promise<ReplayServer> {
  const viewerDir = resolve(options.viewerDir);
  if (!existsSync(join(viewerDir, 'index.html'))) {
    throw new Error(`no viewer in ${viewerDir} (index.html is missing); build it with npm run build:viewer`);
  }
  const files = new Map<string, string>(); // URL path → file, for the recording and its events
  let recordingUrlPath: string | null = null;
  if (options.recordingPath) {
    const recording = resolve(options.recordingPath);
    const stat = statSync(recording, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw new Error(`recording "${options.recordingPath}" does not exist or is not a file`);
    recordingUrlPath = `/recordings/${encodeURIComponent(basename(recording))}`;
    files.set(recordingUrlPath, recording);
    const events = eventsPathFor(recording);
    if (existsSync(events)) files.set(`/recordings/${encodeURIComponent(basename(events))}`, events);
  }

  for (const [urlPath, file] of Object.entries(options.extraFiles ?? {})) files.set(urlPath, resolve(file));
  const server = createServer((request, response) => serve(request, response, viewerDir, files));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} is in use; choose another with --port (0 picks a free one)`) : error);
    });
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    port,
    url: recordingUrlPath ? `${origin}/?recording=${encodeURIComponent(recordingUrlPath)}` : `${origin}/`,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

function serve(request: IncomingMessage, response: ServerResponse, viewerDir: string, files: Map<string, string>): void {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('only GET and HEAD are served\n');
    return;
  }
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  let file = files.get(path) ?? null;
  if (!file) {
    const relative = decodeURIComponent(path === '/' ? '/index.html' : path);
    const candidate = resolve(viewerDir, '.' + relative);
    if (candidate.startsWith(viewerDir + sep) && statSync(candidate, { throwIfNoEntry: false })?.isFile()) file = candidate;
  }
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
    return;
  }
  const stat = statSync(file);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': stat.size,
    // Hashed assets never change; the page and recordings may.
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
