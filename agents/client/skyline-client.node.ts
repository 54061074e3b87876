/** The TypeScript client in Node, where `ws` supplies the WebSocket (Node 20 has no global one). */
import WebSocket from 'ws';
import { SkylineClient, type SkylineClientOptions, type WebSocketConstructor } from './skyline-client.ts';

export function connectSkylineClient(url: string, options: Omit<SkylineClientOptions, 'WebSocket'> = {}): Promise<SkylineClient> {
  return SkylineClient.connect(url, { ...options, WebSocket: WebSocket as unknown as WebSocketConstructor });
}
