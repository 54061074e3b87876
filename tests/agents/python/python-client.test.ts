/**
 * The Python client (clients/python) against the real Skyline server on 127.0.0.1: the example
 * that flies a drone to a depot, and a script that exercises errors, streams, the blocking facade
 * and the Gymnasium-style wrapper, printing JSON that is asserted on here.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSkylineServer, VECTOR_OBSERVATION_SIZE, type SkylineServer } from '../../../agents/index.node.ts';

const REPOSITORY_DIR = fileURLToPath(new URL('../../..', import.meta.url));
const INSTALL_HINT = 'needs python3 with the websockets package: apt-get install -y python3-websockets';
const TOKEN = 'python-client-test-token-5f2a';

/** /usr/bin/python3 when it has websockets, else python3 on PATH when that has it, else null. */
function findPython(): string | null {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(candidate, ['-c', 'import websockets'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

const PYTHON = findPython();
if (!PYTHON) console.warn(`python client tests skipped: ${INSTALL_HINT}`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the interpreter asynchronously (the server answers on this process's event loop). */
function runPython(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(PYTHON!, args, { cwd: REPOSITORY_DIR, env: { ...process.env, SKYLINE_TOKEN: '', PYTHONDONTWRITEBYTECODE: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.runIf(PYTHON !== null)('python client against the real server', () => {
  let server: SkylineServer;
  let url: string;

  beforeAll(async () => {
    server = await startSkylineServer({ host: '127.0.0.1', port: 0, mode: 'lockstep' });
    url = `ws://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the example flies a drone to a depot by free text and prints its arrival within 2 m of its landing spot', async () => {
    const run = await runPython(['clients/python/examples/fly_to_depot.py', url, '7']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^connected: skyline \S+, protocol skyline\/1, mode lockstep$/m);
    expect(run.stdout).toMatch(/^sent "fly to Depot \d+": fly_to Depot \d+ \(fly_to, grounded by rules\)$/m);
    const arrival = /^arrived at (Depot \d+) after ([\d.]+) s \(distance ([\d.]+) m\)$/m.exec(run.stdout);
    expect(arrival).not.toBeNull();
    const [, depot, seconds, distance] = arrival!;
    expect(run.stdout).toContain(`drone-1 starts at Depot 1`);
    expect(depot).not.toBe('Depot 1');
    expect(Number(distance)).toBeLessThan(2);
    expect(Number(seconds)).toBeGreaterThan(10);
    expect(Number(seconds)).toBeLessThan(900);
    expect(run.stdout).toMatch(/inside its yard$/m);
    // Progress lines every 10 simulated seconds, the last one no later than the arrival.
    const progress = [...run.stdout.matchAll(/^t=\s*([\d.]+) s {2}position/gm)].map((m) => Number(m[1]));
    expect(progress.length).toBe(Math.floor(Number(seconds) / 10));
    expect(progress[0]).toBe(10);
  });

  it('gets JSON-RPC errors with codes and closest matches, streams, the blocking facade and the Gymnasium-style wrapper', async () => {
    const run = await runPython(['tests/agents/python/client_checks.py', url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.vector_size).toBe(VECTOR_OBSERVATION_SIZE);

    const a = out.async;
    expect(a.hello.protocol).toBe('skyline/1');
    expect(a.hello.mode).toBe('lockstep');
    expect(a.hello.methods).toEqual(expect.arrayContaining(['session.hello', 'env.reset', 'agent.act', 'env.step', 'agent.observe', 'stream.subscribe']));
    expect(a.not_ready.code).toBe(-32005);
    expect(a.vocabulary.verbs).toContain('fly_to');
    expect(a.vocabulary.verbs).not.toContain('wheels');
    expect(a.vocabulary.tools).toBe(a.vocabulary.verbs.length);
    expect(a.reset.agents.map((x: { id: string }) => x.id)).toEqual(['drone-1', 'drone-2', 'robot-1']);
    expect(a.reset.step).toBe(0);
    expect(a.unknown_agent.code).toBe(-32001);
    expect(a.unknown_agent.name).toBe('unknown_agent');
    expect(a.unknown_agent.data.closest[0]).toBe('drone-1');
    expect(a.unknown_agent.data.known).toEqual(['drone-1', 'drone-2', 'robot-1']);
    expect(a.unknown_method.code).toBe(-32601);
    expect(a.unknown_method.data.known).toContain('env.step');
    expect(a.invalid_params.code).toBe(-32602);
    expect(a.invalid_params.data.field).toBe('steps');
    expect(a.unknown_verb.code).toBe(-32002);
    expect(a.unknown_verb.data.closest).toContain('fly_to');
    expect(a.unknown_place.code).toBe(-32003);
    // The error's name appears once in its text, not repeated from the server's message.
    expect(a.unknown_place.text.match(/unknown_place/g)).toHaveLength(1);
    expect(a.unknown_place.text).toMatch(/^-32003 unknown_place: /);
    expect(a.act.skill).toMatch(/^takeoff/);
    // every=10 over 50 steps: the world once, then frames at steps 10..50 (sent or counted as dropped).
    expect(a.stream.world).toBe(1);
    expect(a.stream.world_buildings).toBe(a.world_spec_buildings);
    expect(a.world_spec_again_buildings).toBe(a.world_spec_buildings);
    expect(a.stream.frames.length + a.stream.dropped).toBe(5);
    expect(a.stream.frames.every((step: number) => step % 10 === 0 && step > 0 && step <= 50)).toBe(true);
    expect(a.unsubscribe).toEqual({ ok: true });
    expect(a.stream.step_after_subscribed).toBe(50);
    expect(a.stream.step_after_unsubscribed).toBe(100);
    expect(a.observe.step).toBe(100);
    expect(a.observe.t).toBeCloseTo(1, 9);
    expect(a.observe.vector_length).toBe(VECTOR_OBSERVATION_SIZE);
    expect(a.observe.position[2]).toBeGreaterThan(0.5);
    expect(a.observe.text_chars).toBeGreaterThan(0);
    expect(a.places).toBeGreaterThan(3);
    expect(a.metrics_keys).toContain('net_income');
    expect(a.closed_error).toBe('SkylineConnectionError');

    expect(out.sync).toEqual({ protocol: 'skyline/1', agents: ['drone-1'], step: 20, unknown_agent: expect.objectContaining({ code: -32001 }) });

    const gym = out.gym;
    expect(gym.reset).toEqual({ agents: ['drone-1', 'drone-2', 'robot-1'], lengths: [VECTOR_OBSERVATION_SIZE], t: 0, step: 0 });
    expect(gym.step.step).toBe(100);
    expect(gym.step.t).toBeCloseTo(100 * 0.01, 9);
    expect(gym.step.reward).toBe(gym.step.net_income_change);
    expect(gym.step.terminated).toBe(false);
    expect(gym.step.truncated).toBe(false);
    expect(gym.step.acts).toEqual(['takeoff', 'wait']);
    expect(gym.step.rejected).toEqual([{ agent: 'drone-2', code: -32002 }]);
    expect(gym.step.lengths).toEqual([VECTOR_OBSERVATION_SIZE]);
    expect(gym.step2.step).toBe(200);
    expect(gym.step2.t).toBeCloseTo(200 * 0.01, 9);
    expect(gym.step2.drone_1_z).toBeGreaterThan(gym.step.drone_1_z);
    expect(gym.reset2).toEqual({ t: 0, world_seed: 8 });
  });

  it('the example exits 2 with a message naming the server to start when nothing listens', async () => {
    const port = await freePort();
    const run = await runPython(['clients/python/examples/fly_to_depot.py', `ws://127.0.0.1:${port}`]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`could not connect to ws://127.0.0.1:${port}`);
    expect(run.stderr).toContain('npx skyline serve');
  });
});

describe.runIf(PYTHON !== null)('python client and a server that wants a token', () => {
  let server: SkylineServer;
  let url: string;

  beforeAll(async () => {
    server = await startSkylineServer({ host: '127.0.0.1', port: 0, token: TOKEN, mode: 'lockstep' });
    url = `ws://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const script = [
    'import asyncio, sys',
    "sys.path.insert(0, 'clients/python')",
    'from skyline_client import SkylineClient, SkylineConnectionError',
    'async def main():',
    '    try:',
    '        client = await SkylineClient.connect(sys.argv[1])',
    '    except SkylineConnectionError as error:',
    "        print('refused', error); return",
    '    async with client:',
    "        print('hello', (await client.hello())['protocol'])",
    'asyncio.run(main())',
  ].join('\n');

  it('sends SKYLINE_TOKEN as a Bearer header, and a missing or wrong token is refused with 401 without printing it', async () => {
    const good = await runPython(['-c', script, url], { SKYLINE_TOKEN: TOKEN });
    expect(good.code).toBe(0);
    expect(good.stdout.trim()).toBe('hello skyline/1');
    const missing = await runPython(['-c', script, url]);
    expect(missing.stdout.trim()).toBe(`refused could not connect to ${url}: HTTP 401`);
    const wrong = await runPython(['-c', script, `${url}/?token=wrong-${TOKEN}`]);
    expect(wrong.stdout.trim()).toBe(`refused could not connect to ${url}/: HTTP 401`);
    expect(wrong.stdout + wrong.stderr).not.toContain(TOKEN);
  });
});

if (PYTHON === null) {
  describe('python client', () => {
    it.skip(INSTALL_HINT, () => {});
  });
}
