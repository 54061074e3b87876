/**
 * Answers one incoming text frame for a connection: size and rate checks, parsing, the method's
 * params, the handler, and every failure as a JSON-RPC error. It never throws, so no message,
 * however malformed, can take the server down; each request with an id gets exactly one answer.
 */
import { closestWords } from '../vocabulary/closest-words.ts';
import type { ConnectionSession } from './connection-session.ts';
import { errorMessage, parseFrame, resultMessage, RPC_ERRORS, RpcError, type RpcErrorBody, type RpcId, type RpcRequest } from './json-rpc.ts';
import { METHOD_HANDLERS, toRpcError } from './method-handlers.ts';
import { METHOD_NAMES, parseParams, type MethodName } from './rpc-params.ts';

export type ServerLog = (line: string) => void;

/** The reply to send (a JSON text), or null when nothing is owed (notifications only). */
export async function answerFrame(session: ConnectionSession, text: string, log: ServerLog): Promise<string | null> {
  const frame = parseFrame(text);
  if (!session.bucket.take(frame.elements.length)) {
    const error = new RpcError(RPC_ERRORS.rateLimited, `rate limited: more than ${session.context.maxMessagesPerSecond} messages/s (burst ${session.context.messageBurst}) on this session; slow down and retry`, {
      limit_per_s: session.context.maxMessagesPerSecond, burst: session.context.messageBurst,
    }).toBody();
    const answers = frame.elements.map((element) => errorMessage(element.kind === 'request' ? element.request.id : element.id, error));
    return frame.batch ? `[${answers.join(',')}]` : answers[0];
  }
  const answers: string[] = [];
  // Answers of this frame not yet handed to the socket count toward the output bound too.
  let pendingBytes = 0;
  for (const element of frame.elements) {
    if (element.kind === 'error') {
      answers.push(errorMessage(element.id, element.error.toBody()));
      continue;
    }
    const backlog = session.bufferedBytes + pendingBytes;
    let answer: string;
    if (backlog > session.context.maxOutputBytes) {
      session.context.counters.outputRefusals++;
      answer = backlogAnswer(element.request.id, backlog, session.context.maxOutputBytes);
    } else {
      answer = await answerRequest(session, element.request, log);
    }
    if (element.request.answered) {
      answers.push(answer);
      pendingBytes += answer.length;
    }
  }
  if (answers.length === 0) return null;
  return frame.batch ? `[${answers.join(',')}]` : answers[0];
}

/** The refusal of a request while the connection's unread output is over maxOutputBytes. */
function backlogAnswer(id: RpcId, backlog: number, limit: number): string {
  return errorMessage(id, new RpcError(RPC_ERRORS.outputBacklog, `output backlog: ${backlog} bytes of answers and notifications are waiting to be read on this connection, more than maxOutputBytes (${limit}); read them, then retry`, {
    limit: 'maxOutputBytes', limit_bytes: limit, buffered_bytes: backlog,
  }).toBody());
}

/** One request as one slice of the fair scheduler (env.step cuts itself into more). */
async function answerRequest(session: ConnectionSession, request: RpcRequest, log: ServerLog): Promise<string> {
  try {
    // A synchronous result is serialized inside its slice (a world's spec takes tens of ms).
    return await session.context.scheduler.run(() => {
      const method = knownMethod(request.method);
      const params = parseParams(method, request.params);
      const handler = METHOD_HANDLERS[method] as (session: ConnectionSession, params: unknown) => unknown;
      const result = handler(session, params);
      return result instanceof Promise ? result.then((value) => resultMessage(request.id, value ?? null)) : resultMessage(request.id, result ?? null);
    });
  } catch (error) {
    const rpcError = toRpcError(error);
    if (rpcError.code === RPC_ERRORS.internal) log(`internal error in ${request.method.slice(0, 40)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return errorMessage(request.id, rpcError.toBody() as RpcErrorBody);
  }
}

function knownMethod(method: string): MethodName {
  if ((METHOD_NAMES as string[]).includes(method)) return method as MethodName;
  const closest = closestWords(method.slice(0, 64), METHOD_NAMES);
  throw new RpcError(RPC_ERRORS.methodNotFound, `method not found: ${JSON.stringify(method.slice(0, 64))}; closest: ${closest.join(', ')}; known: ${METHOD_NAMES.join(', ')}`, {
    method: method.slice(0, 64), known: METHOD_NAMES, closest,
  });
}

/** The answer to a message over maxMessageBytes (never parsed); `head` is its first bytes. */
export function tooLargeAnswer(head: string, bytes: number, limit: number): string {
  return errorMessage(idFromHead(head), new RpcError(RPC_ERRORS.tooLarge, `message too large: ${bytes} bytes; accepted: at most ${limit} bytes per message`, { limit_bytes: limit, bytes }).toBody());
}

/** The answer to a binary frame: the protocol is JSON text only. */
export function binaryFrameAnswer(): string {
  return errorMessage(null, new RpcError(RPC_ERRORS.invalidRequest, 'invalid request: a binary frame; accepted: JSON-RPC 2.0 as text frames (UTF-8)', { expected: 'a text frame' }).toBody());
}

/** The id of an oversized request, read from its first bytes so the caller can match the error. */
function idFromHead(text: string): RpcId {
  const match = /"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,64}")/.exec(text.slice(0, 256));
  if (!match) return null;
  return match[1].startsWith('"') ? match[1].slice(1, -1) : Number(match[1]);
}
