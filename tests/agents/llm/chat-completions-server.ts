/**
 * A real HTTP server on 127.0.0.1 that speaks the chat-completions protocol with scripted
 * replies: tool calls, text, malformed bodies, HTTP errors, and replies slower than a client's
 * time limit. It records every request so tests can read what the client sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedToolCall {
  name: string;
  /** An object is sent as JSON; a string is sent as is (to script malformed arguments). */
  arguments: Record<string, unknown> | string;
}

export type ScriptedReply =
  | { toolCalls: ScriptedToolCall[]; content?: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { content: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { status: number; body: string }
  | { delayMs: number; then: ScriptedReply };

export interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string; parameters: Record<string, unknown> } }[];
    temperature?: number;
    seed?: number;
  };
}

export interface ChatCompletionsServer {
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies are used in order; when they run out, `fallback` answers (default: a text reply). */
  script(replies: ScriptedReply[], fallback?: ScriptedReply): void;
  close(): Promise<void>;
}

const DEFAULT_USAGE = { prompt_tokens: 100, completion_tokens: 20 };

function completionBody(reply: ScriptedReply, model: string, index: number): string {
  const usage = 'usage' in reply && reply.usage ? reply.usage : DEFAULT_USAGE;
  const toolCalls = 'toolCalls' in reply
    ? reply.toolCalls.map((call, i) => ({
      id: `call_${index}_${i}`,
      type: 'function',
      function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
    }))
    : undefined;
  return JSON.stringify({
    id: `chatcmpl-${index}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{
      index: 0,
      finish_reason: toolCalls ? 'tool_calls' : 'stop',
      message: { role: 'assistant', content: 'content' in reply ? (reply.content ?? null) : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
    }],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

export interface ChatCompletionsServerOptions {
  /** Served at GET /models; without it that route answers 404, as some servers' do. */
  models?: string[];
  /** Answers each request from what it asks (a scripted policy); the queue is used only when it returns undefined. */
  respond?: (body: RecordedRequest['body']) => ScriptedReply | undefined;
}

export async function startChatCompletionsServer(options: ChatCompletionsServerOptions = {}): Promise<ChatCompletionsServer> {
  let queue: ScriptedReply[] = [];
  let fallback: ScriptedReply = { content: 'I have nothing to do.' };
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const answer = (reply: ScriptedReply, response: ServerResponse, model: string, index: number): void => {
    if ('delayMs' in reply) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) answer(reply.then, response, model, index);
      }, reply.delayMs);
      timers.add(timer);
      return;
    }
    if ('status' in reply) {
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(completionBody(reply, model, index));
  };

  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'GET' && request.url?.endsWith('/models') && options.models) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: options.models.map((id) => ({ id, object: 'model', owned_by: 'test' })) }));
        return;
      }
      if (!request.url?.endsWith('/chat/completions')) {
        response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.url}` } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RecordedRequest['body'];
      requests.push({ path: request.url, authorization: request.headers.authorization, body });
      answer(options.respond?.(body) ?? queue.shift() ?? fallback, response, body.model, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script(replies, fallbackReply) {
      queue = [...replies];
      if (fallbackReply) fallback = fallbackReply;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
