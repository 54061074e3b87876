/**
 * Runs every command of the README's shell blocks as written, the way a new user would: in a fresh
 * clone of this repository (after `npm ci`), one block at a time, in order. Servers (`skyline
 * serve`, `start`, `replay`, `worker`, `mcp`, `redis-server`, `npm start`, `npm run dev`) run in the
 * background until their block ends, so the commands after them in the block (a Python client, a
 * queued rollout) talk to them; each must print that it is ready. Prints one line per command and
 * a count at the end; exits non-zero when any command did not do what the README says.
 *
 *   npx tsx scripts/walk-readme.ts            # fresh clone in a temporary folder
 *   npx tsx scripts/walk-readme.ts --here     # this working tree (faster; leaves its outputs here)
 *   npx tsx scripts/walk-readme.ts --skip-bench
 *
 * Not run: `npm ci` (just done), `npm test` (CI's job) and the GPU machine's script.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Outcome {
  command: string;
  ok: boolean;
  seconds: number;
  note: string;
}

/** Commands that keep running, and what they print once they are ready. */
const SERVERS: { pattern: RegExp; ready: RegExp; alternatives?: boolean }[] = [
  { pattern: /^redis-server\b/, ready: /Ready to accept connections/i },
  // `serve` lines of one block are alternatives on one port: the next one replaces the last.
  { pattern: /\bskyline (serve|start)\b|^npm start\b/, ready: /ws:\/\/|http:\/\/|listening|ready/i, alternatives: true },
  { pattern: /\bskyline (replay|mcp)\b/, ready: /ws:\/\/|http:\/\/|listening|ready/i },
  { pattern: /\bskyline worker\b/, ready: /worker|waiting|ready|listening/i },
  { pattern: /^npm run dev\b/, ready: /Local:\s+http/ },
];
/** Commands a README shows failing on purpose, and what their failure must say. */
const EXPECTED_FAILURES: { pattern: RegExp; says: RegExp }[] = [
  // Examples of one's own model: with no server at that address they must stop at once, naming it.
  { pattern: /OPENAI_BASE_URL=http:\/\/localhost:8000\/v1 .*--agents llm/, says: /localhost:8000/ },
  // Reading the report of that model's run, which therefore does not exist: the error names it.
  { pattern: /skyline eval --(compare|serve) .*runs\/my-vlm/, says: /runs\/my-vlm/ },
];
/** Lines the walk does not run: the install it has just done, and the test suite (CI runs it). */
const NOT_RUN = [/^npm ci\b/, /^npm test\b/, /gpu-h200\.sh/];
const COMMAND_LIMIT_S = 900;
const READY_LIMIT_S = 120;

const args = new Set(process.argv.slice(2));
const repository = join(import.meta.dirname, '..');

function shellBlocks(readme: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of readme.split('\n')) {
    if (/^```(sh|bash|shell)\s*$/.test(line)) current = [];
    else if (/^```/.test(line) && current) {
      blocks.push(current);
      current = null;
    } else if (current) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command && !command.startsWith('#')) current.push(command);
    }
  }
  return blocks;
}

function run(command: string, cwd: string): ChildProcess {
  return spawn('bash', ['-c', command], { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '' } });
}

function collect(child: ChildProcess): { text: () => string } {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { text: () => output };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch { /* already gone */ }
    }, 10_000).unref();
  });
}

async function walkBlock(block: string[], cwd: string, outcomes: Outcome[]): Promise<void> {
  const servers: ChildProcess[] = [];
  let alternative: ChildProcess | null = null;
  const report = (outcome: Outcome): void => {
    outcomes.push(outcome);
    process.stdout.write(`${outcome.ok ? 'ok  ' : 'FAIL'}  ${outcome.seconds.toFixed(1).padStart(6)} s  ${outcome.command}\n      ${outcome.note}\n`);
  };
  for (const command of block) {
    if (NOT_RUN.some((pattern) => pattern.test(command))) continue;
    if (args.has('--skip-bench') && /^npm run bench\b/.test(command)) continue;
    const started = performance.now();
    const server = SERVERS.find((entry) => entry.pattern.test(command));
    if (server?.alternatives && alternative) {
      await stop(alternative);
      alternative = null;
    }
    const child = run(command, cwd);
    const output = collect(child);
    if (server) {
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setInterval(() => {
          if (server.ready.test(output.text())) done(true);
        }, 200);
        const limit = setTimeout(() => done(false), READY_LIMIT_S * 1000);
        child.once('exit', () => done(server.ready.test(output.text())));
        function done(value: boolean): void {
          clearInterval(timer);
          clearTimeout(limit);
          resolve(value);
        }
      });
      const alive = child.exitCode === null;
      report({ command, ok: ready && alive, seconds: (performance.now() - started) / 1000, note: ready ? (alive ? 'ready' : `exited ${child.exitCode}`) : `not ready: ${output.text().slice(-300)}` });
      servers.push(child);
      if (server.alternatives) alternative = child;
      continue;
    }
    const code = await new Promise<number | null>((resolve) => {
      const limit = setTimeout(() => void stop(child), COMMAND_LIMIT_S * 1000);
      child.once('exit', (exit) => {
        clearTimeout(limit);
        resolve(exit);
      });
    });
    const expected = EXPECTED_FAILURES.find((entry) => entry.pattern.test(command));
    const ok = expected ? code !== 0 && expected.says.test(output.text()) : code === 0;
    const last = output.text().trim().split('\n').pop() ?? '';
    report({ command, ok, seconds: (performance.now() - started) / 1000, note: `exit ${code}${expected ? ' (a failure the README shows)' : ''}: ${last.slice(0, 160)}` });
  }
  for (const server of servers.reverse()) await stop(server);
}

async function main(): Promise<void> {
  let cwd = repository;
  let scratch: string | null = null;
  if (!args.has('--here')) {
    scratch = mkdtempSync(join(tmpdir(), 'skyline-readme-'));
    cwd = join(scratch, 'skyline');
    process.stderr.write(`walk-readme: a fresh clone in ${cwd}, then npm ci …\n`);
    execFileSync('git', ['clone', '--quiet', repository, cwd], { stdio: 'inherit' });
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const outcomes: Outcome[] = [];
  try {
    for (const block of shellBlocks(readFileSync(join(cwd, 'README.md'), 'utf8'))) await walkBlock(block, cwd, outcomes);
  } finally {
    if (scratch && !args.has('--keep')) rmSync(scratch, { recursive: true, force: true });
  }
  const failed = outcomes.filter((outcome) => !outcome.ok).length;
  process.stdout.write(`README commands: ${outcomes.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}

await main();
