/** `npm run dev` prints the address it serves, as docs/viewer.md tells users to open it. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repository = join(import.meta.dirname, '..', '..');

describe('npm run dev', () => {
  it('prints the local URL, and that URL serves the viewer page', async () => {
    const child = spawn('npm', ['run', 'dev', '--', '--port', '0', '--strictPort', 'false'], { cwd: repository, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed in 60 s; output: ${output}`)), 60_000);
        const read = (chunk: Buffer): void => {
          // Colours off: the line is matched as text.
          output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, '');
          const match = /Local:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        };
        child.stdout!.on('data', read);
        child.stderr!.on('data', read);
        child.on('exit', (code) => reject(new Error(`npm run dev exited with ${code}; output: ${output}`)));
      });
      const page = await (await fetch(url)).text();
      expect(page).toContain('<title>Skyline viewer</title>');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  });
});
