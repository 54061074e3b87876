/**
 * One MCP server for one Skyline world: the tools (agents/mcp/mcp-tools.ts), resources and
 * prompts on the SDK's McpServer. It knows no transport; stdio and streamable HTTP connect it.
 *
 * Tools are served by handlers on the underlying Server rather than McpServer.registerTool:
 * registerTool lists a zod conversion and checks arguments with zod before the tool runs, while
 * these tools must publish the vocabulary's own JSON Schema and answer a bad call with the
 * vocabulary's errors (the same text as the WebSocket API, closest matches included).
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { SERVER_NAME, SERVER_VERSION } from '../server/server-options.ts';
import { registerPrompts } from './mcp-prompts.ts';
import { registerWorldResources } from './mcp-resources.ts';
import { buildToolCatalogue, callTool } from './mcp-tools.ts';
import type { McpWorld } from './mcp-world.ts';

export interface SkylineMcpServer {
  readonly server: McpServer;
  readonly world: McpWorld;
  /** Closes the MCP connection and the world (its clock stops stepping it). */
  close(): Promise<void>;
}

const INSTRUCTIONS = [
  'Skyline: a simulated city with a delivery fleet of drones and ground robots.',
  'Start with describe_world (agents, places, no-fly zones). Verb tools and act start skills that the server carries out;',
  'in a lockstep world simulated time passes only in wait_until, which returns when the agent\'s skill ends, an event concerns it, or max_s passes.',
  'observe returns what an agent sees (text, JSON, camera PNG). Refused calls name the rule and the closest accepted values.',
].join(' ');

export function createSkylineMcpServer(world: McpWorld, log: (line: string) => void = (line) => process.stderr.write(`skyline mcp: ${line}\n`)): SkylineMcpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: 'Skyline', version: SERVER_VERSION },
    { capabilities: { resources: { subscribe: true, listChanged: true }, prompts: {} }, instructions: INSTRUCTIONS },
  );
  // Declared here rather than in the options, so McpServer installs no tool handlers of its own.
  server.server.registerCapabilities({ tools: {} });
  const catalogue = buildToolCatalogue(world.settings.safety);
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: catalogue.map((entry) => entry.tool) }));
  server.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const token = request.params._meta?.progressToken;
    return callTool(catalogue, world, request.params.name, request.params.arguments, {
      signal: extra.signal,
      log,
      progress: token === undefined ? undefined : (progress, total, message) => {
        void extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress, total, message } }).catch(() => undefined);
      },
    });
  });
  const stopResources = registerWorldResources(server, world);
  registerPrompts(server);
  return {
    server,
    world,
    close: async () => {
      stopResources();
      world.close();
      await server.close();
    },
  };
}
