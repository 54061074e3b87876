/**
 * What a viewer sees of a fleet world at one instant: the contract between the simulation
 * (sim/fleet), the WebSocket stream (`stream.subscribe` sends one `stream.frame` notification
 * per frame) and the recorder (one row per frame). Positions are world ENU metres, z up;
 * quaternions w, x, y, z (body → world). render/ converts to three.js' y-up in one place.
 */
export const FLEET_FRAME_VERSION = 1;

export type VehicleKind = 'drone' | 'robot';

export interface VehicleFrame {
  id: string; // "drone-1", "robot-2"
  kind: VehicleKind;
  position: [number, number, number];
  attitude: [number, number, number, number]; // w, x, y, z; robots: yaw about z
  velocity: [number, number, number];
  status: string; // ok, crashed_ground, crashed_building, out_of_bounds, crashed_vehicle, inactive
  battery: number; // 0..1 of capacity (robots: 1)
  cargo: string[]; // parcel ids carried
  skill: string | null; // the running skill ("fly_to Depot 2"), null when idle
  target: [number, number, number] | null; // where the vehicle is going, when it knows
}

export interface ParcelFrame {
  id: string;
  position: [number, number, number];
  state: 'waiting' | 'carried' | 'delivered' | 'dropped';
  carriedBy: string | null;
  orderId: string | null;
  massKg?: number; // kg
}

export interface OrderFrame {
  id: string;
  parcelId: string;
  pickup: string; // place name
  dropoff: string; // place name
  createdAt: number; // s
  deadline: number; // s
  payout: number;
  state: 'open' | 'assigned' | 'picked_up' | 'delivered' | 'timed_out';
  assignedTo: string | null;
  parcelMassKg?: number; // kg
  pickupPosition?: [number, number, number]; // where the parcel waits
  dropoffPosition?: [number, number, number]; // the drop-off building's roof centre (drones)
  dropoffGroundPosition?: [number, number, number]; // its front door (robots; drones may land there too)
  deliveredAt?: number | null; // s
}

/** Something that happened, for timelines and transcripts (also written as JSON lines). */
export interface FleetEvent {
  t: number; // simulated seconds
  step: number;
  kind: string; // order_created, picked_up, delivered, handoff, crash, say, skill_started, skill_done, skill_failed, rejected, llm_message, ...
  agent?: string;
  text?: string;
  data?: Record<string, unknown>;
}

export interface FleetFrame {
  version: typeof FLEET_FRAME_VERSION;
  step: number;
  t: number; // simulated seconds
  vehicles: VehicleFrame[];
  parcels: ParcelFrame[];
  orders: OrderFrame[];
  metrics: Record<string, number>;
  /** Events since the previous frame. */
  events: FleetEvent[];
}
