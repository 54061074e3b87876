/**
 * JSON-RPC 2.0 framing for the Skyline protocol (docs/protocol.md): the error codes, the error
 * type handlers throw, and the parsing of one incoming text frame into requests to answer.
 */

export const PROTOCOL_VERSION = 'skyline/1';

export const RPC_ERRORS = {
  parse: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unknownAgent: -32001,
  unknownVerb: -32002,
  unknownPlace: -32003,
  invalidArgs: -32004,
  notReady: -32005,
  wrongMode: -32006,
  rateLimited: -32010,
  tooLarge: -32011,
  tooManySessions: -32012,
  workBudget: -32013,
  outputBacklog: -32014,
  tooManySubscriptions: -32015,
  worldMemoryFull: -32016,
} as const;

export type RpcId = string | number | null;

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: Record<string, unknown>;
}

export interface RpcRequest {
  id: RpcId;
  /** False for a notification (no id): it is run but never answered. */
  answered: boolean;
  method: string;
  params: unknown;
}

/** What a handler throws to answer with a JSON-RPC error; anything else becomes -32603. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  toBody(): RpcErrorBody {
    return { code: this.code, message: this.message, ...(this.data ? { data: this.data } : {}) };
  }
}

/** A result already serialized (a world's spec, asked for again), put into the answer as it is. */
export class SerializedResult {
  constructor(readonly json: string) {}
}

export function resultMessage(id: RpcId, result: unknown): string {
  if (result instanceof SerializedResult) return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${result.json}}`;
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

export function errorMessage(id: RpcId, error: RpcErrorBody): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error });
}

export function notificationMessage(method: string, params: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method, params });
}

/** One element of a frame: a request to run, or an error to answer at once (its id when it had one). */
export type ParsedElement = { kind: 'request'; request: RpcRequest } | { kind: 'error'; id: RpcId; error: RpcError };

export interface ParsedFrame {
  /** A JSON array of requests: the answers go back as one array (JSON-RPC batch). */
  batch: boolean;
  elements: ParsedElement[];
}

export const MAX_BATCH_LENGTH = 100;
const REQUEST_SHAPE = 'a JSON-RPC 2.0 request object {"jsonrpc":"2.0","id":number|string,"method":string,"params"?:object}';

/** Parses a text frame; never throws (a parse failure is one error element). */
export function parseFrame(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const hint = /\b(NaN|-?Infinity)\b/.test(text) ? ' (NaN and Infinity are not JSON: send finite numbers)' : '';
    const reason = error instanceof Error ? error.message : String(error);
    return { batch: false, elements: [{ kind: 'error', id: null, error: new RpcError(RPC_ERRORS.parse, `parse error: not valid JSON${hint}: ${reason.slice(0, 200)}`, { expected: REQUEST_SHAPE }) }] };
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return { batch: false, elements: [invalidElement(null, 'an empty batch array; accepted: a non-empty array of request objects')] };
    if (value.length > MAX_BATCH_LENGTH) return { batch: false, elements: [invalidElement(null, `a batch of ${value.length} requests; accepted: at most ${MAX_BATCH_LENGTH} per array`)] };
    return { batch: true, elements: value.map(parseRequest) };
  }
  return { batch: false, elements: [parseRequest(value)] };
}

function parseRequest(value: unknown): ParsedElement {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return invalidElement(null, `${describeJson(value)}; accepted: ${REQUEST_SHAPE}`);
  const message = value as Record<string, unknown>;
  const id = message.id;
  const validId = id === undefined || id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
  const answerId: RpcId = validId && id !== undefined ? (id as RpcId) : null;
  if (!validId) return invalidElement(null, `id: ${describeJson(id)}; accepted: a number, a string or null`);
  if (message.jsonrpc !== '2.0') return invalidElement(answerId, `jsonrpc: ${describeJson(message.jsonrpc)}; accepted: "2.0"`);
  if (typeof message.method !== 'string' || message.method.length === 0) return invalidElement(answerId, `method: ${describeJson(message.method)}; accepted: a method name (string)`);
  if ('result' in message || 'error' in message) return invalidElement(answerId, 'a response object sent to the server; accepted: requests only');
  return { kind: 'request', request: { id: answerId, answered: id !== undefined, method: message.method, params: message.params } };
}

function invalidElement(id: RpcId, what: string): ParsedElement {
  return { kind: 'error', id, error: new RpcError(RPC_ERRORS.invalidRequest, `invalid request: ${what}`, { expected: REQUEST_SHAPE }) };
}

/** A short description of a JSON value for error messages (never the whole value). */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
