/**
 * The Skyline WebSocket server (docs/protocol.md): JSON-RPC 2.0 over `ws`, one session per
 * connection, a token checked at the HTTP upgrade, bounded message size, rate and session count,
 * an optional shared world stepped in real time, and the built viewer served on the same port.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { createFleetSession } from '../session/fleet-session.ts';
import { ConnectionSession, type ServerContext } from './connection-session.ts';
import { FairScheduler } from './fair-scheduler.ts';
import { errorMessage, RPC_ERRORS, RpcError } from './json-rpc.ts';
import { RealtimeClock } from './realtime-clock.ts';
import { answerFrame, binaryFrameAnswer, tooLargeAnswer } from './rpc-dispatch.ts';
import { HARD_PAYLOAD_FACTOR, resolveServerOptions, SERVER_VERSION, type SkylineServerOptions } from './server-options.ts';
import { SharedWorld } from './shared-world.ts';
import { WorldMemoryLedger } from './world-memory.ts';
import { reply, serveStaticFile } from './static-files.node.ts';

export interface SkylineServerStats {
  sessions: number;
  /** Frames dropped for slow subscribers, frames sent, and the most bytes one socket held after a frame. */
  stream: { dropped: number; sent: number; peakBufferedBytes: number };
  sharedWorld: { step: number; failures: number } | null;
  /** Unsent bytes (answers and notifications) now, the most one connection holds, and the most any ever held right after a send. */
  output: { bufferedBytes: number; maxConnectionBytes: number; peakConnectionBytes: number; refused: number };
  /** Estimated memory of all sessions' worlds, and its limit. */
  worldMemory: { usedBytes: number; limitBytes: number };
  /** Slices run by the fair scheduler, and those waiting now. */
  scheduler: { slices: number; waiting: number };
}

export interface SkylineServer {
  /** ws://host:port/ */
  readonly url: string;
  readonly port: number;
  stats(): SkylineServerStats;
  /** Closes every connection (code 1001), stops the clock and the listener. */
  close(): Promise<void>;
}

/** Messages of one connection read but not yet answered; beyond this it is not read until they are. */
const MAX_QUEUED_FRAMES = 256;
const FLOW_CHECK_MS = 20;
/** WebSocket close codes: 1008 policy (auth), 1009 too big, 1013 try again later. */
const CLOSE_TRY_AGAIN_LATER = 1013;
const CLOSE_GOING_AWAY = 1001;

export async function startSkylineServer(options: SkylineServerOptions = {}): Promise<SkylineServer> {
  const settings = resolveServerOptions(options);
  const sessionFactory = options.sessionFactory ?? (() => createFleetSession());
  const needsClock = settings.mode === 'realtime' || settings.sharedWorld !== undefined;
  const clock = needsClock ? new RealtimeClock(settings.realtimeRate) : null;
  const sharedWorld = settings.sharedWorld ? await SharedWorld.create(settings.sharedWorld, sessionFactory(), settings.realtimeRate) : null;
  const context: ServerContext = {
    mode: settings.mode,
    version: SERVER_VERSION,
    sessionFactory,
    sharedWorld,
    clock,
    maxBufferedBytes: settings.maxBufferedBytes,
    maxMessagesPerSecond: settings.maxMessagesPerSecond,
    messageBurst: settings.messageBurst,
    maxMessageBytes: settings.maxMessageBytes,
    maxSessions: settings.maxSessions,
    maxOutputBytes: settings.maxOutputBytes,
    maxVehicleStepsPerSecond: settings.maxVehicleStepsPerSecond,
    vehicleStepBurst: settings.vehicleStepBurst,
    maxSubscriptions: settings.maxSubscriptions,
    scheduler: new FairScheduler(),
    worldMemory: new WorldMemoryLedger(settings.maxWorldMemoryBytes),
    counters: { outputRefusals: 0 },
  };
  const output = { peakConnectionBytes: 0 };
  const sessions = new Map<WebSocket, ConnectionSession>();
  const tokenDigest = settings.token === undefined ? null : digest(settings.token);

  const httpServer = createServer((request, response) => void answerHttp(request, response));
  const webSocketServer = new WebSocketServer({ noServer: true, maxPayload: settings.maxMessageBytes * HARD_PAYLOAD_FACTOR, perMessageDeflate: false });

  async function answerHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (settings.staticDir) return await serveStaticFile(settings.staticDir, request, response);
      reply(response, 426, 'this is a Skyline agent server: connect over WebSocket and speak JSON-RPC 2.0 (docs/protocol.md)', { Upgrade: 'websocket' });
    } catch {
      if (!response.headersSent) reply(response, 500, 'internal error');
      else response.destroy();
    }
  }

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (tokenDigest && !presentsToken(request, tokenDigest)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n' +
        'a valid token is required: ?token=<token> in the URL or an "Authorization: Bearer <token>" header\n');
      return;
    }
    webSocketServer.handleUpgrade(request, socket, head, (webSocket) => accept(webSocket));
  });

  function accept(webSocket: WebSocket): void {
    webSocket.on('error', () => undefined); // oversized frames and resets: ws closes the socket itself
    if (sessions.size >= settings.maxSessions) {
      const error = new RpcError(RPC_ERRORS.tooManySessions, `too many sessions: this server accepts at most ${settings.maxSessions} at once; retry later`, { limit: settings.maxSessions });
      webSocket.send(errorMessage(null, error.toBody()));
      webSocket.close(CLOSE_TRY_AGAIN_LATER, 'too many sessions');
      return;
    }
    const session = new ConnectionSession(randomBytes(6).toString('hex'), webSocket, context);
    sessions.set(webSocket, session);
    let queue: Promise<void> = Promise.resolve();
    let queued = 0;
    let queuedBytes = 0;
    let flowTimer: ReturnType<typeof setTimeout> | null = null;
    // Reads only while the connection keeps up (few messages waiting, answers draining): a client
    // that sends without reading is slowed by TCP, never buffered without bound.
    const updateFlow = (): void => {
      if (webSocket.readyState !== webSocket.OPEN) return;
      const backedUp = queued >= MAX_QUEUED_FRAMES || queuedBytes > settings.maxOutputBytes || webSocket.bufferedAmount > settings.maxOutputBytes;
      if (backedUp && !webSocket.isPaused) webSocket.pause();
      else if (!backedUp && webSocket.isPaused) webSocket.resume();
      if (webSocket.isPaused && !flowTimer) {
        flowTimer = setTimeout(() => {
          flowTimer = null;
          updateFlow();
        }, FLOW_CHECK_MS);
      }
    };
    // Replies to the messages of one read leave in one write: corked until the loop's check phase.
    const socket = (webSocket as unknown as { _socket: Socket })._socket;
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    webSocket.on('message', (data: RawData, isBinary: boolean) => {
      // Binary and oversized messages are answered from their first bytes: the rest is not kept.
      const quick = immediateAnswer(session, data, isBinary);
      const text = quick === null ? rawText(data) : null;
      const bytes = text?.length ?? 0;
      queued++;
      queuedBytes += bytes;
      updateFlow();
      if (!corked) {
        corked = true;
        socket.cork();
        setImmediate(uncork);
      }
      // Answers leave in the order messages came, the quick ones (binary, oversized) included.
      queue = queue.then(async () => {
        const answer = quick ?? await answerFrame(session, text!, settings.log);
        if (answer !== null) {
          send(webSocket, answer);
          output.peakConnectionBytes = Math.max(output.peakConnectionBytes, webSocket.bufferedAmount);
        }
        session.runAfterReply();
      }).catch((error: unknown) => settings.log(`unexpected failure answering a message: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          queued--;
          queuedBytes -= bytes;
          updateFlow();
        });
    });
    webSocket.on('close', () => {
      if (flowTimer) clearTimeout(flowTimer);
      sessions.delete(webSocket);
      session.close();
    });
  }

  /** Answers that need no parsing: binary frames and messages over the size limit. */
  function immediateAnswer(session: ConnectionSession, data: RawData, isBinary: boolean): string | null {
    if (isBinary) return binaryFrameAnswer();
    const bytes = byteLength(data);
    if (bytes > settings.maxMessageBytes) {
      session.bucket.take();
      return tooLargeAnswer(headText(data), bytes, settings.maxMessageBytes);
    }
    return null;
  }

  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? `port ${settings.port} is in use; pick another with --port (0 picks a free one)` : error.message;
      reject(new Error(`could not listen on ${settings.host}:${settings.port}: ${why}`));
    };
    httpServer.once('error', refuse);
    httpServer.listen(settings.port, settings.host, () => {
      httpServer.off('error', refuse);
      resolve();
    });
  });
  httpServer.on('error', (error) => settings.log(`listener error: ${error.message}`));
  if (sharedWorld && clock) clock.add(sharedWorld);

  const port = (httpServer.address() as AddressInfo).port;
  const urlHost = settings.host === '::' ? '[::1]' : settings.host.includes(':') ? `[${settings.host}]` : settings.host === '0.0.0.0' ? '127.0.0.1' : settings.host;
  let closed: Promise<void> | null = null;
  return {
    url: `ws://${urlHost}:${port}/`,
    port,
    stats: () => {
      const stream = { dropped: 0, sent: 0, peakBufferedBytes: 0 };
      for (const session of sessions.values()) {
        const stats = session.streamStats();
        stream.dropped += stats.dropped;
        stream.sent += stats.sent;
        stream.peakBufferedBytes = Math.max(stream.peakBufferedBytes, stats.peakBufferedBytes);
      }
      const shared = sharedWorld ? { step: sharedWorld.step, failures: sharedWorld.failures } : null;
      let bufferedBytes = 0, maxConnectionBytes = 0;
      for (const webSocket of sessions.keys()) {
        bufferedBytes += webSocket.bufferedAmount;
        maxConnectionBytes = Math.max(maxConnectionBytes, webSocket.bufferedAmount);
      }
      output.peakConnectionBytes = Math.max(output.peakConnectionBytes, stream.peakBufferedBytes);
      return {
        sessions: sessions.size, stream, sharedWorld: shared,
        output: { bufferedBytes, maxConnectionBytes, peakConnectionBytes: output.peakConnectionBytes, refused: context.counters.outputRefusals },
        worldMemory: { usedBytes: context.worldMemory.usedBytes, limitBytes: context.worldMemory.limitBytes },
        scheduler: { slices: context.scheduler.slicesRun, waiting: context.scheduler.waiting },
      };
    },
    close: () => (closed ??= (async () => {
      clock?.stop();
      for (const webSocket of sessions.keys()) webSocket.close(CLOSE_GOING_AWAY, 'server closing');
      await new Promise<void>((resolve) => webSocketServer.close(() => resolve()));
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Sockets that do not finish the closing handshake promptly are cut.
      const cut = setTimeout(() => {
        for (const webSocket of sessions.keys()) webSocket.terminate();
        httpServer.closeAllConnections();
      }, 500);
      httpServer.closeIdleConnections();
      await stopped;
      clearTimeout(cut);
    })()),
  };
}

function send(webSocket: WebSocket, text: string): void {
  if (webSocket.readyState === webSocket.OPEN) webSocket.send(text);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** The token from `?token=` or `Authorization: Bearer`, compared in constant time. */
function presentsToken(request: IncomingMessage, expected: Buffer): boolean {
  const header = request.headers.authorization;
  const bearer = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '').trim() : null;
  let query: string | null = null;
  try {
    query = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  } catch {
    query = null;
  }
  return [bearer, query].some((candidate) => candidate !== null && timingSafeEqual(digest(candidate), expected));
}

function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** The first bytes of a message as text (enough to find its id), without decoding the rest. */
function headText(data: RawData): string {
  const first = Array.isArray(data) ? data[0] : data instanceof ArrayBuffer ? Buffer.from(data) : data;
  return first.subarray(0, 256).toString('utf8');
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return data instanceof ArrayBuffer ? Buffer.from(data).toString('utf8') : data.toString('utf8');
}
