import { describe, expect, it } from 'vitest';
import { agentSystemPrompt, observationMessage, toolResultContent, transcriptContent } from '../../../agents/llm/agent-turn-messages.ts';
import { agentNeedsTurn } from '../../../agents/llm/llm-agent-driver.ts';
import { llmOptionsFromEnvironment, scrubSecret } from '../../../agents/index.ts';
import type { AgentObservation, WorldDescription } from '../../../agents/index.ts';

const world: WorldDescription = {
  bounds: { minX: 0, minY: 0, maxX: 1000, maxY: 800 },
  places: [
    { name: 'Depot 1', kind: 'depot', position: [10, 20, 0], address: '91 Willow St' },
    { name: 'Blue Tower', kind: 'building', position: [500, 400, 220] },
  ],
  streets: ['Willow St'],
};

const observation: AgentObservation = {
  agent: 'drone-1', step: 120, t: 1.2, json: { kind: 'drone', skill: null }, text: 'You are at Depot 1, landed, battery 98%.',
  image: { width: 4, height: 3, rgbPngBase64: 'iVBORw0KGgoAAAANSUhEUg==', depthPngBase64: 'AAAA' },
};

describe('the messages of an LLM agent turn', () => {
  it('tells the model who it is, the world bounds and the places', () => {
    const prompt = agentSystemPrompt('drone-1', 'drone', world);
    expect(prompt).toContain('You are drone-1, a delivery quadcopter drone');
    expect(prompt).toContain('x 0..1000, y 0..800');
    expect(prompt).toContain('Depot 1 (depot), Blue Tower (building)');
    expect(agentSystemPrompt('robot-1', 'robot', world)).toContain('ground robot');
  });

  it('sends the text observation with recent outcomes, and the RGB image as a data URL only when vision is on', () => {
    const plain = observationMessage(observation, ['takeoff {} → accepted'], false);
    expect(plain.role).toBe('user');
    expect(plain.content).toBe('Step 120, t = 1.20 s.\nYou are at Depot 1, landed, battery 98%.\nYour recent actions:\n- takeoff {} → accepted\nWhat do you do next?');
    const withImage = observationMessage(observation, [], true) as { content: { type: string; image_url?: { url: string }; text?: string }[] };
    expect(withImage.content.map((part) => part.type)).toEqual(['text', 'image_url']);
    expect(withImage.content[1].image_url!.url).toBe('data:image/png;base64,iVBORw0KGgoAAAANSUhEUg==');
    expect(observationMessage({ ...observation, image: undefined }, [], true).content).toBeTypeOf('string');
  });

  it('reports accepted and rejected calls back to the model as JSON with the options of the error', () => {
    const accepted = JSON.parse(toolResultContent({ ok: true, result: { agent: 'drone-1', actions: [{ verb: 'land', args: {} }], skill: 'land' } }));
    expect(accepted).toEqual({ ok: true, actions: [{ verb: 'land', args: {} }], skill: 'land' });
    const rejected = JSON.parse(toolResultContent({ ok: false, code: 'unknown_place', message: 'no place "Depto 9"', closest: ['Depot 1'], known: ['Depot 1', 'Depot 2'] }));
    expect(rejected).toEqual({ ok: false, error: 'unknown_place', message: 'no place "Depto 9"', closest: ['Depot 1'], known: ['Depot 1', 'Depot 2'] });
  });

  it('keeps transcripts free of images and of the key', () => {
    const key = 'sk-secret-key-9876';
    const scrub = (text: string): string => scrubSecret(text, { apiKey: key });
    const message = observationMessage({ ...observation, text: `my key is ${key}` }, [], true);
    const kept = transcriptContent(message, scrub) as { type: string; text?: string; image_url?: string }[];
    expect(kept[0].text).toContain('my key is ***');
    expect(kept[1].image_url).toBe('[png image, base64 omitted]');
    expect(JSON.stringify(kept)).not.toContain(key);
  });

  it('gives a turn to idle agents and agents with messages, not to busy ones', () => {
    expect(agentNeedsTurn({ ...observation, json: { skill: null } })).toBe(true);
    expect(agentNeedsTurn({ ...observation, json: { skill: 'fly_to Depot 2' } })).toBe(false);
    const withMessage = { ...observation, json: { skill: 'fly_to Depot 2', inbox: [{ from: 'robot-1', text: 'hi', t: 3 }] } };
    expect(agentNeedsTurn(withMessage)).toBe(true);
    expect(agentNeedsTurn(withMessage, new Set([JSON.stringify({ from: 'robot-1', text: 'hi', t: 3 })]))).toBe(false);
  });
});

describe('LLM options from the environment', () => {
  it('reads the endpoint, key and model from the environment, with options winning', () => {
    const env = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_API_KEY: 'sk-env', SKYLINE_MODEL: 'env-model' };
    expect(llmOptionsFromEnvironment({}, env)).toEqual({ model: 'env-model', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-env', timeoutMs: 30000, maxRetries: 2 });
    expect(llmOptionsFromEnvironment({ model: 'flag-model', timeoutMs: 500, maxRetries: 0 }, env)).toMatchObject({ model: 'flag-model', timeoutMs: 500, maxRetries: 0 });
  });

  it('refuses out-of-range options, naming them', () => {
    expect(() => llmOptionsFromEnvironment({ timeoutMs: Number.NaN }, {})).toThrow('llm timeoutMs: NaN is out of range; accepted: 1..600000 ms');
    expect(() => llmOptionsFromEnvironment({ maxRetries: 1.5 }, {})).toThrow('llm maxRetries: 1.5 is out of range');
    expect(() => llmOptionsFromEnvironment({ baseURL: 'not a url' }, {})).toThrow('llm baseURL: "not a url" is not a URL');
    expect(() => llmOptionsFromEnvironment({ temperature: 3 }, {})).toThrow('llm temperature: 3 is out of range; accepted: 0..2');
  });
});
