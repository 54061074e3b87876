/** The episode's events in step order, for panels, transcripts and the timeline. */
import type { FleetEvent } from '../../../sim/index.ts';

const LIVE_EVENT_LIMIT = 20000; // live episodes can run for hours; keep the recent ones

export class EventLog {
  private events: FleetEvent[] = [];
  /**
   * For a recording, the row (frame) that carries each event. An event stamped with step k can be
   * carried by a later frame than the one at step k (a drop-off decided between frames): a view
   * of row r shows what that row's state has seen, not what happened after it was captured.
   */
  private rows: Int32Array | null = null;

  get all(): readonly FleetEvent[] {
    return this.events;
  }

  replace(events: readonly FleetEvent[], rows: Int32Array | null = null): void {
    this.events = [...events];
    this.rows = rows;
  }

  append(events: readonly FleetEvent[]): void {
    if (events.length === 0) return;
    this.rows = null;
    this.events.push(...events);
    if (this.events.length > LIVE_EVENT_LIMIT) this.events.splice(0, this.events.length - LIVE_EVENT_LIMIT);
  }

  clear(): void {
    this.events = [];
    this.rows = null;
  }

  /** Events at or before `step`; with a recording's `row`, the events carried by rows up to it. */
  upTo(step: number, row?: number): FleetEvent[] {
    const rows = this.rows;
    const byRow = rows !== null && row !== undefined;
    let low = 0, high = this.events.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (byRow ? rows[mid] <= row : this.events[mid].step <= step) low = mid + 1;
      else high = mid;
    }
    return this.events.slice(0, low);
  }

  /** The row carrying an event of a recording, or null (live, or not one of the recording's events). */
  rowOf(event: FleetEvent): number | null {
    if (!this.rows) return null;
    const index = this.events.indexOf(event);
    return index >= 0 ? this.rows[index] : null;
  }

  /** The last `limit` events about an agent up to `step` (or a recording's `row`), newest first. */
  forAgent(id: string, step: number, limit: number, row?: number): FleetEvent[] {
    const mine: FleetEvent[] = [];
    const upTo = this.upTo(step, row);
    for (let i = upTo.length - 1; i >= 0 && mine.length < limit; i--) {
      const event = upTo[i];
      if (event.agent === id || event.data?.to === id) mine.push(event);
    }
    return mine;
  }
}
