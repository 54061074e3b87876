import { packGpuWorld, WORLD_BINDING, type GpuWorldSource } from './building-collision-wgsl.ts';

/** A world's buildings and bounds in GPU buffers, owned by the batch that made them. */
export class GpuWorldBuffers {
  private readonly buffers: Record<keyof typeof WORLD_BINDING, GPUBuffer>;

  constructor(device: GPUDevice, world: GpuWorldSource) {
    const packed = packGpuWorld(world);
    const limit = device.limits.maxStorageBufferBindingSize;
    if (packed.grid.byteLength > limit) {
      throw new RangeError(`GPU world: its building grid needs ${packed.grid.byteLength} bytes; this device binds at most ${limit}; accepted: a smaller city`);
    }
    const upload = (label: string, data: ArrayBuffer | Uint32Array | Float32Array, usage: number): GPUBuffer => {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      const buffer = device.createBuffer({ label, size: Math.ceil(bytes.byteLength / 16) * 16, usage: usage | GPUBufferUsage.COPY_DST });
      device.queue.writeBuffer(buffer, 0, bytes);
      return buffer;
    };
    this.buffers = {
      uniforms: upload('world.uniforms', packed.uniforms, GPUBufferUsage.UNIFORM),
      grid: upload('world.grid', packed.grid, GPUBufferUsage.STORAGE),
    };
  }

  /** Bind group entries for the batch step's group 0. */
  entries(): GPUBindGroupEntry[] {
    return (Object.keys(WORLD_BINDING) as (keyof typeof WORLD_BINDING)[]).map((name) => ({ binding: WORLD_BINDING[name], resource: { buffer: this.buffers[name] } }));
  }

  destroy(): void {
    for (const buffer of Object.values(this.buffers)) buffer.destroy();
  }
}
