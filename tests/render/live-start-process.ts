/**
 * `skyline start` as a user runs it (what `npm start` runs): a child process whose stdout names the
 * viewer's URL. Stopping it sends SIGINT, as Ctrl-C does, and reports how it exited.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPOSITORY_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface StartedSkyline {
  child: ChildProcess;
  /** http://127.0.0.1:PORT/ as printed. */
  url: string;
  port: number;
  /** Everything printed so far, stdout and stderr. */
  output(): string;
  /** Sends SIGINT and resolves with the exit code once the process ended. */
  stop(): Promise<number | null>;
}

/** Whether the agents layer has its WebSocket server (the live suites need it). */
export async function serverAvailable(): Promise<boolean> {
  return 'startSkylineServer' in (await import('../../agents/index.node.ts'));
}

export function startSkylineProcess(args: string[]): Promise<StartedSkyline> {
  const child = spawn(process.execPath, ['bin/skyline.mjs', 'start', ...args], { cwd: REPOSITORY_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Viewer: (http:\/\/[^\s]+:(\d+)\/)/.exec(output);
      if (match) {
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => { output += more.toString(); });
        resolve({ child, url: match[1], port: Number(match[2]), output: () => output, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    void exited.then((code) => reject(new Error(`skyline start exited with code ${code} before printing its URL:\n${output}`)));
  });
}
