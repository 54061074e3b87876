import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordParamsFromPrompt, paramsFromPrompt, paramsFromPromptWithLlm } from '../../worlds/index.ts';

describe('keyword rules', () => {
  it('reads "dense downtown by a river with two depots"', () => {
    const { params, notes } = keywordParamsFromPrompt('dense downtown by a river with two depots');
    expect(params).toMatchObject({ density: 0.9, heightProfile: 'downtown', river: true, depots: 2 });
    expect(notes).toContain('two depots → depots 2');
  });

  it('reads numbers as digits and as words, and "no" as zero', () => {
    expect(paramsFromPrompt('3 depots, twelve rooftop pads and 4 ground pads')).toMatchObject({ depots: 3, rooftopPads: 12, groundPads: 4 });
    expect(paramsFromPrompt('a sleepy suburb with no parks and a couple of delivery hubs')).toMatchObject({
      density: 0.25, heightProfile: 'suburban', parks: 0, depots: 2,
    });
    expect(paramsFromPrompt('six landing pads and 2 no-fly zones')).toMatchObject({ rooftopPads: 3, groundPads: 3, noFlyZones: 2 });
  });

  it('reads sizes, heights, grids, industry and wind', () => {
    expect(paramsFromPrompt('a 3 km city with skyscrapers up to 400 m')).toMatchObject({ size: 3000, maxHeight: 400, heightProfile: 'downtown' });
    expect(paramsFromPrompt('a small town on a strict grid without a river')).toMatchObject({ size: 1000, avenue: false, river: false });
    expect(paramsFromPrompt('windy, gusty city, wind from the north-west, no industry')).toMatchObject({
      windSpeed: 8, gustiness: 0.8, windFromDeg: 315, districts: ['downtown', 'midtown', 'residential', 'outskirts'],
    });
  });

  it('names the words no rule understood, and only those', () => {
    expect(keywordParamsFromPrompt('dense downtown by a river with two depots and an airport').ignored).toEqual(['airport']);
    expect(keywordParamsFromPrompt('dense downtown by a river with two depots').ignored).toEqual([]);
    expect(keywordParamsFromPrompt('a windy town with a stadium, a harbour and 3 parks').ignored).toEqual(['stadium', 'harbour']);
  });

  it('leaves unmentioned params at their defaults', () => {
    expect(paramsFromPrompt('a city')).toEqual(paramsFromPrompt(''));
    expect(paramsFromPrompt('').size).toBe(2000);
  });

  it('rejects counts beyond what the generator accepts, naming the param', () => {
    expect(() => paramsFromPrompt('fifty depots')).toThrow('depots: must be <= 20 (got 50)');
  });
});

/** A local stand-in for a chat-completions endpoint that answers with a queued reply and records requests. */
class FakeChatServer {
  readonly requests: { path: string; authorization: string | undefined; body: Record<string, unknown> }[] = [];
  private readonly replies: string[] = [];
  private server: Server | null = null;
  baseUrl = '';

  reply(content: string): void {
    this.replies.push(content);
  }

  async start(): Promise<void> {
    this.server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let text = '';
      request.on('data', (chunk) => (text += chunk));
      request.on('end', () => {
        this.requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(text) });
        const content = this.replies.shift() ?? '{}';
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({
          id: 'chatcmpl-test', object: 'chat.completion', created: 0, model: 'test-model',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

describe('language-model params', () => {
  const server = new FakeChatServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  const key = 'sk-test-secret-123';

  it('accepts a valid proposal from the model', async () => {
    server.reply('```json\n{"density": 0.95, "river": true, "depots": 7, "heightProfile": "downtown"}\n```');
    const warnings: string[] = [];
    const result = await paramsFromPromptWithLlm('a megacity on the water with seven hubs', {
      env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.baseUrl, SKYLINE_MODEL: 'test-model' },
      warn: (message) => warnings.push(message),
    });
    expect(result.source).toBe('llm');
    expect(result.params).toMatchObject({ density: 0.95, river: true, depots: 7, heightProfile: 'downtown', size: 2000 });
    expect(warnings).toEqual([]);
    const request = server.requests[server.requests.length - 1];
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe(`Bearer ${key}`);
    expect(request.body.model).toBe('test-model');
    const messages = request.body.messages as { role: string; content: string }[];
    expect(messages[1]).toEqual({ role: 'user', content: 'a megacity on the water with seven hubs' });
    expect(messages[0].content).toContain('"density"');
  });

  it('rejects params that break the schema, warns why, and falls back to keyword rules', async () => {
    server.reply('{"density": 5, "depots": 2}');
    const warnings: string[] = [];
    const result = await paramsFromPromptWithLlm('dense downtown by a river with two depots', {
      env: { OPENAI_API_KEY: key, OPENAI_BASE_URL: server.baseUrl },
      warn: (message) => warnings.push(message),
    });
    expect(result.source).toBe('keywords');
    expect(result.params).toMatchObject({ density: 0.9, river: true, depots: 2 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('density: must be <= 1 (got 5)');
    expect(warnings[0]).not.toContain(key);
    expect(server.requests[server.requests.length - 1].body.model).toBe('default');
  });

  it('rejects a reply that is not JSON and falls back to keyword rules', async () => {
    server.reply('Sure! Here is a nice city for you.');
    const warnings: string[] = [];
    const result = await paramsFromPromptWithLlm('sparse outskirts with three parks', {
      env: { OPENAI_BASE_URL: server.baseUrl },
      warn: (message) => warnings.push(message),
    });
    expect(result.source).toBe('keywords');
    expect(result.params).toMatchObject({ density: 0.25, parks: 3 });
    expect(warnings[0]).toContain('not valid JSON');
  });

  it('uses keyword rules without asking anyone when no model is configured', async () => {
    const before = server.requests.length;
    const result = await paramsFromPromptWithLlm('two depots', { env: {} });
    expect(result).toMatchObject({ source: 'keywords', params: { depots: 2 } });
    expect(server.requests.length).toBe(before);
  });
});
