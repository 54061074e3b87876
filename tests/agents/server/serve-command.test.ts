/**
 * `skyline serve` as a user runs it: it prints the URL with the protocol and mode, answers a
 * client, stops cleanly on Ctrl-C (SIGINT), and refuses bad options with exit code 2.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { connectSkylineClient } from '../../../agents/index.node.ts';

const REPOSITORY_DIR = fileURLToPath(new URL('../../..', import.meta.url));

function serve(args: string[], env: Record<string, string> = {}): Promise<{ url: string; line: string; output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['bin/skyline.mjs', 'serve', ...args], { cwd: REPOSITORY_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /^skyline serving (ws:\/\/\S+) .*$/m.exec(output);
      if (match) resolve({ url: `${match[1]}/`, line: match[0], output: () => output, stop: async () => { child.kill('SIGINT'); return exited; } });
    });
    void exited.then((code) => reject(new Error(`skyline serve exited with ${code}:\n${output}`)));
  });
}

describe('skyline serve', () => {
  it('prints where it serves, answers a client and exits 0 on SIGINT', async () => {
    const server = await serve(['--port', '0']);
    expect(server.line).toMatch(/^skyline serving ws:\/\/127\.0\.0\.1:\d+ \(protocol skyline\/1, lockstep\)$/);
    const client = await connectSkylineClient(server.url);
    expect((await client.hello()).mode).toBe('lockstep');
    client.close();
    expect(await server.stop()).toBe(0);
  });

  it('takes the token from SKYLINE_TOKEN, never prints it, and runs in realtime mode at --rate', async () => {
    const token = 'env-token-5b1e';
    const server = await serve(['--port', '0', '--mode', 'realtime', '--rate', '50'], { SKYLINE_TOKEN: token });
    expect(server.line).toMatch(/\(protocol skyline\/1, realtime, token required\)$/);
    const client = await connectSkylineClient(server.url, { token });
    expect((await client.hello()).mode).toBe('realtime');
    client.close();
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(token);
  });

  it('refuses bad options with exit code 2 and a message naming them', () => {
    const cases: [string[], RegExp][] = [
      [['--port', '70000'], /--port.*0 to 65535/],
      [['--mode', 'fast'], /--mode.*lockstep, realtime/],
      [['--rate', 'NaN'], /--rate/],
      [['--port', '0', '--host', '0.0.0.0'], /beyond loopback.*token is required/],
    ];
    for (const [args, message] of cases) {
      const result = spawnSync(process.execPath, ['bin/skyline.mjs', 'serve', ...args], { cwd: REPOSITORY_DIR, encoding: 'utf8', env: { ...process.env, SKYLINE_TOKEN: '' }, timeout: 60_000 });
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });
});
