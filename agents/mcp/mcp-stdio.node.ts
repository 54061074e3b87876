/**
 * `skyline mcp` over stdio (the default): one client, one world, JSON-RPC lines on stdin and
 * stdout. Nothing else may write to stdout; notes go to stderr. It ends when stdin closes (the
 * client went away), on SIGINT/SIGTERM, or when the client closes the connection.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { resolveMcpSettings, type McpWorldSettings } from './mcp-settings.ts';
import { McpWorld } from './mcp-world.ts';
import { createSkylineMcpServer } from './skyline-mcp-server.ts';

export interface StdioServeOptions {
  settings?: Partial<McpWorldSettings>;
  stdin?: NodeJS.ReadableStream & { pause(): unknown };
  stdout?: NodeJS.WritableStream;
  log?: (line: string) => void;
  /** Called once the server answers on stdin. */
  onReady?: (world: McpWorld) => void;
}

/** Serves until the client goes away; resolves after everything is closed. */
export async function serveMcpOverStdio(options: StdioServeOptions = {}): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const stdout = options.stdout ?? process.stdout;
  const settings = resolveMcpSettings(options.settings);
  const world = await McpWorld.create(settings);
  const mcp = createSkylineMcpServer(world, options.log);
  const transport = new StdioServerTransport(stdin as never, stdout as never);
  const ended = new Promise<void>((resolve) => {
    const stop = (): void => {
      stdin.off('end', stop);
      stdin.off('close', stop);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    stdin.once('end', stop);
    stdin.once('close', stop);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    mcp.server.server.onclose = stop;
  });
  await mcp.server.connect(transport);
  options.onReady?.(world);
  await ended;
  await mcp.close().catch(() => undefined);
}
