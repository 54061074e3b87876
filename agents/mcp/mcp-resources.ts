/**
 * The resources of `skyline mcp`: the world description, the map (PNG), the WorldSpec and the
 * recent event log. A client that subscribes to one hears `notifications/resources/updated`
 * when it changes: the event log on new events (at most every EVENT_NOTIFY_MS), all of them on reset.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, SubscribeRequestSchema, UnsubscribeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { encodePng, renderMap, serializeWorldSpec, type WorldSpec } from '../../worlds/index.ts';
import { bytesToBase64 } from '../observations/base64-bytes.ts';
import { describeWorldJson } from './mcp-tools.ts';
import type { McpWorld } from './mcp-world.ts';

export const RESOURCE_URIS = {
  description: 'skyline://world/description',
  map: 'skyline://world/map.png',
  spec: 'skyline://world/spec.json',
  events: 'skyline://events/recent',
} as const;

const EVENT_NOTIFY_MS = 250;
const EVENTS_SHOWN = 200;
/** The map is drawn once per world: it does not change while the world runs. */
const MAP_CACHE = new WeakMap<WorldSpec, Promise<string>>();

function mapPngBase64(spec: WorldSpec): Promise<string> {
  let png = MAP_CACHE.get(spec);
  if (!png) {
    png = (async () => {
      const image = renderMap(spec);
      return bytesToBase64(await encodePng(image.width, image.height, image.data, 3));
    })();
    MAP_CACHE.set(spec, png);
  }
  return png;
}

/** Registers the resources on `server` and wires subscriptions; returns the function that stops notifying. */
export function registerWorldResources(server: McpServer, world: McpWorld): () => void {
  const json = (uri: URL, value: unknown) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(value) }] });
  server.registerResource('world-description', RESOURCE_URIS.description, {
    title: 'World description', mimeType: 'application/json',
    description: 'The city: bounds, places, streets, no-fly zones, agents with their skills, the clock mode and the safety rules (what describe_world returns).',
  }, (uri) => json(uri, describeWorldJson(world)));
  server.registerResource('world-map', RESOURCE_URIS.map, {
    title: 'Map of the city', mimeType: 'image/png',
    description: 'A top-down map (north up): streets, buildings shaded by height, parks, water, depots, pads and no-fly zones, labelled, with a scale bar.',
  }, async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'image/png', blob: await mapPngBase64(world.session.worldSpec()) }] }));
  server.registerResource('world-spec', RESOURCE_URIS.spec, {
    title: 'WorldSpec', mimeType: 'application/json',
    description: 'The whole world as a WorldSpec (the JSON `skyline world` writes): roads, blocks, buildings, places, no-fly zones, wind.',
  }, (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: serializeWorldSpec(world.session.worldSpec()) }] }));
  server.registerResource('recent-events', RESOURCE_URIS.events, {
    title: 'Recent events', mimeType: 'application/json',
    description: `The newest ${EVENTS_SHOWN} events: orders, pick-ups, deliveries, skills started and done, crashes, messages, refused actions, safety stops.`,
  }, (uri) => json(uri, { t: world.session.fleetEnv.t, events: world.recentEvents(EVENTS_SHOWN) }));

  const subscribed = new Set<string>();
  const known = Object.values(RESOURCE_URIS) as string[];
  server.server.registerCapabilities({ resources: { subscribe: true, listChanged: true } });
  server.server.setRequestHandler(SubscribeRequestSchema, (request) => {
    const { uri } = request.params;
    if (!known.includes(uri)) throw new McpError(ErrorCode.InvalidParams, `uri: ${JSON.stringify(uri)} is not a resource of this server; known: ${known.join(', ')}`);
    subscribed.add(uri);
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  let eventTimer: ReturnType<typeof setTimeout> | null = null;
  const notify = (uri: string): void => {
    if (subscribed.has(uri) && server.isConnected()) void server.server.sendResourceUpdated({ uri }).catch(() => undefined);
  };
  const stopListening = world.onChange((change) => {
    if (change.kind === 'reset') {
      for (const uri of known) notify(uri);
      return;
    }
    if (eventTimer || !subscribed.has(RESOURCE_URIS.events)) return;
    // Realtime worlds produce events every few milliseconds: one notification per interval is enough to re-read.
    eventTimer = setTimeout(() => {
      eventTimer = null;
      notify(RESOURCE_URIS.events);
    }, EVENT_NOTIFY_MS);
    eventTimer.unref?.();
  });
  return () => {
    stopListening();
    if (eventTimer) clearTimeout(eventTimer);
  };
}
