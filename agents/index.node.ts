/**
 * agents/ in Node: everything of the browser-safe face (index.ts) plus the WebSocket server, the
 * Node client entry and `skyline serve`. Import this from Node programs, never from the viewer.
 */
export * from './index.ts';
export { startSkylineServer, type SkylineServer, type SkylineServerStats } from './server/skyline-server.node.ts';
export {
  SERVER_VERSION, DEFAULT_PORT, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_MESSAGES_PER_SECOND, DEFAULT_MAX_SESSIONS, DEFAULT_REALTIME_RATE, DEFAULT_MAX_BUFFERED_BYTES,
  isLoopbackHost, type SkylineServerOptions,
} from './server/server-options.ts';
export { connectSkylineClient } from './client/skyline-client.node.ts';
export { createServeCommand, listeningOn } from './cli/serve-command.node.ts';
export { createMcpCommand } from './mcp/mcp-command.node.ts';
export { startMcpHttpServer, MCP_PATH, DEFAULT_MCP_MAX_SESSIONS, type McpHttpServer, type McpHttpServerOptions } from './mcp/mcp-http-server.node.ts';
export { serveMcpOverStdio, type StdioServeOptions } from './mcp/mcp-stdio.node.ts';
export { createSkylineMcpServer, type SkylineMcpServer } from './mcp/skyline-mcp-server.ts';
export { McpWorld, type McpResetOverrides } from './mcp/mcp-world.ts';
export { DEFAULT_MAX_ALTITUDE, DEFAULT_IMAGE_SIZE, type McpWorldSettings, type McpSafetyRules } from './mcp/mcp-settings.ts';
export { LOW_LEVEL_VERBS } from './mcp/safety-rules.ts';
