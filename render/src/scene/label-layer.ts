/**
 * Text in the scene as HTML labels placed over the canvas (crisp at any zoom, cheap to style):
 * district and depot names, and agent ids. Positions are ENU; the camera projection is the only
 * transform. Labels behind the camera or off screen are hidden, and so is any label that would
 * cover one placed before it: labels are placed in priority order (the selected agent, agents,
 * depots, districts), and agents that stand on one spot share a label ("drone-1 +3").
 */
import { Vector3, type PerspectiveCamera } from 'three';
import type { WorldFrame } from './world-frame.ts';

export interface SceneLabel {
  key: string;
  text: string;
  className: string;
  position: [number, number, number];
  /** Pixels to lift the label above its point. */
  lift?: number;
  /** Higher is placed first and wins overlaps (default 0). */
  priority?: number;
  /** Labels of one group that overlap merge into the first one's "+N" instead of hiding (agents). */
  group?: string;
}

interface PlacedLabel {
  label: SceneLabel;
  left: number;
  top: number;
  right: number;
  bottom: number;
  x: number;
  y: number;
  merged: number;
}

/** Size of a label on screen, estimated from its text (12 px type, padding) so no layout is read back per frame. */
const CHARACTER_WIDTH = 7.2; // px
const LABEL_PADDING = 12; // px
const LABEL_HEIGHT = 18; // px
const LABEL_GAP = 2; // px kept between labels

export class LabelLayer {
  readonly element: HTMLDivElement;
  private readonly nodes = new Map<string, HTMLDivElement>();
  private readonly scratch = new Vector3();
  enabled = true;

  constructor(private readonly frame: WorldFrame) {
    this.element = document.createElement('div');
    this.element.className = 'label-layer';
  }

  /** Shows these labels this frame, less those that would cover a label of higher priority. */
  draw(labels: readonly SceneLabel[], camera: PerspectiveCamera, width: number, height: number): void {
    const seen = new Set<string>();
    if (this.enabled) {
      const placed: PlacedLabel[] = [];
      const ordered = [...labels].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0));
      for (const label of ordered) {
        const point = this.frame.toScene(label.position[0], label.position[1], label.position[2], this.scratch).project(camera);
        if (point.z < -1 || point.z > 1 || Math.abs(point.x) > 1.1 || Math.abs(point.y) > 1.1) continue;
        const x = (point.x * 0.5 + 0.5) * width, y = (-point.y * 0.5 + 0.5) * height - (label.lift ?? 0);
        // District names are spaced capitals, about half as wide again per character.
        const characterWidth = label.className.includes('district') ? 1.45 * CHARACTER_WIDTH : CHARACTER_WIDTH;
        const halfWidth = (label.text.length * characterWidth + LABEL_PADDING) / 2;
        const box = { left: x - halfWidth - LABEL_GAP, right: x + halfWidth + LABEL_GAP, top: y - LABEL_HEIGHT - LABEL_GAP, bottom: y + LABEL_GAP };
        const covered = placed.find((other) => box.left < other.right && box.right > other.left && box.top < other.bottom && box.bottom > other.top);
        if (covered) {
          if (label.group !== undefined && covered.label.group === label.group) covered.merged++;
          continue;
        }
        placed.push({ label, ...box, x, y, merged: 0 });
      }
      for (const { label, x, y, merged } of placed) {
        let node = this.nodes.get(label.key);
        if (!node) {
          node = document.createElement('div');
          this.nodes.set(label.key, node);
          this.element.appendChild(node);
        }
        const text = merged > 0 ? `${label.text} +${merged}` : label.text;
        if (node.textContent !== text) node.textContent = text;
        if (node.className !== label.className) node.className = label.className;
        node.style.transform = `translate(-50%, -100%) translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
        seen.add(label.key);
      }
    }
    for (const [key, node] of this.nodes) {
      if (!seen.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
  }
}
