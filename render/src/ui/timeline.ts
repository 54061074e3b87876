/**
 * The replay timeline: play/pause, speed, a scrubber over the recorded rows, the time and step,
 * and ticks where notable events happened (crashes, failures, deliveries, LLM messages) that jump
 * there when clicked.
 */
import type { FleetEvent } from '../../../sim/index.ts';
import { h } from './dom-builder.ts';
import { formatSeconds } from './text-format.ts';
import { PLAYBACK_SPEEDS } from '../sources/recording-player.ts';

export const NOTABLE_EVENT_KINDS: Readonly<Record<string, string>> = {
  crash: '#e03131',
  skill_failed: '#f76707',
  rejected: '#f59f00',
  delivered: '#2f9e44',
  handoff: '#1098ad',
  llm_message: '#7048e8',
};

export interface TimelineHandlers {
  onTogglePlay(): void;
  onSeekRow(row: number): void;
  onSpeed(speed: number): void;
}

export class Timeline {
  readonly element: HTMLDivElement;
  readonly slider: HTMLInputElement;
  private readonly playButton: HTMLButtonElement;
  private readonly speedSelect: HTMLSelectElement;
  private readonly clock: HTMLSpanElement;
  private readonly ticks: HTMLDivElement;
  private lastRows = -1;

  constructor(handlers: TimelineHandlers) {
    this.playButton = h('button', { className: 'play', title: 'Play / pause (Space)', 'data-testid': 'play' }, '▶');
    this.speedSelect = h('select', { title: 'Playback speed ([ and ])', 'data-testid': 'speed' },
      ...PLAYBACK_SPEEDS.map((speed) => h('option', { value: speed, selected: speed === 1 }, `${speed}×`)));
    this.slider = h('input', { type: 'range', min: 0, max: 0, step: 1, value: 0, className: 'scrubber', 'aria-label': 'Recording position', 'data-testid': 'scrubber' });
    this.clock = h('span', { className: 'clock mono', 'data-testid': 'timeline-clock' }, '');
    this.ticks = h('div', { className: 'ticks' });
    this.element = h('div', { className: 'timeline hidden', 'data-testid': 'timeline' },
      this.playButton, this.speedSelect, h('div', { className: 'track' }, this.ticks, this.slider), this.clock);
    this.playButton.addEventListener('click', () => handlers.onTogglePlay());
    this.speedSelect.addEventListener('change', () => handlers.onSpeed(Number(this.speedSelect.value)));
    this.slider.addEventListener('input', () => handlers.onSeekRow(Number(this.slider.value)));
    this.ticks.addEventListener('click', (event) => {
      const tick = (event.target as HTMLElement).closest<HTMLElement>('[data-row]');
      if (tick) handlers.onSeekRow(Number(tick.dataset.row));
    });
    // Keys belong to the viewer's shortcuts, not to the focused slider or select.
    for (const control of [this.slider, this.speedSelect, this.playButton]) control.addEventListener('keydown', (event) => event.preventDefault());
  }

  show(rows: number, events: readonly FleetEvent[], eventRows: Int32Array): void {
    this.element.classList.remove('hidden');
    this.slider.max = String(Math.max(0, rows - 1));
    if (rows === this.lastRows) return;
    this.lastRows = rows;
    const ticks: HTMLElement[] = [];
    const used = new Set<string>();
    events.forEach((event, k) => {
      const colour = NOTABLE_EVENT_KINDS[event.kind];
      if (!colour) return;
      const row = eventRows[k];
      const key = `${event.kind}:${Math.round((1000 * row) / Math.max(rows - 1, 1))}`;
      if (used.has(key)) return; // one tick per kind per pixel-ish
      used.add(key);
      const left = rows > 1 ? (100 * row) / (rows - 1) : 0;
      ticks.push(h('span', {
        className: `tick kind-${event.kind}`, 'data-row': row, style: `left:${left.toFixed(3)}%;background:${colour}`,
        title: `${formatSeconds(event.t)} · ${event.kind.replace(/_/g, ' ')}${event.agent ? ` · ${event.agent}` : ''}${event.text ? ` · ${event.text}` : ''}`,
      }));
    });
    this.ticks.replaceChildren(...ticks);
  }

  hide(): void {
    this.element.classList.add('hidden');
  }

  update(row: number, playing: boolean, speed: number, t: number, endT: number, step: number): void {
    if (this.slider.value !== String(row)) this.slider.value = String(row);
    this.playButton.textContent = playing ? '❚❚' : '▶';
    this.playButton.classList.toggle('active', playing);
    if (this.speedSelect.value !== String(speed)) this.speedSelect.value = String(speed);
    const text = `${formatSeconds(t)} / ${formatSeconds(endT)} · step ${step}`;
    if (this.clock.textContent !== text) this.clock.textContent = text;
  }
}
