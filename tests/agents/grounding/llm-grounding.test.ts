import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentError, groundTextWithLlm, emptyLlmUsage, LlmRequestError, type LlmOptions } from '../../../agents/index.ts';
import { startChatCompletionsServer, type ChatCompletionsServer } from '../llm/chat-completions-server.ts';
import { buildingName, cityFacts, droneContext, robotContext } from './grounding-world.ts';

let server: ChatCompletionsServer;
const secret = 'sk-test-grounding-0123456789';
const options = (overrides: Partial<LlmOptions> = {}): LlmOptions => ({
  model: 'local-test-model', baseURL: server.baseURL, apiKey: secret, timeoutMs: 5000, maxRetries: 0, temperature: 0, seed: 11, ...overrides,
});
const [depot1, depot2] = cityFacts.depots;

beforeAll(async () => {
  server = await startChatCompletionsServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('grounding free text with a language model', () => {
  it('turns the tool calls of one reply into checked verbs, with places as the world names them', async () => {
    server.script([{
      toolCalls: [
        { name: 'takeoff', arguments: { altitude: 15 } },
        { name: 'fly_to', arguments: { place: 'the tallest building', altitude: 250 } },
        { name: 'say', arguments: { to: 'robot-1', text: 'landing on the roof' } },
      ],
      usage: { prompt_tokens: 321, completion_tokens: 45 },
    }]);
    const usage = emptyLlmUsage();
    const verbs = await groundTextWithLlm('get up there on the tallest roof and let robot-1 know', droneContext([depot1.x, depot1.y, 0]), options(), usage);
    expect(verbs).toEqual([
      { verb: 'takeoff', args: { altitude: 15 } },
      { verb: 'fly_to', args: { place: buildingName(cityFacts.tallest), altitude: 250 } },
      { verb: 'say', args: { to: 'robot-1', text: 'landing on the roof' } },
    ]);
    expect(usage).toMatchObject({ llm_calls: 1, prompt_tokens: 321, completion_tokens: 45, total_tokens: 366, llm_timeouts: 0 });
    const request = server.requests[0];
    expect(request.authorization).toBe(`Bearer ${secret}`);
    expect(request.body.model).toBe('local-test-model');
    expect([request.body.temperature, request.body.seed]).toEqual([0, 11]);
    expect(request.body.tools!.map((tool) => tool.function.name)).toContain('fly_to');
    expect(request.body.tools!.map((tool) => tool.function.name)).not.toContain('wheels');
    expect(String(request.body.messages[0].content)).toContain(depot2.name);
    expect(request.body.messages[1].content).toBe('get up there on the tallest roof and let robot-1 know');
  });

  it('offers a robot its own verbs', async () => {
    server.script([{ toolCalls: [{ name: 'drive_to', arguments: { place: depot2.name.toLowerCase() } }] }]);
    expect(await groundTextWithLlm('roll over to the depot', robotContext(), options())).toEqual([{ verb: 'drive_to', args: { place: depot2.name } }]);
    expect(server.requests[0].body.tools!.map((tool) => tool.function.name)).toEqual(['wheels', 'velocity', 'goto', 'drive_to', 'pick_up', 'drop_off', 'wait', 'say']);
  });

  it('rejects malformed JSON arguments with an invalid_args error that says so, and counts the malformed reply', async () => {
    server.script([{ toolCalls: [{ name: 'fly_to', arguments: '{"place": "Depot 1"' }] }]);
    const usage = emptyLlmUsage();
    const error = await groundTextWithLlm('fly to depot 1', droneContext(), options(), usage).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).code).toBe('invalid_args');
    expect((error as AgentError).message).toContain('tool call fly_to: arguments are not valid JSON');
    expect(usage.malformed_replies).toBe(1);
  });

  it('passes on the vocabulary\'s message for a tool call that breaks the schema, and unknown places with the closest names', async () => {
    server.script([{ toolCalls: [{ name: 'takeoff', arguments: { altitude: -3 } }] }]);
    const bad = (await groundTextWithLlm('take off', droneContext(), options()).catch((caught: unknown) => caught)) as AgentError;
    expect([bad.code, bad.details.field, bad.message]).toEqual(['invalid_args', 'altitude', 'takeoff.altitude: -3 is out of range; accepted: 0.5..1000 m above ground']);
    server.script([{ toolCalls: [{ name: 'fly_to', arguments: { place: 'Depot 9' } }] }]);
    const unknown = (await groundTextWithLlm('fly to depot 9', droneContext(), options()).catch((caught: unknown) => caught)) as AgentError;
    expect(unknown.code).toBe('unknown_place');
    expect(unknown.details.closest).toContain(depot1.name);
  });

  it('says so when the model answers in prose instead of calling a tool', async () => {
    server.script([{ content: 'Sure! I would love to help.' }]);
    const error = (await groundTextWithLlm('do a barrel roll', droneContext(), options()).catch((caught: unknown) => caught)) as AgentError;
    expect(error.code).toBe('unknown_verb');
    expect(error.message).toContain('the model called no tool');
    expect(error.message).toContain('Sure! I would love to help.');
  });

  it('gives up on a reply slower than the time limit with a timeout error that is counted, and never shows the key', async () => {
    server.script([{ delayMs: 3000, then: { toolCalls: [{ name: 'land', arguments: {} }] } }]);
    const usage = emptyLlmUsage();
    const error = (await groundTextWithLlm('land', droneContext(), options({ timeoutMs: 200 }), usage).catch((caught: unknown) => caught)) as LlmRequestError;
    expect(error).toBeInstanceOf(LlmRequestError);
    expect(error.reason).toBe('timeout');
    expect(error.message).toContain('no reply within 200 ms');
    expect(error.message).not.toContain(secret);
    expect(usage).toMatchObject({ llm_calls: 1, llm_timeouts: 1, llm_errors: 0 });
  });

  it('counts an HTTP error from the server as an error, not a timeout', async () => {
    server.script([{ status: 400, body: JSON.stringify({ error: { message: 'model not found' } }) }]);
    const usage = emptyLlmUsage();
    const error = (await groundTextWithLlm('land', droneContext(), options(), usage).catch((caught: unknown) => caught)) as LlmRequestError;
    expect(error.reason).toBe('error');
    expect(error.message).toContain('model not found');
    expect(usage).toMatchObject({ llm_errors: 1, llm_timeouts: 0 });
  });
});
