/**
 * Test helpers: a real server on 127.0.0.1 (port 0) and a raw `ws` socket that reads replies in
 * order, for sending what the TypeScript client never would (malformed JSON, binary frames).
 */
import WebSocket from 'ws';
import { startSkylineServer, type SkylineServer, type SkylineServerOptions } from '../../../agents/index.node.ts';

export interface TestServer {
  server: SkylineServer;
  /** Lines the server logged (internal errors). */
  logged: string[];
}

export async function startTestServer(options: Partial<SkylineServerOptions> = {}): Promise<TestServer> {
  const logged: string[] = [];
  const server = await startSkylineServer({ port: 0, host: '127.0.0.1', log: (line) => logged.push(line), ...options });
  return { server, logged };
}

export interface RawMessage {
  jsonrpc?: string;
  id?: number | string | null;
  result?: any;
  error?: { code: number; message: string; data?: any };
  method?: string;
  params?: any;
}

export interface RawSocket {
  socket: WebSocket;
  send(data: string | Buffer, binary?: boolean): void;
  /** The next message the server sent (in arrival order). */
  next(): Promise<RawMessage>;
  /** Sends a request and waits for the reply with its id, setting notifications aside. */
  call(method: string, params?: unknown, id?: number): Promise<RawMessage>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function openRawSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<RawSocket> {
  const socket = new WebSocket(url, options);
  const inbox: RawMessage[] = [];
  const waiters: ((message: RawMessage) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as RawMessage;
    const waiter = waiters.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const next = (): Promise<RawMessage> => {
    const message = inbox.shift();
    return message ? Promise.resolve(message) : new Promise((resolve) => waiters.push(resolve));
  };
  let nextId = 1_000_000;
  return {
    socket,
    send: (data, binary = false) => socket.send(data, { binary }),
    next,
    async call(method, params = {}, id = nextId++) {
      socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      for (;;) {
        const message = await next();
        if (message.id === id) return message;
      }
    },
    closed,
    close: () => socket.close(),
  };
}

/** Resolves once `predicate` holds, checking every 20 ms (a wait for an event, not a timing assertion). */
export async function waitUntil(predicate: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
