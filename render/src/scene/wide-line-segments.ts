/**
 * Line segments drawn a few pixels wide (WebGL lines are always one pixel): one instanced draw
 * call for any number of segments, with buffers that grow by doubling and are rewritten in place.
 */
import { DynamicDrawUsage, InstancedInterleavedBuffer, InterleavedBufferAttribute } from 'three';
import { LineMaterial } from 'three/addons/lines/LineMaterial.js';
import { LineSegments2 } from 'three/addons/lines/LineSegments2.js';
import { LineSegmentsGeometry } from 'three/addons/lines/LineSegmentsGeometry.js';

export class WideLineSegments {
  readonly object: LineSegments2;
  readonly material: LineMaterial;
  private readonly geometry = new LineSegmentsGeometry();
  /** Start xyz, end xyz per segment; rgb, rgb per segment. */
  positions = new Float32Array(0);
  colours = new Float32Array(0);
  private positionBuffer: InstancedInterleavedBuffer | null = null;
  private colourBuffer: InstancedInterleavedBuffer | null = null;

  constructor(name: string, widthPx: number, opacity = 1) {
    this.material = new LineMaterial({ linewidth: widthPx, vertexColors: true, transparent: opacity < 1, opacity, worldUnits: false });
    this.object = new LineSegments2(this.geometry, this.material);
    this.object.name = name;
    this.object.frustumCulled = false;
    this.reserve(256);
    this.setCount(0);
  }

  /** Room for `segments`; existing contents are lost when the buffers grow. */
  reserve(segments: number): void {
    if (this.positionBuffer && segments <= this.positions.length / 6) return;
    let capacity = Math.max(256, this.positions.length / 6);
    while (capacity < segments) capacity *= 2;
    this.positions = new Float32Array(6 * capacity);
    this.colours = new Float32Array(6 * capacity);
    this.positionBuffer = new InstancedInterleavedBuffer(this.positions, 6, 1).setUsage(DynamicDrawUsage);
    this.colourBuffer = new InstancedInterleavedBuffer(this.colours, 6, 1).setUsage(DynamicDrawUsage);
    this.geometry.setAttribute('instanceStart', new InterleavedBufferAttribute(this.positionBuffer, 3, 0));
    this.geometry.setAttribute('instanceEnd', new InterleavedBufferAttribute(this.positionBuffer, 3, 3));
    this.geometry.setAttribute('instanceColorStart', new InterleavedBufferAttribute(this.colourBuffer, 3, 0));
    this.geometry.setAttribute('instanceColorEnd', new InterleavedBufferAttribute(this.colourBuffer, 3, 3));
  }

  /** Draws the first `segments` segments of the buffers (after writing them). */
  setCount(segments: number): void {
    this.geometry.instanceCount = segments;
    this.positionBuffer!.needsUpdate = true;
    this.colourBuffer!.needsUpdate = true;
    this.object.visible = segments > 0;
  }

  get count(): number {
    return this.geometry.instanceCount;
  }

  setResolution(width: number, height: number): void {
    this.material.resolution.set(width, height);
  }
}
