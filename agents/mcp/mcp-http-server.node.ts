/**
 * `skyline mcp --http`: the MCP server over streamable HTTP at /mcp. Each MCP session (one
 * `initialize`) gets its own world, as each `skyline serve` connection does; sessions are bounded
 * in number and closed after IDLE_SESSION_MS without a request. Loopback by default; beyond
 * loopback only with a token (Authorization: Bearer, or ?token=). On loopback the Host header
 * must name loopback too, so a web page cannot reach the server by DNS rebinding.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { RealtimeClock } from '../server/realtime-clock.ts';
import { isLoopbackHost } from '../server/server-options.ts';
import { resolveMcpSettings, type McpWorldSettings } from './mcp-settings.ts';
import { McpWorld } from './mcp-world.ts';
import { createSkylineMcpServer, type SkylineMcpServer } from './skyline-mcp-server.ts';

export const MCP_PATH = '/mcp';
export const DEFAULT_MCP_MAX_SESSIONS = 16;
export const IDLE_SESSION_MS = 30 * 60 * 1000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const SESSION_HEADER = 'mcp-session-id';

export interface McpHttpServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Required beyond loopback. */
  token?: string;
  maxSessions?: number;
  settings?: Partial<McpWorldSettings>;
  log?: (line: string) => void;
}

export interface McpHttpServer {
  /** Where clients connect: http://host:port/mcp */
  readonly url: string;
  sessionCount(): number;
  close(): Promise<void>;
}

interface SessionEntry {
  mcp: SkylineMcpServer;
  transport: StreamableHTTPServerTransport;
  lastUsed: number;
  closed: boolean;
}

export async function startMcpHttpServer(options: McpHttpServerOptions): Promise<McpHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new Error(`host ${host} is beyond loopback, so a token is required: pass --token or set SKYLINE_TOKEN (or listen on 127.0.0.1)`);
  }
  const maxSessions = options.maxSessions ?? DEFAULT_MCP_MAX_SESSIONS;
  if (!Number.isInteger(maxSessions) || maxSessions < 1 || maxSessions > 10_000) throw new Error(`maxSessions: ${maxSessions} is not accepted; accepted: a whole number in 1..10000`);
  const settings = resolveMcpSettings(options.settings);
  const log = options.log ?? ((line: string) => process.stderr.write(`skyline mcp: ${line}\n`));
  const tokenDigest = token === undefined ? null : digest(token);
  const clock = settings.mode === 'realtime' ? new RealtimeClock(settings.realtimeRate) : null;
  const sessions = new Map<string, SessionEntry>();
  let opening = 0;

  const closeSession = async (id: string | undefined, entry: SessionEntry): Promise<void> => {
    if (entry.closed) return;
    entry.closed = true;
    if (id !== undefined && sessions.delete(id)) log(`session ${id.slice(0, 8)} closed (${sessions.size} of at most ${maxSessions} open)`);
    await entry.mcp.close().catch(() => undefined);
  };

  const openSession = async (request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> => {
    if (sessions.size + opening >= maxSessions) {
      return replyError(response, 503, -32012, `too many sessions: this server holds at most ${maxSessions} (skyline mcp --max-sessions); close one (HTTP DELETE) or retry later`);
    }
    opening++;
    let entry: SessionEntry;
    try {
      const world = await McpWorld.create(settings, clock);
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, entry);
          log(`session ${id.slice(0, 8)} opened (${sessions.size} of at most ${maxSessions} open)`);
        },
        onsessionclosed: (id) => { void closeSession(id, entry); },
        maxRequestBodySize: MAX_BODY_BYTES,
      });
      entry = { mcp: createSkylineMcpServer(world, log), transport, lastUsed: Date.now(), closed: false };
      transport.onclose = () => { void closeSession(transport.sessionId, entry); };
      await entry.mcp.server.connect(transport);
    } finally {
      opening--;
    }
    await entry.transport.handleRequest(request, response, body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== MCP_PATH) return replyError(response, 404, -32601, `not found: this is a Skyline MCP server; its endpoint is ${MCP_PATH} (streamable HTTP)`);
    if (isLoopbackHost(host) && !loopbackHostHeader(request.headers.host)) {
      return replyError(response, 403, -32600, 'forbidden: this server listens on loopback and answers only requests addressed to a loopback host');
    }
    if (tokenDigest && !presentsToken(request, url, tokenDigest)) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      return replyError(response, 401, -32001, 'unauthorized: a valid token is required: an "Authorization: Bearer <token>" header or ?token=<token> in the URL');
    }
    const sessionId = request.headers[SESSION_HEADER];
    const entry = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    let body: unknown;
    if (request.method === 'POST') {
      const read = await readJsonBody(request);
      if (!read.ok) return replyError(response, read.status, read.status === 413 ? -32011 : -32700, read.message);
      body = read.body;
    }
    if (entry) {
      entry.lastUsed = Date.now();
      return entry.transport.handleRequest(request, response, body);
    }
    if (sessionId !== undefined) return replyError(response, 404, -32001, 'session not found: it was closed or expired; initialize a new one');
    if (request.method === 'POST' && isInitializeRequest(body)) return openSession(request, response, body);
    return replyError(response, 400, -32600, `bad request: no ${SESSION_HEADER} header; a session starts with an initialize request (POST ${MCP_PATH})`);
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`internal error answering ${request.method} ${MCP_PATH}: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) replyError(response, 500, -32603, 'internal error');
      else response.destroy();
    });
  });
  const idleTimer = setInterval(() => {
    const now = Date.now();
    for (const [id, entry] of sessions) if (now - entry.lastUsed > IDLE_SESSION_MS) void closeSession(id, entry);
  }, 60_000);
  idleTimer.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port, host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${MCP_PATH}`,
    sessionCount: () => sessions.size,
    close: async () => {
      clearInterval(idleTimer);
      await Promise.all([...sessions].map(([id, entry]) => closeSession(id, entry)));
      clock?.stop();
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}

function replyError(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

async function readJsonBody(request: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false; status: number; message: string }> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) return { ok: false, status: 413, message: `message too large: more than ${MAX_BODY_BYTES} bytes; accepted: at most ${MAX_BODY_BYTES} bytes per request` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'parse error: the body is not JSON; accepted: a JSON-RPC 2.0 message or batch' };
  }
}

function loopbackHostHeader(header: string | undefined): boolean {
  if (!header) return false;
  const hostname = header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '');
  return isLoopbackHost(hostname);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token from `Authorization: Bearer` or `?token=`, compared in constant time. */
function presentsToken(request: IncomingMessage, url: URL, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
  return [bearer, url.searchParams.get('token')].some((candidate) => candidate !== null && timingSafeEqual(digest(candidate), expected));
}
