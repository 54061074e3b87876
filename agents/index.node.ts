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
