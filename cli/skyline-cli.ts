/**
 * The `skyline` command line: the composition root above every layer. Each layer builds
 * its own commands (commander `Command` objects) and this file only puts them together,
 * so that imports keep pointing down.
 */
import { Command, CommanderError } from 'commander';
import { createReplayCommand, createRolloutCommand, createWorldCommand } from '../sim/index.ts';
import { ensureViewerBuilt } from '../render/index.ts';
import { createRunCommand } from '../agents/index.ts';
import { createMcpCommand, createServeCommand, startSkylineServer } from '../agents/index.node.ts';
import { createEvalCommand } from '../evaluation/index.node.ts';
import { createStartCommand, type StartServerRequest, type StartedServer } from './start-command.ts';
import { createTrainCommand } from '../learn/index.node.ts';
import { createMergeCommand, createWorkerCommand, rolloutScaleOut } from '../cluster/index.node.ts';

export function buildSkylineProgram(): Command {
  const program = new Command('skyline')
    .description('Skyline: a world simulator for drones and ground robots in procedurally generated cities.')
    .version(process.env.npm_package_version ?? '0.1.0', '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: true });
  program.addCommand(createRolloutCommand({ scaleOut: rolloutScaleOut }));
  program.addCommand(createWorkerCommand());
  program.addCommand(createMergeCommand());
  program.addCommand(createWorldCommand());
  program.addCommand(createRunCommand());
  program.addCommand(createTrainCommand());
  program.addCommand(createEvalCommand({ viewerDir: () => ensureViewerBuilt() }));
  program.addCommand(createServeCommand());
  program.addCommand(createMcpCommand());
  program.addCommand(createReplayCommand({ viewerDir: () => ensureViewerBuilt() }));
  program.addCommand(createStartCommand({ viewerDir: () => ensureViewerBuilt(), startServer: startSharedWorldServer }));
  return program;
}

/** Runs the CLI; a user error prints one line naming what was wrong and exits with code 2. */
export async function runSkylineCli(argv: string[]): Promise<void> {
  const program = buildSkylineProgram();
  // Subcommands added with addCommand do not inherit this: set it on every command so that a
  // usage error anywhere exits with code 2 through one path.
  const commands = [program];
  while (commands.length) {
    const command = commands.pop()!;
    command.exitOverride();
    commands.push(...command.commands);
  }
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander already printed its message (unknown option, --help, --version).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`skyline: error: ${message}\n`);
    if (process.env.SKYLINE_DEBUG) console.error(error);
    process.exitCode = 2;
  }
}

/** `skyline start`'s server: the agents layer's WebSocket server with a shared world. */
function startSharedWorldServer(request: StartServerRequest): Promise<StartedServer> {
  return startSkylineServer(request);
}
