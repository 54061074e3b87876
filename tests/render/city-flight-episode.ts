/**
 * A short delivery-like episode in a generated city, stepped by the real physics, for the viewer's
 * tests: drones (a BatchEnv in the city, goto rung) follow a carrot along climb → cruise →
 * descend paths to pads, ground robots (the differential-drive model with its pure-pursuit goto)
 * drive road routes, and one drone flies into a building so that a crash is recorded. It yields
 * FleetFrames exactly as the stream and the recorder see them.
 */
import {
  applyRobotControl, BatchArena, DEFAULT_ROBOT_GAINS, DELIVERY_ROBOT_PARAMS, QUADROTOR_STATE as S, ROBOT_STATE, robotArenaFields,
  robotArrays, stepGroundRobots, VEHICLE_STATUS, VEHICLE_STATUS_NAMES, writeRobotParams,
} from '../../physics/index.ts';
import { BatchEnv, type FleetEvent, type FleetFrame, type OrderFrame, type ParcelFrame, type VehicleFrame } from '../../sim/index.ts';
import { generateWorld, RoadGraph, type GeneratorParamsInput, type WorldSpec } from '../../worlds/index.ts';

export interface CityFlightOptions {
  seed?: number;
  drones?: number;
  robots?: number;
  /** Simulated seconds. */
  seconds?: number;
  /** One frame every this many physics steps (dt = 0.01 s). */
  frameEvery?: number;
  world?: GeneratorParamsInput;
}

export interface CityFlightEpisode {
  world: WorldSpec;
  frames: FleetFrame[];
}

type Point3 = [number, number, number];

const CRUISE_SPEED = 6; // m/s of the carrot
const CARROT_LEAD = 2.5; // m: the carrot waits when the drone falls this far behind
const CLEARANCE = 12; // m above the tallest building under the straight route

export async function simulateCityFlight(options: CityFlightOptions = {}): Promise<CityFlightEpisode> {
  const seed = options.seed ?? 11, droneCount = options.drones ?? 6, robotCount = options.robots ?? 2;
  const steps = Math.round((options.seconds ?? 30) / 0.01), frameEvery = options.frameEvery ?? 10;
  const world = generateWorld(seed, { size: 900, ...options.world });
  const env = await BatchEnv.create({ task: 'hover', world, dronesPerWorld: droneCount, rung: 'goto', seed, maxEpisodeSteps: 1e9, autoreset: false });
  env.reset({ seed });
  const core = env.core, n = core.stride, state = core.quad.state, status = core.quad.status;

  // Drone k flies to the pad nearest its spawn; the last one flies low into the nearest building.
  const paths: Point3[][] = [], destinations: string[] = [];
  for (let k = 0; k < droneCount; k++) {
    const start: Point3 = [state[S.px * n + k], state[S.py * n + k], state[S.pz * n + k]];
    if (k === droneCount - 1 && droneCount > 1) {
      const building = nearestBuilding(world, start);
      const centre: Point3 = [(building.minX + building.maxX) / 2, (building.minY + building.maxY) / 2, Math.min(start[2], building.height / 2)];
      paths.push([start, [start[0], start[1], centre[2]], centre]);
      destinations.push(building.name ?? `${building.address.number} ${building.address.street}`);
      continue;
    }
    const pad = world.pads.slice().sort((a, b) => Math.hypot(a.x - start[0], a.y - start[1]) - Math.hypot(b.x - start[0], b.y - start[1]))[k % 3];
    const cruise = Math.max(start[2], pad.z, tallestUnder(world, start, [pad.x, pad.y]) + CLEARANCE);
    paths.push([start, [start[0], start[1], cruise], [pad.x, pad.y, cruise], [pad.x, pad.y, pad.z + 0.6]]);
    destinations.push(pad.name);
  }
  const carrots = paths.map(() => ({ segment: 0, along: 0 }));

  // Robots leave the depots along road routes toward a building entrance.
  const roads = new RoadGraph(world);
  const arena = BatchArena.create(robotArenaFields(Math.max(robotCount, 1)), { shared: false });
  const robots = robotArrays(arena, Math.max(robotCount, 1));
  const robotRoutes: { x: number; y: number }[][] = [], robotNext: number[] = [];
  const robotCommands = new Float32Array(2 * robots.stride);
  for (let r = 0; r < robotCount; r++) {
    const depot = world.depots[r % world.depots.length];
    const goal = world.buildings[(seed * 7 + r * 131) % world.buildings.length].entrance;
    const route = roads.routeBetweenPoints(depot.x, depot.y, goal.x, goal.y);
    const nodes = (route?.nodes ?? []).map((node) => ({ x: roads.nodeX[node], y: roads.nodeY[node] }));
    robotRoutes.push(nodes.length ? nodes : [{ x: depot.x, y: depot.y }]);
    robotNext.push(1);
    writeRobotParams(DELIVERY_ROBOT_PARAMS, robots.params, robots.stride, r);
    const first = robotRoutes[r][0], second = robotRoutes[r][1] ?? first;
    robots.state[ROBOT_STATE.x * robots.stride + r] = first.x;
    robots.state[ROBOT_STATE.y * robots.stride + r] = first.y;
    robots.state[ROBOT_STATE.yaw * robots.stride + r] = Math.atan2(second.y - first.y, second.x - first.x);
  }

  const droneIds = paths.map((_, k) => `drone-${k + 1}`), robotIds = robotRoutes.map((_, r) => `robot-${r + 1}`);
  const parcels: ParcelFrame[] = [...droneIds, ...robotIds].map((id, k) => ({
    id: `parcel-${k + 1}`, position: [0, 0, 0], state: 'carried', carriedBy: id, orderId: `order-${k + 1}`,
  }));
  const orders: OrderFrame[] = parcels.map((parcel, k) => ({
    id: parcel.orderId!, parcelId: parcel.id, pickup: world.depots[k % world.depots.length].name,
    dropoff: k < droneCount ? destinations[k] : 'Entrance', createdAt: 0, deadline: 120 + 10 * k, payout: 8 + k, state: 'picked_up', assignedTo: parcel.carriedBy,
  }));
  const arrived = new Set<string>(), crashed = new Set<string>();
  let pendingEvents: FleetEvent[] = [];
  const emit = (step: number, event: Omit<FleetEvent, 't' | 'step'>): void => {
    pendingEvents.push({ t: step * 0.01, step, ...event });
  };
  droneIds.forEach((id, k) => emit(0, { kind: 'skill_started', agent: id, text: `fly_to ${destinations[k]}` }));
  robotIds.forEach((id) => emit(0, { kind: 'skill_started', agent: id, text: 'drive_to Entrance' }));
  emit(0, {
    kind: 'llm_message', agent: droneIds[0], text: `I carry parcel-1; flying to ${destinations[0]} above the rooftops.`,
    data: { reasoning: `The order is due in 120 s. The straight route crosses buildings up to ${Math.round(paths[0][1][2] - CLEARANCE)} m, so I climb first.` },
  });

  const actions = new Float32Array(droneCount * 4);
  const frames: FleetFrame[] = [];
  for (let step = 0; step <= steps; step++) {
    if (step % frameEvery === 0) {
      frames.push(buildFrame(step));
      pendingEvents = [];
    }
    if (step === steps) break;
    for (let k = 0; k < droneCount; k++) {
      const carrot = advanceCarrot(paths[k], carrots[k], [state[S.px * n + k], state[S.py * n + k], state[S.pz * n + k]]);
      actions.set([carrot[0], carrot[1], carrot[2], 0], 4 * k);
      core.goal[k] = carrot[0];
      core.goal[n + k] = carrot[1];
      core.goal[2 * n + k] = carrot[2];
    }
    env.step(actions);
    for (let r = 0; r < robotCount; r++) {
      const route = robotRoutes[r], x = robots.state[ROBOT_STATE.x * robots.stride + r], y = robots.state[ROBOT_STATE.y * robots.stride + r];
      let next = route[Math.min(robotNext[r], route.length - 1)];
      if (Math.hypot(next.x - x, next.y - y) < 2 && robotNext[r] < route.length - 1) next = route[++robotNext[r]];
      robotCommands[2 * r] = next.x;
      robotCommands[2 * r + 1] = next.y;
    }
    applyRobotControl('goto', robotCommands, robots, DEFAULT_ROBOT_GAINS, 0, robotCount);
    stepGroundRobots(robots, 0, robotCount, 0.01);
    for (let k = 0; k < droneCount; k++) {
      const id = droneIds[k];
      if (status[k] !== VEHICLE_STATUS.ok && !crashed.has(id)) {
        crashed.add(id);
        emit(step + 1, { kind: 'crash', agent: id, text: `${id} ${VEHICLE_STATUS_NAMES[status[k]]}`, data: { position: [state[S.px * n + k], state[S.py * n + k], state[S.pz * n + k]] } });
        emit(step + 1, { kind: 'skill_failed', agent: id, text: `fly_to ${destinations[k]}: crashed` });
      }
      const end = paths[k][paths[k].length - 1];
      if (!arrived.has(id) && status[k] === VEHICLE_STATUS.ok && Math.hypot(state[S.px * n + k] - end[0], state[S.py * n + k] - end[1], state[S.pz * n + k] - end[2]) < 0.3) {
        arrived.add(id);
        parcels[k].state = 'delivered';
        parcels[k].carriedBy = null;
        orders[k].state = 'delivered';
        emit(step + 1, { kind: 'skill_done', agent: id, text: `fly_to ${destinations[k]}` });
        emit(step + 1, { kind: 'delivered', agent: id, text: `${parcels[k].id} delivered at ${destinations[k]}`, data: { order: orders[k].id } });
      }
    }
    if (step === 400) emit(step + 1, { kind: 'say', agent: droneIds[0], text: `${robotIds[0] ?? 'everyone'}: I will take the rooftop drop.` });
  }
  await env.close();
  return { world, frames };

  function buildFrame(step: number): FleetFrame {
    const vehicles: VehicleFrame[] = droneIds.map((id, k) => {
      const end = paths[k][paths[k].length - 1];
      return {
        id, kind: 'drone',
        position: [state[S.px * n + k], state[S.py * n + k], state[S.pz * n + k]],
        attitude: [state[S.qw * n + k], state[S.qx * n + k], state[S.qy * n + k], state[S.qz * n + k]],
        velocity: [state[S.vx * n + k], state[S.vy * n + k], state[S.vz * n + k]],
        status: VEHICLE_STATUS_NAMES[status[k]], battery: Math.max(0, 1 - step * 0.01 / 600),
        cargo: parcels[k].carriedBy === id ? [parcels[k].id] : [],
        skill: arrived.has(id) || crashed.has(id) ? null : `fly_to ${destinations[k]}`,
        target: arrived.has(id) || crashed.has(id) ? null : [end[0], end[1], end[2]],
      };
    });
    robotIds.forEach((id, r) => {
      const stride = robots.stride, yaw = robots.state[ROBOT_STATE.yaw * stride + r];
      const speed = 0.5 * (robots.state[ROBOT_STATE.left * stride + r] + robots.state[ROBOT_STATE.right * stride + r]);
      const goal = robotRoutes[r][robotRoutes[r].length - 1];
      vehicles.push({
        id, kind: 'robot',
        position: [robots.state[ROBOT_STATE.x * stride + r], robots.state[ROBOT_STATE.y * stride + r], 0],
        attitude: [Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)],
        velocity: [speed * Math.cos(yaw), speed * Math.sin(yaw), 0],
        status: 'ok', battery: 1, cargo: [parcels[droneCount + r].id], skill: 'drive_to Entrance', target: [goal.x, goal.y, 0],
      });
    });
    for (const parcel of parcels) {
      const carrier = vehicles.find((vehicle) => vehicle.id === parcel.carriedBy);
      if (carrier) parcel.position = [carrier.position[0], carrier.position[1], carrier.position[2] - (carrier.kind === 'drone' ? 0.08 : -0.3)];
    }
    const delivered = orders.filter((order) => order.state === 'delivered').length;
    return {
      version: 1, step, t: step * 0.01, vehicles,
      parcels: parcels.map((parcel) => ({ ...parcel, position: [...parcel.position] })),
      orders: orders.map((order) => ({ ...order })),
      metrics: { delivered, open_orders: orders.length - delivered, collisions: crashed.size, sim_seconds: step * 0.01 },
      events: pendingEvents,
    };
  }
}

/** Moves the carrot along the path, never more than CARROT_LEAD ahead of the drone. */
function advanceCarrot(path: Point3[], carrot: { segment: number; along: number }, position: Point3): Point3 {
  const at = (): Point3 => {
    const a = path[carrot.segment], b = path[Math.min(carrot.segment + 1, path.length - 1)];
    const length = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]) || 1;
    const f = Math.min(carrot.along / length, 1);
    return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])];
  };
  const current = at();
  if (Math.hypot(current[0] - position[0], current[1] - position[1], current[2] - position[2]) > CARROT_LEAD) return current;
  if (carrot.segment >= path.length - 1) return path[path.length - 1];
  carrot.along += CRUISE_SPEED * 0.01;
  const a = path[carrot.segment], b = path[carrot.segment + 1];
  if (carrot.along >= Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2])) {
    carrot.segment++;
    carrot.along = 0;
  }
  return at();
}

function tallestUnder(world: WorldSpec, from: Point3, to: [number, number]): number {
  let tallest = 0;
  for (let s = 0; s <= 1; s += 0.01) {
    const x = from[0] + s * (to[0] - from[0]), y = from[1] + s * (to[1] - from[1]);
    for (const building of world.buildings) {
      if (x >= building.minX - 3 && x <= building.maxX + 3 && y >= building.minY - 3 && y <= building.maxY + 3) tallest = Math.max(tallest, building.height);
    }
  }
  return tallest;
}

function nearestBuilding(world: WorldSpec, from: Point3): WorldSpec['buildings'][number] {
  let best = world.buildings[0], bestDistance = Infinity;
  for (const building of world.buildings) {
    const dx = Math.max(building.minX - from[0], 0, from[0] - building.maxX), dy = Math.max(building.minY - from[1], 0, from[1] - building.maxY);
    const distance = Math.hypot(dx, dy);
    if (distance < bestDistance && building.height > from[2] + 2) {
      best = building;
      bestDistance = distance;
    }
  }
  return best;
}
