/**
 * Opening recordings from the desktop: drop a `.arrow` file anywhere on the page, or pick one
 * with the file chooser. Anything else gets a message saying what is accepted.
 */
import { h } from './dom-builder.ts';

export class RecordingDropZone {
  readonly element: HTMLDivElement;
  private readonly input: HTMLInputElement;
  private depth = 0;

  constructor(target: HTMLElement, onFile: (file: File) => void, onRejected: (message: string) => void) {
    this.element = h('div', { className: 'drop-zone hidden' }, h('div', {}, 'Drop a recording (.arrow) to replay it'));
    this.input = h('input', { type: 'file', accept: '.arrow,application/vnd.apache.arrow.file', hidden: true });
    this.element.append(this.input);
    const accept = (file: File | undefined): void => {
      if (!file) return;
      if (!/\.arrow$/i.test(file.name)) onRejected(`"${file.name}" is not a recording; drop the .arrow file that the recorder wrote`);
      else onFile(file);
    };
    this.input.addEventListener('change', () => accept(this.input.files?.[0]));
    target.addEventListener('dragenter', (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      this.depth++;
      this.element.classList.remove('hidden');
    });
    target.addEventListener('dragover', (event) => event.preventDefault());
    target.addEventListener('dragleave', () => {
      this.depth = Math.max(0, this.depth - 1);
      if (this.depth === 0) this.element.classList.add('hidden');
    });
    target.addEventListener('drop', (event) => {
      event.preventDefault();
      this.depth = 0;
      this.element.classList.add('hidden');
      accept(event.dataTransfer?.files[0]);
    });
  }

  choose(): void {
    this.input.value = '';
    this.input.click();
  }
}
