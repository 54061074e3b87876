/** The top bar: what is shown (live or a recording), where in time, how fast it draws. */
import { h } from './dom-builder.ts';
import { formatSeconds } from './text-format.ts';

export type ViewerMode = 'idle' | 'live' | 'recording';

export class StatusBar {
  readonly element: HTMLElement;
  private readonly mode: HTMLSpanElement;
  private readonly title: HTMLSpanElement;
  private readonly clock: HTMLSpanElement;
  private readonly counts: HTMLSpanElement;
  private readonly rate: HTMLSpanElement;
  readonly openButton: HTMLButtonElement;
  readonly helpButton: HTMLButtonElement;

  constructor() {
    this.mode = h('span', { className: 'mode-badge', 'data-testid': 'mode' }, 'no data');
    this.title = h('span', { className: 'world-name' }, '');
    this.clock = h('span', { className: 'mono', 'data-testid': 'clock' }, '');
    this.counts = h('span', { className: 'muted' }, '');
    this.rate = h('span', { className: 'muted mono' }, '');
    this.openButton = h('button', { title: 'Open a recording (.arrow) — or drop one anywhere' }, 'Open recording…');
    this.helpButton = h('button', { title: 'Keyboard shortcuts (?)' }, '?');
    this.element = h('header', { className: 'status-bar' },
      h('span', { className: 'brand' }, 'Skyline'), this.mode, this.title, this.clock, h('span', { className: 'spacer' }), this.counts, this.rate,
      this.openButton, this.helpButton);
  }

  setMode(mode: ViewerMode, detail: string, state: 'ok' | 'warn' | 'bad' = 'ok'): void {
    this.mode.textContent = mode === 'live' ? `● LIVE${detail ? ` · ${detail}` : ''}` : mode === 'recording' ? `REPLAY${detail ? ` · ${detail}` : ''}` : detail || 'no data';
    this.mode.className = `mode-badge mode-${mode} state-${state}`;
  }

  setWorld(name: string): void {
    this.title.textContent = name;
  }

  update(step: number, t: number, counts: string, fps: number, streamRate: number | null): void {
    const clock = `t ${formatSeconds(t)} · step ${step}`;
    if (this.clock.textContent !== clock) this.clock.textContent = clock;
    if (this.counts.textContent !== counts) this.counts.textContent = counts;
    const rate = `${fps.toFixed(0)} fps${streamRate === null ? '' : ` · ${streamRate.toFixed(0)} frames/s in`}`;
    if (this.rate.textContent !== rate) this.rate.textContent = rate;
  }
}
