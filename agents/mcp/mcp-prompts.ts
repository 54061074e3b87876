/**
 * Prompt templates for MCP clients: a delivery dispatcher for the fleet and a search task for
 * one drone. They say how this server works (the server flies; wait_until lets time pass) so a
 * model does not have to discover it by trial and error.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

const HOW_THIS_SERVER_WORKS = [
  'How the Skyline tools work:',
  '- describe_world lists the agents, places, streets and no-fly zones; the skyline://world/map.png resource is a map.',
  '- A verb tool (takeoff, fly_to, drive_to, pick_up, drop_off, land, ...) or act (an instruction in words) starts a skill that the server carries out.',
  '- Simulated time passes only in wait_until (lockstep worlds): call it after starting skills; it returns when the agent\'s skill ends, something happens to it, or max_s passes.',
  '- observe shows what an agent sees: a description, its JSON state (open orders, cargo, inbox) and its camera image.',
  '- A refused call returns an error naming the rule and the closest accepted values: correct the call rather than repeating it.',
].join('\n');

export function registerPrompts(server: McpServer): void {
  server.registerPrompt('delivery-dispatcher', {
    title: 'Delivery dispatcher',
    description: 'Dispatch the whole fleet: assign open orders to drones and robots, fly and drive them, and report the metrics.',
    argsSchema: {
      goal: z.string().optional().describe('what to optimise, e.g. "deliver as many orders on time as possible" (the default)'),
      minutes: z.string().optional().describe('simulated minutes to dispatch for (default 10)'),
    },
  }, ({ goal, minutes }) => ({
    description: 'Dispatch Skyline\'s delivery fleet',
    messages: [{
      role: 'user',
      content: {
        type: 'text',
        text: [
          'You are the dispatcher of a delivery fleet of drones and ground robots in a simulated city.',
          `Goal: ${goal?.trim() || 'deliver as many orders on time as possible'}, for about ${minutes?.trim() || '10'} simulated minutes.`,
          '',
          'Plan:',
          '1. Call describe_world, then observe each agent (include: ["json"]) to see the open orders (pickup depot, dropoff address, deadline) and where the agents are.',
          '2. Give each idle agent the nearest open order: it goes to the order\'s pickup depot (fly_to or drive_to), pick_up the parcel, goes to the dropoff address, drop_off.',
          '   Drones are fast and deliver to roofs; robots are slow, carry more and deliver at the front door. Keep drones for the far and urgent orders.',
          '3. Call wait_until for the agent whose skill ends first (max_s 60), read what happened, and give the next instruction.',
          '4. Every few minutes call metrics and say in one line how the fleet is doing.',
          '',
          HOW_THIS_SERVER_WORKS,
        ].join('\n'),
      },
    }],
  }));
  server.registerPrompt('search-task', {
    title: 'Search task',
    description: 'Search the city with one drone for something described in words, looking through its camera.',
    argsSchema: {
      target: z.string().describe('what to find, e.g. "a red building taller than its neighbours" or "the park by the river"'),
      agent: z.string().optional().describe('the drone that searches (default drone-1)'),
      area: z.string().optional().describe('where to start, a place or street name (default: the whole city)'),
    },
  }, ({ target, agent, area }) => ({
    description: `Search for ${target}`,
    messages: [{
      role: 'user',
      content: {
        type: 'text',
        text: [
          `Find ${target} with ${agent?.trim() || 'drone-1'}${area?.trim() ? `, starting around ${area.trim()}` : ''}.`,
          '',
          'Plan:',
          '1. Read the skyline://world/map.png resource and call describe_world; choose three to six places that could match and order them by distance.',
          '2. takeoff, then for each place: fly_to it, wait_until the skill ends, observe (include: ["text", "image"]) and describe what the camera shows.',
          '3. Stop when you find it: say where it is (place name and coordinates) and why you are sure; then land.',
          '4. If nothing matches after the last place, say which places you checked and what you saw.',
          '',
          HOW_THIS_SERVER_WORKS,
        ].join('\n'),
      },
    }],
  }));
}
