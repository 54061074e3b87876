/** The task at a glance: metrics, open orders by deadline, and the latest events. */
import type { FleetEvent, FleetFrame, OrderFrame } from '../../../sim/index.ts';
import { fill, h } from './dom-builder.ts';
import { formatDuration, formatMetricValue, formatSeconds, metricLabel } from './text-format.ts';

const ORDERS_SHOWN = 10;
const EVENTS_SHOWN = 12;
const OPEN_STATES = new Set<OrderFrame['state']>(['open', 'assigned', 'picked_up']);

export class FleetPanel {
  readonly element: HTMLElement;
  private readonly metrics: HTMLDivElement;
  private readonly orders: HTMLDivElement;
  private readonly events: HTMLDivElement;
  private readonly ordersTitle: HTMLHeadingElement;
  private readonly keys = { metrics: '', orders: '', events: '' };
  onAgentClick: (id: string) => void = () => {};
  onEventClick: (event: FleetEvent) => void = () => {};

  constructor() {
    this.metrics = h('div', { className: 'panel-body' });
    this.orders = h('div', { className: 'panel-body' });
    this.events = h('div', { className: 'panel-body' });
    this.ordersTitle = h('h2', {}, 'Open orders');
    this.element = h('aside', { className: 'side-panels' },
      h('section', { className: 'panel', 'data-testid': 'metrics-panel' }, h('h2', {}, 'Task metrics'), this.metrics),
      h('section', { className: 'panel', 'data-testid': 'orders-panel' }, this.ordersTitle, this.orders),
      h('section', { className: 'panel', 'data-testid': 'events-panel' }, h('h2', {}, 'Events'), this.events));
    this.element.addEventListener('click', (event) => {
      const target = (event.target as HTMLElement).closest<HTMLElement>('[data-agent]');
      if (!target?.dataset.agent) return;
      event.preventDefault();
      this.onAgentClick(target.dataset.agent);
    });
  }

  render(frame: FleetFrame | null, recentEvents: readonly FleetEvent[]): void {
    if (!frame) {
      fill(this.metrics, h('p', { className: 'muted' }, 'Waiting for the first frame…'));
      return;
    }
    const metricEntries = Object.entries(frame.metrics);
    if (changed(this.keys, 'metrics', JSON.stringify(frame.metrics))) fill(this.metrics, metricEntries.length
      ? h('dl', { className: 'metrics' }, ...metricEntries.flatMap(([name, value]) => [h('dt', { title: metricLabel(name) }, metricLabel(name)), h('dd', {}, formatMetricValue(name, value))]))
      : h('p', { className: 'muted' }, 'No metrics.'));

    const open = frame.orders.filter((order) => OPEN_STATES.has(order.state)).sort((a, b) => a.deadline - b.deadline);
    this.ordersTitle.textContent = `Open orders (${open.length} of ${frame.orders.length})`;
    if (changed(this.keys, 'orders', `${Math.floor(frame.t)}|${JSON.stringify(open)}`)) fill(this.orders, open.length
      ? h('table', { className: 'orders' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Order'), h('th', {}, 'From → to'), h('th', {}, 'Due in'), h('th', {}, 'Agent'))),
          h('tbody', {}, ...open.slice(0, ORDERS_SHOWN).map((order) => {
            const left = order.deadline - frame.t;
            return h('tr', { className: `order-${order.state}` },
              h('td', { title: `${order.parcelId} · ${order.state.replace('_', ' ')} · payout ${order.payout}` }, order.id),
              h('td', { className: 'route' }, `${order.pickup} → ${order.dropoff}`),
              h('td', { className: left < 0 ? 'late' : left < 30 ? 'soon' : '' }, left < 0 ? `late by ${formatDuration(-left)}` : formatDuration(left)),
              h('td', {}, order.assignedTo ? h('a', { 'data-agent': order.assignedTo, href: '#' }, order.assignedTo) : h('span', { className: 'muted' }, order.state)));
          })),
          open.length > ORDERS_SHOWN ? h('tfoot', {}, h('tr', {}, h('td', { colspan: 4, className: 'muted' }, `and ${open.length - ORDERS_SHOWN} more`))) : null)
      : h('p', { className: 'muted' }, frame.orders.length ? 'All orders closed.' : 'No orders.'));

    const latest = recentEvents.slice(-EVENTS_SHOWN).reverse();
    const newest = latest[0];
    if (changed(this.keys, 'events', `${recentEvents.length}|${newest?.step}|${newest?.kind}|${newest?.agent}`)) fill(this.events, latest.length
      ? h('ol', { className: 'event-feed' }, ...latest.map((event) => {
          const item = h('li', { className: `event kind-${event.kind.replace(/[^a-z_]/gi, '')}`, title: 'Click to go there' },
            h('span', { className: 'event-time' }, formatSeconds(event.t)),
            h('span', { className: 'event-kind' }, event.kind.replace(/_/g, ' ')),
            event.agent ? h('a', { 'data-agent': event.agent, href: '#' }, event.agent) : null,
            event.text ? h('span', { className: 'event-text' }, event.text) : null);
          item.addEventListener('click', (click) => {
            if ((click.target as HTMLElement).closest('[data-agent]')) return;
            this.onEventClick(event);
          });
          return item;
        }))
      : h('p', { className: 'muted' }, 'No events yet.'));
  }
}

/** True (and remembers the key) when a section's content changed since it was drawn. */
function changed(keys: Record<string, string>, section: string, key: string): boolean {
  if (keys[section] === key) return false;
  keys[section] = key;
  return true;
}
