/**
 * The selected agent: identity and status, pose and speed, battery, cargo, the running skill and
 * its target, and its latest messages (LLM replies with their reasoning, what it said and heard,
 * skill progress), newest first. The panel's skeleton is built once and its fields updated in
 * place, so buttons stay put while a live fleet moves.
 */
import type { FleetEvent, VehicleFrame } from '../../../sim/index.ts';
import { fill, h } from './dom-builder.ts';
import { formatMetres, formatSeconds } from './text-format.ts';

const MESSAGES_SHOWN = 10;

export class AgentPanel {
  readonly element: HTMLElement;
  onFollow: () => void = () => {};
  onDeselect: () => void = () => {};
  private readonly empty: HTMLParagraphElement;
  private readonly details: HTMLDivElement;
  private readonly id: HTMLSpanElement;
  private readonly kind: HTMLSpanElement;
  private readonly status: HTMLSpanElement;
  private readonly fields: Record<'skill' | 'position' | 'speed' | 'battery' | 'cargo' | 'target', HTMLElement>;
  private readonly meter: HTMLSpanElement;
  private readonly followButton: HTMLButtonElement;
  private readonly messages: HTMLDivElement;
  private messagesKey = '';

  constructor() {
    this.empty = h('p', { className: 'muted' }, 'No vehicles yet.');
    this.id = h('span', { className: 'agent-id', 'data-testid': 'selected-agent-id' });
    this.kind = h('span', { className: 'badge' });
    this.status = h('span', { className: 'badge' });
    this.meter = h('span', {});
    this.fields = {
      skill: h('dd', {}), position: h('dd', { className: 'mono' }), speed: h('dd', {}),
      battery: h('span', { className: 'battery-text' }), cargo: h('dd', {}), target: h('dd', {}),
    };
    this.followButton = h('button', { 'data-action': 'follow' }, 'Follow (F)');
    const deselect = h('button', { 'data-action': 'deselect' }, 'Deselect (Esc)');
    this.followButton.addEventListener('click', () => this.onFollow());
    deselect.addEventListener('click', () => this.onDeselect());
    this.messages = h('div', { className: 'messages-host' });
    this.details = h('div', { className: 'hidden' },
      h('div', { className: 'agent-title' }, this.id, this.kind, this.status),
      h('dl', { className: 'facts' },
        h('dt', {}, 'Skill'), this.fields.skill,
        h('dt', {}, 'Position'), this.fields.position,
        h('dt', {}, 'Speed'), this.fields.speed,
        h('dt', {}, 'Battery'), h('dd', {}, h('span', { className: 'meter' }, this.meter), this.fields.battery),
        h('dt', {}, 'Cargo'), this.fields.cargo,
        h('dt', {}, 'Target'), this.fields.target),
      h('div', { className: 'button-row' }, this.followButton, deselect),
      h('h3', {}, 'Messages & reasoning'), this.messages);
    this.element = h('section', { className: 'panel agent-panel', 'data-testid': 'agent-panel' }, h('h2', {}, 'Agent'), h('div', { className: 'panel-body' }, this.empty, this.details));
  }

  render(vehicle: VehicleFrame | null, events: readonly FleetEvent[], now: number, following: boolean, fleetSize: number): void {
    if (!vehicle) {
      this.element.dataset.agent = '';
      this.details.classList.add('hidden');
      this.empty.classList.remove('hidden');
      setText(this.empty, fleetSize ? `Click a vehicle, or press N, to inspect one of ${fleetSize}.` : 'No vehicles yet.');
      return;
    }
    this.element.dataset.agent = vehicle.id;
    this.empty.classList.add('hidden');
    this.details.classList.remove('hidden');
    const [x, y, z] = vehicle.position;
    setText(this.id, vehicle.id);
    this.id.className = `agent-id kind-${vehicle.kind}`;
    setText(this.kind, vehicle.kind);
    setText(this.status, vehicle.status.replace(/_/g, ' '));
    this.status.className = `badge status-${vehicle.status === 'ok' ? 'ok' : vehicle.status === 'inactive' ? 'muted' : 'bad'}`;
    setText(this.fields.skill, vehicle.skill ?? 'idle');
    this.fields.skill.classList.toggle('muted', !vehicle.skill);
    setText(this.fields.position, `${x.toFixed(1)}, ${y.toFixed(1)}, ${z.toFixed(1)}`);
    const speed = Math.hypot(...vehicle.velocity);
    setText(this.fields.speed, `${speed.toFixed(1)} m/s${vehicle.kind === 'drone' ? ` · altitude ${formatMetres(z)}` : ''}`);
    const battery = Math.max(0, Math.min(1, vehicle.battery));
    this.meter.style.width = `${(battery * 100).toFixed(0)}%`;
    this.meter.className = battery < 0.2 ? 'low' : '';
    setText(this.fields.battery, ` ${(battery * 100).toFixed(0)}%`);
    setText(this.fields.cargo, vehicle.cargo.length ? vehicle.cargo.join(', ') : 'empty');
    this.fields.cargo.classList.toggle('muted', !vehicle.cargo.length);
    const target = vehicle.target;
    setText(this.fields.target, target ? `${formatMetres(Math.hypot(target[0] - x, target[1] - y, target[2] - z))} away` : 'none');
    this.fields.target.classList.toggle('muted', !target);
    setText(this.followButton, following ? 'Following (F)' : 'Follow (F)');
    this.followButton.classList.toggle('active', following);

    const shown = events.slice(0, MESSAGES_SHOWN);
    const key = `${vehicle.id}|${shown.length}|${shown[0]?.step}|${shown[0]?.kind}|${Math.floor(now)}`;
    if (key === this.messagesKey) return;
    this.messagesKey = key;
    fill(this.messages, shown.length ? h('ol', { className: 'messages' }, ...shown.map((event) => messageItem(event, now))) : h('p', { className: 'muted' }, 'Nothing yet.'));
  }
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

function messageItem(event: FleetEvent, now: number): HTMLLIElement {
  const data = event.data ?? {};
  const reasoning = firstText(data.reasoning, data.thought, data.reasoning_content, data.rationale);
  const toolCalls = Array.isArray(data.tool_calls) ? data.tool_calls.length : 0;
  const to = typeof data.to === 'string' ? ` → ${data.to}` : '';
  return h('li', { className: `message kind-${event.kind.replace(/[^a-z_]/gi, '')}` },
    h('div', { className: 'message-head' }, h('span', { className: 'message-kind' }, event.kind.replace(/_/g, ' ') + to),
      h('span', { className: 'muted' }, `${formatSeconds(event.t)} · ${formatSeconds(Math.max(0, now - event.t))} ago`)),
    event.text ? h('div', { className: 'message-text' }, event.text) : null,
    reasoning ? h('div', { className: 'reasoning' }, h('span', { className: 'reasoning-label' }, 'reasoning '), reasoning) : null,
    toolCalls ? h('div', { className: 'muted' }, `${toolCalls} tool call${toolCalls > 1 ? 's' : ''}`) : null,
  );
}

function firstText(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value.trim()) return value;
  return null;
}
