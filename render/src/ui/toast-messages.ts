/** Short messages at the bottom of the screen: errors stay until closed, notes fade. */
import { h } from './dom-builder.ts';

export class ToastMessages {
  readonly element = h('div', { className: 'toasts', role: 'status', 'aria-live': 'polite' });

  show(text: string, kind: 'note' | 'error' = 'note'): void {
    const close = h('button', { className: 'icon-button', title: 'Close' }, '×');
    const toast = h('div', { className: `toast toast-${kind}` }, h('span', {}, text), close);
    close.addEventListener('click', () => toast.remove());
    this.element.append(toast);
    if (kind === 'note') setTimeout(() => toast.remove(), 5000);
    while (this.element.childElementCount > 4) this.element.firstElementChild!.remove();
  }
}
