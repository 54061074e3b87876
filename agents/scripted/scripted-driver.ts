/**
 * The scripted baseline: a dispatcher that gives each open order to the idle vehicle expected to
 * deliver it soonest (drones take depot pick-ups their battery can cover, robots the rest), and
 * scripted agents that carry it out with fly_to / drive_to, pick_up and drop_off, sending drones
 * to the nearest depot to recharge. Where it is faster, a drone carries a parcel from its depot to
 * the depot nearest the drop-off and a robot waiting there takes it to the door (a drone→robot
 * hand-off). It sees and acts only through the session, like an LLM.
 */
import type { FleetAgentDriver, FleetSession } from '../session/fleet-session-contract.ts';

interface OrderView {
  id: string;
  parcel: string;
  pickup: string;
  dropoff: string;
  state: string;
  deadlineInS: number;
  massKg?: number;
  pickupAt: [number, number, number] | null;
  dropoffAt: [number, number, number] | null;
}

interface VehicleView {
  id: string;
  kind: 'drone' | 'robot';
  position: [number, number, number];
  status: string;
  landed: boolean;
  battery: number;
  cargo: string[];
  skill: string | null;
  nearestDepot: { name: string; distance: number };
  orders: OrderView[];
}

type Stage = 'awaiting' | 'to_pickup' | 'picking' | 'to_dropoff' | 'dropping';

interface Job {
  order: string;
  parcel: string;
  pickup: string;
  dropoff: string;
  stage: Stage;
  failures: number;
  /** A drone's leg of a hand-off: the robot that takes the parcel on from the drop-off depot. */
  handoffTo?: string;
  /** A robot waiting for a hand-off has been sent to the depot. */
  positioned?: boolean;
}

export interface ScriptedDriverOptions {
  /** Drones charge at a depot until they hold this share of a full battery before taking an order. */
  droneReadyBattery?: number;
  /** Plan drone→robot hand-offs at depots where they are faster (default true). */
  handoffs?: boolean;
}

/** A drone's cruise speed, m/s (the fly_to skill cruises at 6). */
const DRONE_TRIP_SPEED = 5.5;
/** Time a drone spends climbing, descending and landing per leg, s. */
const DRONE_LEG_OVERHEAD_S = 35;
/** Farther than this from the parcel, a drone flies to the pick-up place before picking up, m. */
const PICK_UP_HOP = 40;
const ROBOT_SPEED = 1.5; // m/s
/** Streets make a robot's path longer than the straight line by about this factor. */
const ROBOT_DETOUR_FACTOR = 1.35;
/** A drone hovering empties a full battery in 420 s; cruising costs a little more. */
const DRONE_ENDURANCE_S = 400;
const BATTERY_MARGIN = 0.1;
const DRONE_MAX_PAYLOAD_KG = 0.015;
/** Drones count as at a depot within this distance of its centre, m. */
const AT_DEPOT = 25;
const MAX_FAILURES = 2;
const HANDOFF_BATTERY_MARGIN = 0.3;
/** Time at the hand-off depot between the drone's drop and the robot's pick-up, s. */
const HANDOFF_OVERHEAD_S = 15;
/** A robot farther than this from the hand-off depot drives there while the drone flies, m. */
const HANDOFF_WAIT_RADIUS = 40;

export function createScriptedDriver(session: FleetSession, options: ScriptedDriverOptions = {}): FleetAgentDriver {
  return new ScriptedDriver(session, options);
}

class ScriptedDriver implements FleetAgentDriver {
  readonly name = 'scripted';
  private readonly jobs = new Map<string, Job>();
  /** Orders some vehicle has taken (or gave up), never offered again. */
  private readonly taken = new Set<string>();
  private actionsSent = 0;
  private actionsRefused = 0;
  private assignments = 0;
  private recharges = 0;
  private handoffsPlanned = 0;
  /** Parcels a drone has left at a depot for the robot of a hand-off. */
  private readonly handedOver = new Set<string>();
  private readonly readyBattery: number;
  private readonly handoffs: boolean;

  constructor(private readonly session: FleetSession, options: ScriptedDriverOptions) {
    this.readyBattery = options.droneReadyBattery ?? 0.95;
    this.handoffs = options.handoffs ?? true;
  }

  metrics(): Record<string, number> {
    return { actions_sent: this.actionsSent, actions_refused: this.actionsRefused, assignments: this.assignments, recharges: this.recharges, handoffs_planned: this.handoffsPlanned };
  }

  async decide(): Promise<void> {
    const views = this.session.agentIds().map((id) => this.view(id));
    for (const vehicle of views) {
      if (vehicle.status !== 'ok') {
        this.jobs.delete(vehicle.id);
        continue;
      }
      if (vehicle.skill !== null) continue; // a skill is running: the server flies it
      const job = this.jobs.get(vehicle.id);
      if (job?.stage === 'awaiting') await this.awaitHandoff(vehicle, job);
      else if (job) await this.continueJob(vehicle, job);
      else if (vehicle.kind === 'drone' && !this.atDepot(vehicle)) await this.send(vehicle.id, 'fly_to', { place: vehicle.nearestDepot.name }, () => this.recharges++);
    }
    await this.dispatch(views);
  }

  /** Gives open orders (earliest deadline first) to the idle vehicle expected to deliver soonest. */
  private async dispatch(views: VehicleView[]): Promise<void> {
    const idle = views.filter((v) => v.status === 'ok' && v.skill === null && !this.jobs.has(v.id) && v.cargo.length === 0 && (v.kind === 'robot' || this.atDepot(v)));
    if (idle.length === 0) return;
    const byId = new Map<string, OrderView>();
    for (const view of views) for (const order of view.orders) if (order.state === 'open' && !this.taken.has(order.id)) byId.set(order.id, order);
    const orders = [...byId.values()].sort((a, b) => a.deadlineInS - b.deadlineInS || a.id.localeCompare(b.id));
    for (const order of orders) {
      let best: { vehicle: VehicleView; eta: number } | null = null;
      for (const vehicle of idle) {
        if (this.jobs.has(vehicle.id)) continue;
        const eta = this.eta(vehicle, order);
        if (eta !== null && (!best || eta < best.eta)) best = { vehicle, eta };
      }
      const handoff = this.handoffs ? this.handoffPlan(order, idle) : null;
      if (handoff && (!best || handoff.eta < best.eta)) {
        const { drone, robot, depot } = handoff;
        this.jobs.set(drone.id, { order: order.id, parcel: order.parcel, pickup: order.pickup, dropoff: depot, stage: 'to_pickup', failures: 0, handoffTo: robot.id });
        const robotJob: Job = { order: order.id, parcel: order.parcel, pickup: depot, dropoff: order.dropoff, stage: 'awaiting', failures: 0 };
        this.jobs.set(robot.id, robotJob);
        this.taken.add(order.id);
        this.assignments++;
        this.handoffsPlanned++;
        await this.continueJob(drone, this.jobs.get(drone.id)!, true);
        await this.awaitHandoff(robot, robotJob);
        continue;
      }
      if (!best) continue;
      const job: Job = { order: order.id, parcel: order.parcel, pickup: order.pickup, dropoff: order.dropoff, stage: 'to_pickup', failures: 0 };
      this.jobs.set(best.vehicle.id, job);
      this.taken.add(order.id);
      this.assignments++;
      await this.continueJob(best.vehicle, job, true);
    }
  }

  /** Seconds until delivery, or null when the vehicle cannot take the order. */
  private eta(vehicle: VehicleView, order: OrderView): number | null {
    if (!order.pickupAt) return null;
    const toPickup = horizontal(vehicle.position, order.pickupAt);
    if (vehicle.kind === 'robot') {
      const door = this.robotDropoff(order);
      return door ? ((toPickup + horizontal(order.pickupAt, door)) * ROBOT_DETOUR_FACTOR) / ROBOT_SPEED : null;
    }
    // Drones: depot pick-ups (ground pick-ups at doors are for robots), light parcels, battery for the trip and the way back.
    if (!/^depot\b/i.test(order.pickup) || (order.massKg ?? 0) > DRONE_MAX_PAYLOAD_KG || !order.dropoffAt) return null;
    const carry = horizontal(order.pickupAt, order.dropoffAt);
    const back = this.nearestDepotDistance(order.dropoffAt);
    const legs = (toPickup > PICK_UP_HOP ? 1 : 0) + 0.5 + 1;
    const flight = (toPickup + carry + back) / DRONE_TRIP_SPEED + (legs + 1) * DRONE_LEG_OVERHEAD_S;
    if (vehicle.battery - BATTERY_MARGIN < flight / DRONE_ENDURANCE_S || vehicle.battery < this.readyBattery) return null;
    return (toPickup + carry) / DRONE_TRIP_SPEED + legs * DRONE_LEG_OVERHEAD_S;
  }

  /**
   * The fastest drone→robot hand-off for an order, or null: an idle drone flies the parcel from its
   * pick-up depot to the depot nearest the drop-off (charging there), an idle robot takes it to the door.
   */
  private handoffPlan(order: OrderView, idle: VehicleView[]): { drone: VehicleView; robot: VehicleView; depot: string; eta: number } | null {
    if (!order.pickupAt || !/^depot\b/i.test(order.pickup) || (order.massKg ?? 0) > DRONE_MAX_PAYLOAD_KG) return null;
    const door = this.robotDropoff(order);
    if (!door) return null;
    const depot = this.nearestDepot(door);
    if (!depot || depot.name === order.pickup) return null; // a hand-off where the parcel already is gains nothing
    let best: { drone: VehicleView; robot: VehicleView; depot: string; eta: number } | null = null;
    for (const drone of idle) {
      if (drone.kind !== 'drone' || this.jobs.has(drone.id)) continue;
      const toPickup = horizontal(drone.position, order.pickupAt);
      const leg = horizontal(order.pickupAt, depot.position);
      const legs = (toPickup > PICK_UP_HOP ? 1 : 0) + 1;
      const flight = (toPickup + leg) / DRONE_TRIP_SPEED + (legs + 1) * DRONE_LEG_OVERHEAD_S;
      // One long leg with no depot on the way: a wider margin than a round trip's.
      if (drone.battery - HANDOFF_BATTERY_MARGIN < flight / DRONE_ENDURANCE_S || drone.battery < this.readyBattery) continue;
      const droneArrives = (toPickup + leg) / DRONE_TRIP_SPEED + legs * DRONE_LEG_OVERHEAD_S;
      for (const robot of idle) {
        if (robot.kind !== 'robot' || this.jobs.has(robot.id)) continue;
        const robotArrives = (horizontal(robot.position, depot.position) * ROBOT_DETOUR_FACTOR) / ROBOT_SPEED;
        const eta = Math.max(droneArrives, robotArrives) + HANDOFF_OVERHEAD_S + (horizontal(depot.position, door) * ROBOT_DETOUR_FACTOR) / ROBOT_SPEED;
        if (!best || eta < best.eta) best = { drone, robot, depot: depot.name, eta };
      }
    }
    return best;
  }

  /** A robot of a hand-off: drives to the depot, waits for the drone's drop, then takes the parcel on. */
  private async awaitHandoff(vehicle: VehicleView, job: Job): Promise<void> {
    if (this.handedOver.has(job.parcel)) {
      this.handedOver.delete(job.parcel);
      job.stage = 'picking';
      await this.send(vehicle.id, 'pick_up', { parcel: job.parcel });
      return;
    }
    const droneStillCarries = [...this.jobs.values()].some((other) => other !== job && other.order === job.order);
    if (!droneStillCarries) {
      this.jobs.delete(vehicle.id); // the drone gave up: nothing will arrive
      return;
    }
    const depot = this.depotPlaces().find((place) => place.name === job.pickup);
    if (!job.positioned && depot && horizontal(vehicle.position, depot.position) > HANDOFF_WAIT_RADIUS) {
      job.positioned = true;
      await this.send(vehicle.id, 'drive_to', { place: job.pickup });
    }
  }

  private nearestDepot(point: readonly number[]): { name: string; position: [number, number, number] } | null {
    let best: { name: string; position: [number, number, number] } | null = null;
    for (const depot of this.depotPlaces()) if (!best || horizontal(depot.position, point) < horizontal(best.position, point)) best = depot;
    return best;
  }

  private depotPlaces(): { name: string; position: [number, number, number] }[] {
    this.depotList ??= this.session.describeWorld().places.filter((place) => place.kind === 'depot').map((place) => ({ name: place.name, position: place.position }));
    return this.depotList;
  }

  private depotList: { name: string; position: [number, number, number] }[] | null = null;

  /** Distance from a point to the nearest depot (from the session's world description), m. */
  private nearestDepotDistance(point: readonly number[]): number {
    this.depots ??= this.session.describeWorld().places.filter((place) => place.kind === 'depot').map((place) => place.position);
    return Math.min(...this.depots.map((depot) => horizontal(depot, point)));
  }

  private depots: [number, number, number][] | null = null;

  private robotDropoff(order: OrderView): [number, number, number] | null {
    return this.robotDoors.get(order.id) ?? order.dropoffAt;
  }

  /** Robots' views give the drop-off's front door; drones' the roof: the dispatcher keeps the door for robots. */
  private readonly robotDoors = new Map<string, [number, number, number]>();

  private async continueJob(vehicle: VehicleView, job: Job, fresh = false): Promise<void> {
    const id = vehicle.id;
    const verbTravel = vehicle.kind === 'drone' ? 'fly_to' : 'drive_to';
    const has = vehicle.cargo.includes(job.parcel);
    if (!fresh) {
      // The previous skill ended: did it do its job?
      const succeeded = job.stage === 'to_pickup' || job.stage === 'to_dropoff' ? true : job.stage === 'picking' ? has : !has;
      if (job.stage === 'dropping' && succeeded) {
        this.jobs.delete(id);
        if (job.handoffTo) this.handedOver.add(job.parcel);
        if (vehicle.kind === 'drone') await this.send(id, 'fly_to', { place: vehicle.nearestDepot.name }, () => this.recharges++);
        return;
      }
      if (!succeeded && ++job.failures > MAX_FAILURES) {
        this.jobs.delete(id);
        if (has) await this.send(id, 'drop_off', {});
        return;
      }
      if (succeeded) job.stage = nextStage(job.stage);
    }
    switch (job.stage) {
      case 'to_pickup': {
        const order = vehicle.orders.find((o) => o.id === job.order);
        const near = order?.pickupAt && horizontal(vehicle.position, order.pickupAt) < PICK_UP_HOP;
        if (near) {
          job.stage = 'picking';
          await this.send(id, 'pick_up', { parcel: job.parcel });
        } else await this.send(id, verbTravel, { place: job.pickup });
        return;
      }
      case 'picking': return void (await this.send(id, 'pick_up', { parcel: job.parcel }));
      case 'to_dropoff': return void (await this.send(id, verbTravel, { place: job.dropoff }));
      case 'dropping': return void (await this.send(id, 'drop_off', {}));
    }
  }

  private async send(agent: string, verb: string, args: Record<string, unknown>, onAccepted?: () => void): Promise<boolean> {
    this.actionsSent++;
    try {
      await this.session.act({ agent, verb, args });
      onAccepted?.();
      return true;
    } catch {
      this.actionsRefused++;
      const job = this.jobs.get(agent);
      if (job && ++job.failures > MAX_FAILURES) this.jobs.delete(agent);
      return false;
    }
  }

  private atDepot(vehicle: VehicleView): boolean {
    return vehicle.landed && vehicle.nearestDepot.distance < AT_DEPOT;
  }

  private view(id: string): VehicleView {
    const json = this.session.observe(id, ['json']).json as unknown as VehicleView;
    if (json.kind === 'robot') for (const order of json.orders) if (order.dropoffAt) this.robotDoors.set(order.id, order.dropoffAt);
    return json;
  }
}

function nextStage(stage: Stage): Stage {
  return stage === 'awaiting' ? 'to_pickup' : stage === 'to_pickup' ? 'picking' : stage === 'picking' ? 'to_dropoff' : 'dropping';
}

function horizontal(a: readonly number[], b: readonly number[]): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}
