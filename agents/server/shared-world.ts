/**
 * The server's shared world (what `npm start` shows): one server-owned fleet session, reset with
 * a seed and a fleet, driven by the scripted dispatcher once per simulated second and stepped in
 * real time. Connections only watch it (stream.subscribe {world: 'shared'}); none can act on it.
 */
import { createScriptedDriver } from '../scripted/scripted-driver.ts';
import { createPolicyHoverDriver } from '../scripted/policy-hover-driver.ts';
import type { PolicyFile } from '../../sim/index.ts';
import type { FleetAgentDriver, FleetSession } from '../session/fleet-session-contract.ts';
import type { FleetSessionExtras } from '../session/fleet-session.ts';
import { FrameFeed, stepWithFrames } from './frame-feed.ts';
import type { RealtimeWorld } from './realtime-clock.ts';

export interface SharedWorldOptions {
  seed: number;
  drones: number;
  robots: number;
  /** scripted: the delivery dispatcher; policy: drones hover, flown by `policy` (a hover policy file). */
  driver: 'scripted' | 'policy';
  /** A trained hover policy: it flies every drone that holds a point in the air (either driver). */
  policy?: PolicyFile;
}

/** The driver decides once per simulated second (100 steps of 0.01 s). */
const STEPS_PER_DECISION = 100;

export class SharedWorld implements RealtimeWorld {
  readonly feed = new FrameFeed();
  /** Steps the clock asked for and not yet made (they wait while the driver decides). */
  private owed = 0;
  private running = false;
  private untilDecision = 0;
  failures = 0;
  lastFailure: string | null = null;
  /** The step the world is at (kept here: asking the session for a frame would take its events from the stream). */
  step = 0;

  private constructor(
    readonly session: FleetSession,
    private readonly driver: FleetAgentDriver,
    private readonly maxOwed: number,
  ) {}

  static async create(options: SharedWorldOptions, session: FleetSession, stepsPerSecond: number): Promise<SharedWorld> {
    if (options.driver === 'policy' && !options.policy) throw new RangeError('shared world: driver "policy" needs a policy file; accepted: { driver: "policy", policy }');
    await session.reset({ seed: options.seed, fleet: { drones: options.drones, robots: options.robots } });
    if (options.policy) {
      const extras = session as Partial<FleetSessionExtras>;
      if (!extras.fleetEnv) throw new RangeError('shared world: this session exposes no fleet env to install a policy on');
      extras.fleetEnv.setHoverPolicy(options.policy);
    }
    const driver = options.driver === 'policy' ? createPolicyHoverDriver(session) : createScriptedDriver(session);
    return new SharedWorld(session, driver, Math.max(1, stepsPerSecond));
  }

  agentIds(): string[] {
    return this.session.agentIds();
  }

  advance(steps: number): void {
    this.owed = Math.min(this.owed + steps, this.maxOwed);
    if (!this.running) void this.run();
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      while (this.owed > 0) {
        if (this.untilDecision === 0) {
          await this.decide();
          this.untilDecision = STEPS_PER_DECISION;
        }
        const chunk = Math.min(this.owed, this.untilDecision);
        this.owed -= chunk;
        this.untilDecision -= chunk;
        this.step = stepWithFrames(this.session, chunk, this.feed).step;
      }
    } catch (error) {
      this.noteFailure(error);
      this.owed = 0;
    } finally {
      this.running = false;
    }
  }

  private async decide(): Promise<void> {
    try {
      await this.driver.decide();
    } catch (error) {
      // A driver's mistake costs it this decision, not the world.
      this.noteFailure(error);
    }
  }

  private noteFailure(error: unknown): void {
    this.failures++;
    this.lastFailure = error instanceof Error ? error.message : String(error);
  }
}
