import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../evaluation/index.ts';
import { checkLlmEndpoint, createRunCommand, llmOptionsFromEnvironment } from '../../agents/index.ts';
import { createEvalCommand } from '../../evaluation/index.node.ts';
import { startChatCompletionsServer, type ChatCompletionsServer, type RecordedRequest, type ScriptedReply } from '../agents/llm/chat-completions-server.ts';

const root = join(import.meta.dirname, '../..');
let folder: string;
let server: ChatCompletionsServer;

/** The scripted policy: take off from the start, then declare found (search) or land (navigate). */
function policy(body: RecordedRequest['body']): ScriptedReply {
  if (body.model !== 'test-vlm') return { status: 404, body: JSON.stringify({ error: { message: `The model \`${body.model}\` does not exist.` } }) };
  const user = body.messages.find((m) => m.role === 'user')!;
  const text = typeof user.content === 'string' ? user.content : (user.content as { type: string; text?: string }[]).find((p) => p.type === 'text')!.text!;
  const searching = body.tools?.some((tool) => tool.function.name === 'found');
  if (/landed/.test(text)) return { toolCalls: [{ name: 'takeoff', arguments: { altitude: 12 } }] };
  return searching ? { toolCalls: [{ name: 'found', arguments: {} }] } : { toolCalls: [{ name: 'goto', arguments: { x: 0, y: 0, z: 12 } }] };
}

async function evalCli(args: string[], env: Record<string, string | undefined>): Promise<string> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) value === undefined ? delete process.env[key] : (process.env[key] = value);
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
  try {
    await createEvalCommand().exitOverride().parseAsync([...args, '--no-progress'], { from: 'user' });
  } finally {
    process.stdout.write = write;
    for (const [key, value] of Object.entries(saved)) value === undefined ? delete process.env[key] : (process.env[key] = value);
  }
  return out;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'skyline-eval-llm-'));
  server = await startChatCompletionsServer({ models: ['test-vlm'], respond: policy });
});

afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('skyline eval --agents llm', () => {
  it('sends the camera image on search and counts the calls and tokens the server saw', async () => {
    const out = join(folder, 'search');
    server.requests.length = 0;
    await evalCli(['--suite', 'search', '--agents', 'llm', '--model', 'test-vlm', '--episodes', '2', '--concurrency', '2', '--image-size', '96', '--price', '1,2', '--out', out], { OPENAI_BASE_URL: server.baseURL, OPENAI_API_KEY: 'sk-test-secret-key' });
    const report: EvalReport = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const [summary] = report.suites;
    expect(server.requests.length).toBe(4); // takeoff and found in each of the two episodes
    expect(summary.llmCalls).toBe(4);
    expect(summary.totalTokens).toBe(4 * 120);
    expect(summary.costUsd).toBeCloseTo((4 * 100 * 1 + 4 * 20 * 2) / 1e6, 12);
    expect(report.episodes.every((e) => e.metrics.declared === 1)).toBe(true);
    // The report's figures are the episodes' files' figures.
    const files = ['search-101', 'search-102'].map((id) => JSON.parse(readFileSync(join(out, 'episodes', `${id}.json`), 'utf8')));
    expect(report.episodes).toEqual(files.map(({ transcript: _t, ...rest }) => rest));
    expect(summary.successes).toBe(files.filter((e) => e.success).length);
    expect(summary.totalTokens).toBe(files.reduce((sum, e) => sum + e.llm.totalTokens, 0));
    expect(files[0].transcript.some((entry: { role: string; image?: boolean }) => entry.role === 'user' && entry.image === true)).toBe(true);
    for (const request of server.requests) {
      expect(request.authorization).toBe('Bearer sk-test-secret-key');
      const parts = request.body.messages.find((m) => m.role === 'user')!.content as { type: string; image_url?: { url: string } }[];
      const url = parts.find((p) => p.type === 'image_url')!.image_url!.url;
      expect(url.startsWith('data:image/png;base64,')).toBe(true);
      const png = PNG.sync.read(Buffer.from(url.slice('data:image/png;base64,'.length), 'base64'));
      expect([png.width, png.height]).toEqual([96, 96]);
    }
    // The key never reaches the report or the transcripts.
    expect(readFileSync(join(out, 'episodes', 'search-101.json'), 'utf8')).not.toContain('sk-test-secret-key');
    expect(readFileSync(join(out, 'report.json'), 'utf8')).not.toContain('sk-test-secret-key');
  });

  it('sends no image on navigate', async () => {
    server.requests.length = 0;
    await evalCli(['--suite', 'navigate', '--agents', 'llm', '--model', 'test-vlm', '--episodes', '1', '--max-turns', '3', '--no-record', '--out', join(folder, 'navigate')], { OPENAI_BASE_URL: server.baseURL });
    expect(server.requests.length).toBeGreaterThan(0);
    for (const request of server.requests) expect(typeof request.body.messages.find((m) => m.role === 'user')!.content).toBe('string');
  });

  it('stops before any episode when the model is not served, naming the model, the URL and what is served', async () => {
    server.requests.length = 0;
    await expect(evalCli(['--suite', 'search', '--agents', 'llm', '--model', 'gpt-nonexistent', '--episodes', '1', '--out', join(folder, 'never')], { OPENAI_BASE_URL: server.baseURL }))
      .rejects.toThrow(`model "gpt-nonexistent" is not served by ${server.baseURL}; models there: test-vlm (choose one with --model or SKYLINE_MODEL); the server said: The model \`gpt-nonexistent\` does not exist.`);
    // One probe of one token, no episode.
    expect(server.requests.map((r) => (r.body as { max_tokens?: number }).max_tokens)).toEqual([1]);
  });

  it('accepts a model the server does not list but answers (servers that take any name)', async () => {
    const lenient = await startChatCompletionsServer({ models: ['model.gguf'], respond: () => ({ content: 'pong' }) });
    try {
      const checked = await checkLlmEndpoint(llmOptionsFromEnvironment({ model: 'my-model', baseURL: lenient.baseURL }, {}));
      expect(checked).toEqual({ baseURL: lenient.baseURL, models: ['model.gguf'] });
      expect(lenient.requests).toHaveLength(1);
    } finally {
      await lenient.close();
    }
  });

  it('stops the run when more than half the model calls fail', async () => {
    const failing = await startChatCompletionsServer({ models: ['test-vlm'], respond: () => ({ status: 500, body: '{"error":{"message":"overloaded"}}' }) });
    try {
      await expect(evalCli(['--suite', 'search', '--agents', 'llm', '--model', 'test-vlm', '--episodes', '2', '--retries', '0', '--no-record', '--out', join(folder, 'failing')], { OPENAI_BASE_URL: failing.baseURL }))
        .rejects.toThrow(/4 of 4 language-model calls failed \(more than 50 % allowed\)/);
    } finally {
      await failing.close();
    }
  });

  it('skyline run --agents llm stops when more than half the calls fail, and refuses an unserved model before the episode', async () => {
    const failing = await startChatCompletionsServer({ models: ['test-llm'], respond: () => ({ status: 400, body: '{"error":{"message":"bad request"}}' }) });
    // Listed model: no probe, then every call of the episode fails. Unlisted: the probe fails too.
    const run = (model: string) => {
      const saved = process.env.OPENAI_BASE_URL;
      process.env.OPENAI_BASE_URL = failing.baseURL;
      return createRunCommand().exitOverride().parseAsync(['--agents', 'llm', '--model', model, '--drones', '4', '--robots', '0', '--duration', '60', '--no-progress', '--json'], { from: 'user' })
        .finally(() => (saved === undefined ? delete process.env.OPENAI_BASE_URL : (process.env.OPENAI_BASE_URL = saved)));
    };
    try {
      await expect(run('test-llm')).rejects.toThrow(/4 of 4 language-model calls failed/);
      await expect(run('other-model')).rejects.toThrow(`model "other-model" is not served by ${failing.baseURL}`);
      expect(failing.requests.length).toBe(4 + 1);
    } finally {
      await failing.close();
    }
  });

  it('skyline run and skyline eval exit non-zero naming the URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    for (const args of [['run', '--agents', 'llm', '--model', 'm', '--duration', '600'], ['eval', '--suite', 'search', '--agents', 'llm', '--model', 'm', '--out', join(folder, 'never')]]) {
      const run = spawnSync(process.execPath, ['bin/skyline.mjs', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, OPENAI_BASE_URL: url } });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`cannot reach the language-model endpoint ${url} (ECONNREFUSED)`);
    }
  });
});
