import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLlmAgentDriver, type LlmAgentDriverOptions } from '../../../agents/index.ts';
import { createFleetSession } from '../../../agents/session/fleet-session.ts';
import { startChatCompletionsServer, type ChatCompletionsServer } from './chat-completions-server.ts';

let server: ChatCompletionsServer;
const secret = 'sk-driver-test-secret-4242';

beforeAll(async () => {
  server = await startChatCompletionsServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.script([], { content: 'Nothing to do.' });
});

/** A one-drone delivery world (seed 5) and a driver pointed at the local chat server. */
async function droneWorld(options: Partial<LlmAgentDriverOptions> = {}) {
  const session = createFleetSession();
  const reset = await session.reset({ seed: 5, fleet: { drones: 1, robots: 0 } });
  const home = reset.agents[0].home;
  const target = reset.world.depots.find((depot) => depot.toLowerCase() !== home.toLowerCase())!;
  const driver = createLlmAgentDriver({
    session, model: 'local-test-model', baseURL: server.baseURL, apiKey: secret, timeoutMs: 5000, maxRetries: 0, temperature: 0, seed: 3, env: {}, ...options,
  });
  return { session, driver, home, target };
}

describe('the LLM agent driver against a local chat-completions server', () => {
  it('sends the observation with the drone verbs as tools, acts on a fly_to call, and the drone arrives at the depot', async () => {
    const { session, driver, target } = await droneWorld();
    server.script([{ toolCalls: [{ name: 'fly_to', arguments: { place: target } }], usage: { prompt_tokens: 812, completion_tokens: 31 } }]);
    await driver.decide();
    const request = server.requests[0].body;
    expect(request.model).toBe('local-test-model');
    expect(request.tools!.map((tool) => tool.function.name)).toContain('fly_to');
    expect(request.tools!.map((tool) => tool.function.name)).not.toContain('drive_to');
    expect(String(request.messages[0].content)).toContain('You are drone-1');
    expect(String(request.messages[1].content)).toContain('What do you do next?');
    expect(driver.metrics()).toMatchObject({ llm_calls: 1, prompt_tokens: 812, completion_tokens: 31, total_tokens: 843, actions_sent: 1, actions_rejected: 0 });

    const depot = session.describeWorld().places.find((place) => place.name === target)!;
    // The skill picks a landing spot in the depot's yard; it is where the drone must end up.
    const landingSpot = session.observe('drone-1', ['json']).json!.target as number[];
    expect(Math.hypot(landingSpot[0] - depot.position[0], landingSpot[1] - depot.position[1])).toBeLessThan(10);
    let arrived = false;
    for (let second = 0; second < 400 && !arrived; second++) {
      session.step(100);
      await driver.decide(); // busy while the skill flies: no new requests
      arrived = session.observe('drone-1', ['json']).json!.skill === null;
    }
    expect(arrived).toBe(true);
    const final = session.observe('drone-1', ['json']).json!;
    const position = final.position as number[];
    expect(Math.hypot(position[0] - landingSpot[0], position[1] - landingSpot[1])).toBeLessThan(1);
    expect(position[2]).toBeLessThan(1);
    expect(final.landed).toBe(true);
    expect((final.nearestDepot as { name: string }).name).toBe(target);
    // One request to start the flight, one more once the drone was idle again (answered with text: no action).
    expect(server.requests.length).toBe(2);
    expect(driver.metrics().agents_busy).toBeGreaterThan(10);
  });

  it('returns a rejected call to the model as the tool result and acts on its correction', async () => {
    const { driver, target } = await droneWorld();
    server.script([
      { toolCalls: [{ name: 'fly_to', arguments: { place: 'Depot 97' } }] },
      { toolCalls: [{ name: 'fly_to', arguments: { place: target } }] },
    ]);
    await driver.decide();
    expect(server.requests.length).toBe(2);
    const correction = server.requests[1].body.messages;
    const toolResult = JSON.parse(String(correction[correction.length - 1].content));
    expect(correction[correction.length - 1].role).toBe('tool');
    expect(toolResult.ok).toBe(false);
    expect(toolResult.error).toBe('unknown_place');
    expect(toolResult.closest.length).toBeGreaterThan(0);
    expect(driver.metrics()).toMatchObject({ actions_sent: 1, actions_rejected: 1, corrections: 1 });
  });

  it('stops after the allowed corrections when every reply has malformed arguments', async () => {
    const { session, driver } = await droneWorld({ maxCorrections: 2 });
    server.script([], { toolCalls: [{ name: 'takeoff', arguments: '{"altitude": 10,' }] });
    await driver.decide();
    expect(server.requests.length).toBe(3);
    expect(driver.metrics()).toMatchObject({ malformed_replies: 3, actions_rejected: 3, actions_sent: 0, corrections: 2 });
    expect(session.observe('drone-1', ['json']).json!.skill).toBeNull();
    const lastToolResult = server.requests[2].body.messages.at(-1)!;
    expect(String(lastToolResult.content)).toContain('arguments are not valid JSON');
  });

  it('abandons a reply slower than the time limit, counts the timeout, and asks again at the next decide', async () => {
    const { driver, target } = await droneWorld({ timeoutMs: 250 });
    server.script([
      { delayMs: 4000, then: { toolCalls: [{ name: 'land', arguments: {} }] } },
      { toolCalls: [{ name: 'fly_to', arguments: { place: target } }] },
    ]);
    await driver.decide();
    expect(driver.metrics()).toMatchObject({ llm_calls: 1, llm_timeouts: 1, actions_sent: 0 });
    expect(driver.transcript().at(-1)).toMatchObject({ agent: 'drone-1', role: 'error' });
    expect(String(driver.transcript().at(-1)!.content)).toContain('no reply within 250 ms');
    await driver.decide();
    expect(driver.metrics()).toMatchObject({ llm_calls: 2, llm_timeouts: 1, actions_sent: 1 });
  });

  it('attaches the camera image as a PNG data URL when vision is on', async () => {
    const { driver } = await droneWorld({ vision: true });
    await driver.decide();
    const user = server.requests[0].body.messages[1].content as { type: string; image_url?: { url: string } }[];
    expect(user.map((part) => part.type)).toEqual(['text', 'image_url']);
    expect(user[1].image_url!.url.startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
    const kept = driver.transcript().find((entry) => entry.role === 'user')!.content as { image_url?: string }[];
    expect(kept[1].image_url).toBe('[png image, base64 omitted]');
  });

  it('keeps every message in the transcript, and the key in none of them', async () => {
    const { driver, target } = await droneWorld();
    server.script([{ toolCalls: [{ name: 'say', arguments: { text: `my key is ${secret}` } }, { name: 'fly_to', arguments: { place: target } }] }]);
    await driver.decide();
    expect(server.requests[0].authorization).toBe(`Bearer ${secret}`);
    const roles = driver.transcript().map((entry) => entry.role);
    expect(roles).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
    expect(JSON.stringify(driver.transcript())).not.toContain(secret);
    expect(driver.metrics().actions_sent).toBe(2);
  });

  it('gives a robot its own tools, sends a mistaken fly_to back with drive_to as the closest verb, and acts on the correction', async () => {
    const session = createFleetSession();
    const reset = await session.reset({ seed: 5, fleet: { drones: 1, robots: 1 } });
    const robot = reset.agents.find((agent) => agent.kind === 'robot')!;
    const target = reset.world.depots.find((depot) => depot !== robot.home)!;
    const driver = createLlmAgentDriver({ session, agents: [robot.id], model: 'local-test-model', baseURL: server.baseURL, timeoutMs: 5000, maxRetries: 0, env: {} });
    server.script([
      { toolCalls: [{ name: 'fly_to', arguments: { place: target } }] },
      { toolCalls: [{ name: 'drive_to', arguments: { place: target } }] },
    ]);
    await driver.decide();
    expect(server.requests.length).toBe(2);
    expect(server.requests[0].body.tools!.map((tool) => tool.function.name)).toEqual(['wheels', 'velocity', 'goto', 'drive_to', 'pick_up', 'drop_off', 'wait', 'say']);
    const rejection = JSON.parse(String(server.requests[1].body.messages.at(-1)!.content));
    expect([rejection.error, rejection.closest]).toEqual(['not_applicable', ['drive_to']]);
    expect(session.observe(robot.id, ['json']).json!.skill).toBe(`drive_to ${target}`);
  });

  it('gives a busy agent a turn when a message arrives for it, and shows the message', async () => {
    const session = createFleetSession();
    const reset = await session.reset({ seed: 5, fleet: { drones: 1, robots: 1 } });
    const target = reset.world.depots.find((depot) => depot !== reset.agents[0].home)!;
    const driver = createLlmAgentDriver({ session, agents: ['drone-1'], model: 'local-test-model', baseURL: server.baseURL, timeoutMs: 5000, maxRetries: 0, env: {} });
    server.script([{ toolCalls: [{ name: 'fly_to', arguments: { place: target } }] }]);
    await driver.decide();
    session.step(50);
    await driver.decide();
    expect(server.requests.length).toBe(1); // flying, no messages: no turn
    await session.act({ agent: 'robot-1', verb: 'say', args: { to: 'drone-1', text: 'parcel-7 waits at my depot' } });
    session.step(1);
    await driver.decide();
    expect(server.requests.length).toBe(2);
    expect(JSON.stringify(server.requests[1].body.messages[1].content)).toContain('parcel-7 waits at my depot');
    session.step(1);
    await driver.decide();
    expect(server.requests.length).toBe(2); // the same message does not buy another turn
  });

  it('refuses to start without an endpoint or a key, saying which variables to set', async () => {
    const session = createFleetSession();
    await session.reset({ seed: 5, fleet: { drones: 1, robots: 0 } });
    expect(() => createLlmAgentDriver({ session, env: {} })).toThrow('set OPENAI_BASE_URL (an OpenAI-compatible server) and/or OPENAI_API_KEY');
    expect(createLlmAgentDriver({ session, env: { OPENAI_BASE_URL: server.baseURL, SKYLINE_MODEL: 'env-model' } }).name).toBe('llm:env-model');
  });
});
