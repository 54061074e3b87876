/**
 * `skyline replay FILE`: serves the viewer and a recording over HTTP on loopback, prints the URL
 * and, with --open, opens it in the default browser. The viewer's folder comes from the caller
 * (the CLI's composition root builds it), so sim/ does not reach up into render/.
 */
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { readRecordingFile } from '../recording/fleet-recorder.ts';
import { startReplayServer } from '../recording/replay-server.ts';
import { wholeNumber } from './cli-options.ts';
import { untilStopped } from './until-stopped.ts';

export interface ReplayCommandDependencies {
  /** The built viewer's folder, built first when needed. */
  viewerDir(): Promise<string>;
}

interface ReplayOptions {
  port: number;
  host: string;
  open: boolean;
  step?: number;
}

export function createReplayCommand(dependencies: ReplayCommandDependencies): Command {
  return new Command('replay')
    .description('Replay a recording in the browser viewer: serves the viewer and the file, prints the URL.')
    .argument('<file>', 'a recording written by the recorder (NAME.arrow)')
    .option('--port <port>', 'HTTP port (0 picks a free one)', wholeNumber(0, 65535), 8790)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--step <step>', 'open the recording at this simulation step', wholeNumber(0))
    .option('--open', 'open the URL in the default browser', false)
    .addHelpText('after', `
Examples:
  $ npx skyline replay runs/episode-7.arrow
  $ npx skyline replay runs/episode-7.arrow --open --step 1200
  $ npx skyline replay runs/episode-7.arrow --port 0 --host 0.0.0.0

Keys in the viewer: Space plays and pauses, arrows step, [ and ] change the speed,
, and . jump between crashes and deliveries, ? lists them all.`)
    .action(async (file: string, options: ReplayOptions) => {
      const recording = await readRecordingFile(file);
      if (!recording.world) {
        throw new Error(`${file} holds no world (skyline.world metadata), so it cannot be drawn; record with openFleetRecorder(path, { world })`);
      }
      const viewerDir = await dependencies.viewerDir();
      const server = await startReplayServer({ viewerDir, recordingPath: file, host: options.host, port: options.port });
      const url = options.step === undefined ? server.url : `${server.url}&step=${options.step}`;
      const duration = recording.frameCount ? recording.times[recording.frameCount - 1] - recording.times[0] : 0;
      const world = recording.world as { name?: string };
      process.stdout.write(
        `Replaying ${file}: ${recording.frameCount} frames, ${duration.toFixed(1)} s, ${recording.vehicles.length} vehicles, ` +
          `${recording.events.length} events${world.name ? `, ${world.name}` : ''}${recording.complete ? '' : ' (cut short)'}\n` +
          `Viewer: ${url}\n(Ctrl-C to stop)\n`,
      );
      if (options.open) openInBrowser(url);
      await untilStopped();
      await server.close();
    });
}

/** Opens a URL with the platform's opener; says why and how to open it by hand when it cannot. */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): void {
  const byHand = `open ${url} in a browser yourself (from another machine: ssh -L <port>:127.0.0.1:<port> to this one)`;
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    process.stderr.write(`skyline: --open: no display here (DISPLAY and WAYLAND_DISPLAY are unset), so no browser can be opened; ${byHand}\n`);
    return;
  }
  const [command, args] = platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => process.stderr.write(`skyline: --open: ${command} is not available, so no browser was opened; ${byHand}\n`));
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`skyline: --open: ${command} exited with code ${code}, so no browser was opened; ${byHand}\n`);
  });
  child.unref();
}
