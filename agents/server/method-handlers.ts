/**
 * The methods of skyline/1 (docs/protocol.md), each a small function of the caller's own session
 * and its validated params. AgentErrors from the session become the application error codes.
 */
import { AgentError, type AgentAction, type AgentErrorCode } from '../session/fleet-session-contract.ts';
import { openAiToolDefinitions, vocabularyList } from '../vocabulary/verb-registry.ts';
import { MAX_STEPS_PER_CALL } from '../session/fleet-session.ts';
import type { ConnectionSession } from './connection-session.ts';
import { PROTOCOL_VERSION, RPC_ERRORS, RpcError } from './json-rpc.ts';
import { METHOD_NAMES, type MethodName, type MethodParams } from './rpc-params.ts';

type Handler<M extends MethodName> = (session: ConnectionSession, params: MethodParams<M>) => unknown;

const vocabularyCache = new Map<string, unknown>();

export const METHOD_HANDLERS: { [M in MethodName]: Handler<M> } = {
  'session.hello': (session) => ({
    protocol: PROTOCOL_VERSION,
    server: 'skyline',
    version: session.context.version,
    session: session.id,
    mode: session.context.mode,
    methods: METHOD_NAMES,
    sharedWorld: session.context.sharedWorld !== null,
    limits: {
      maxMessageBytes: session.context.maxMessageBytes,
      maxMessagesPerSecond: session.context.maxMessagesPerSecond,
      messageBurst: session.context.messageBurst,
      maxStepsPerCall: MAX_STEPS_PER_CALL,
      maxBufferedBytes: session.context.maxBufferedBytes,
      maxOutputBytes: session.context.maxOutputBytes,
      maxVehicleStepsPerSecond: session.context.maxVehicleStepsPerSecond,
      vehicleStepBurst: session.context.vehicleStepBurst,
      maxSubscriptions: session.context.maxSubscriptions,
    },
  }),
  'vocabulary.list': (_session, { kind }) => {
    const key = kind ?? 'all';
    let vocabulary = vocabularyCache.get(key);
    if (!vocabulary) vocabularyCache.set(key, (vocabulary = { verbs: vocabularyList(kind), tools: openAiToolDefinitions(kind) }));
    return vocabulary;
  },
  'env.reset': (session, params) => session.reset(params),
  'world.describe': (session) => session.world().describeWorld(),
  'world.spec': (session, { resend }) => session.worldSpecAnswer(resend === true),
  'agent.act': (session, params) => {
    refuseSharedAgent(session, params.agent);
    const action: AgentAction = params.text !== undefined
      ? { agent: params.agent, text: params.text }
      : { agent: params.agent, verb: params.verb!, ...(params.args ? { args: params.args } : {}) };
    return session.world().act(action);
  },
  'env.step': (session, { steps }) => session.step(steps),
  'agent.observe': (session, { agent, modalities }) => session.world().observe(agent, modalities ?? ['json']),
  'metrics.get': (session) => ({ metrics: session.world().metrics() }),
  'stream.subscribe': (session, { every, world }) => ({ subscription: session.subscribe(every ?? 1, world ?? 'own') }),
  'stream.unsubscribe': (session, { subscription }) => {
    session.unsubscribe(subscription);
    return { ok: true };
  },
};

/** A connection with no world of its own naming a shared-world agent: it may watch, never command. */
function refuseSharedAgent(session: ConnectionSession, agent: string): void {
  const shared = session.context.sharedWorld;
  if (session.ownsWorld || !shared || !shared.agentIds().includes(agent)) return;
  throw new RpcError(RPC_ERRORS.unknownAgent, `unknown_agent: agent ${JSON.stringify(agent)} belongs to the server's shared world, which is watch-only; env.reset gives this session agents of its own`, {
    reason: 'unknown_agent', field: 'agent', known: [], closest: [], owner: 'shared',
  });
}

const AGENT_ERROR_CODES: Record<AgentErrorCode, number> = {
  unknown_agent: RPC_ERRORS.unknownAgent,
  unknown_verb: RPC_ERRORS.unknownVerb,
  unknown_place: RPC_ERRORS.unknownPlace,
  invalid_args: RPC_ERRORS.invalidArgs,
  not_applicable: RPC_ERRORS.invalidArgs,
  not_ready: RPC_ERRORS.notReady,
};

/** Any thrown value as an RpcError: AgentError → its code with its details; the unexpected → -32603 with a safe message. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  if (error instanceof AgentError) {
    const code = AGENT_ERROR_CODES[error.code] ?? RPC_ERRORS.invalidArgs;
    return new RpcError(code, `${error.code}: ${error.message}`, { reason: error.code, ...error.details });
  }
  if (error instanceof RangeError && /call stack/i.test(error.message)) {
    return new RpcError(RPC_ERRORS.invalidParams, 'invalid params: nested too deeply', { field: 'params', expected: 'shallower JSON' });
  }
  return new RpcError(RPC_ERRORS.internal, 'internal error: the server could not complete this request; the session is still usable', { reason: 'internal' });
}
