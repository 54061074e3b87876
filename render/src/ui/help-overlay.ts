/** The help overlay: mouse controls and every keyboard shortcut. */
import { h } from './dom-builder.ts';
import { SHORTCUTS } from './keyboard-shortcuts.ts';

export class HelpOverlay {
  readonly element: HTMLDivElement;

  constructor(onClose: () => void) {
    const mouse: [string, string][] = [
      ['Drag', 'Turn the camera'],
      ['Right-drag / Shift-drag', 'Pan'],
      ['Wheel', 'Zoom (toward the pointer)'],
      ['Click a vehicle', 'Select it'],
      ['Hover', 'Street, building, pad and zone names'],
      ['Drop a .arrow file', 'Open a recording'],
    ];
    const row = (key: string, text: string, note?: string): HTMLTableRowElement =>
      h('tr', {}, h('td', {}, h('kbd', {}, key)), h('td', {}, text, note ? h('span', { className: 'muted' }, ` ${note}`) : null));
    this.element = h('div', { className: 'help-overlay hidden', role: 'dialog', 'aria-label': 'Keyboard shortcuts' },
      h('div', { className: 'help-card' },
        h('div', { className: 'help-head' }, h('h2', {}, 'Skyline viewer'), h('button', { className: 'icon-button', title: 'Close (Esc)' }, '×')),
        h('div', { className: 'help-columns' },
          h('div', {}, h('h3', {}, 'Keyboard'), h('table', {}, ...SHORTCUTS.map((s) => row(s.label, s.description, s.recordingOnly ? '(replay)' : undefined)))),
          h('div', {}, h('h3', {}, 'Mouse'), h('table', {}, ...mouse.map(([key, text]) => row(key, text))),
            h('h3', {}, 'Colours'),
            h('ul', { className: 'legend' },
              h('li', {}, h('i', { className: 'swatch drone' }), 'drone'), h('li', {}, h('i', { className: 'swatch robot' }), 'ground robot'),
              h('li', {}, h('i', { className: 'swatch selected' }), 'selected'), h('li', {}, h('i', { className: 'swatch crashed' }), 'crashed'),
              h('li', {}, h('i', { className: 'swatch parcel' }), 'parcel'), h('li', {}, h('i', { className: 'swatch depot' }), 'depot'),
              h('li', {}, h('i', { className: 'swatch pad' }), 'landing pad'), h('li', {}, h('i', { className: 'swatch nofly' }), 'no-fly zone'),
              h('li', {}, h('i', { className: 'swatch trail' }), 'trail (last 30 s)'), h('li', {}, h('i', { className: 'swatch target' }), 'target')))),
      ));
    this.element.querySelector('button')!.addEventListener('click', onClose);
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) onClose();
    });
  }

  get open(): boolean {
    return !this.element.classList.contains('hidden');
  }

  toggle(open = !this.open): void {
    this.element.classList.toggle('hidden', !open);
  }
}
