/**
 * Text in the scene as HTML labels placed over the canvas (crisp at any zoom, cheap to style):
 * district and depot names, and agent ids. Positions are ENU; the camera projection is the only
 * transform. Labels behind the camera or off screen are hidden.
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
}

export class LabelLayer {
  readonly element: HTMLDivElement;
  private readonly nodes = new Map<string, HTMLDivElement>();
  private readonly scratch = new Vector3();
  enabled = true;

  constructor(private readonly frame: WorldFrame) {
    this.element = document.createElement('div');
    this.element.className = 'label-layer';
  }

  /** Shows exactly these labels this frame. */
  draw(labels: readonly SceneLabel[], camera: PerspectiveCamera, width: number, height: number): void {
    const seen = new Set<string>();
    if (this.enabled) {
      for (const label of labels) {
        const point = this.frame.toScene(label.position[0], label.position[1], label.position[2], this.scratch).project(camera);
        if (point.z < -1 || point.z > 1 || Math.abs(point.x) > 1.1 || Math.abs(point.y) > 1.1) continue;
        let node = this.nodes.get(label.key);
        if (!node) {
          node = document.createElement('div');
          this.nodes.set(label.key, node);
          this.element.appendChild(node);
        }
        if (node.textContent !== label.text) node.textContent = label.text;
        if (node.className !== label.className) node.className = label.className;
        const x = (point.x * 0.5 + 0.5) * width, y = (-point.y * 0.5 + 0.5) * height - (label.lift ?? 0);
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
