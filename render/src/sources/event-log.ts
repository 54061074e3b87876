/** The episode's events in step order, for panels, transcripts and the timeline. */
import type { FleetEvent } from '../../../sim/index.ts';

const LIVE_EVENT_LIMIT = 20000; // live episodes can run for hours; keep the recent ones

export class EventLog {
  private events: FleetEvent[] = [];

  get all(): readonly FleetEvent[] {
    return this.events;
  }

  replace(events: readonly FleetEvent[]): void {
    this.events = [...events];
  }

  append(events: readonly FleetEvent[]): void {
    if (events.length === 0) return;
    this.events.push(...events);
    if (this.events.length > LIVE_EVENT_LIMIT) this.events.splice(0, this.events.length - LIVE_EVENT_LIMIT);
  }

  clear(): void {
    this.events = [];
  }

  /** Events at or before `step`. */
  upTo(step: number): FleetEvent[] {
    let low = 0, high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.events[mid].step <= step) low = mid + 1;
      else high = mid;
    }
    return this.events.slice(0, low);
  }

  /** The last `limit` events about an agent up to `step`, newest first. */
  forAgent(id: string, step: number, limit: number): FleetEvent[] {
    const mine: FleetEvent[] = [];
    const upTo = this.upTo(step);
    for (let i = upTo.length - 1; i >= 0 && mine.length < limit; i--) {
      const event = upTo[i];
      if (event.agent === id || event.data?.to === id) mine.push(event);
    }
    return mine;
  }
}
