/**
 * What every batch on the GPU does the same way: compile its step's pipeline once per device,
 * encode K-step dispatches as ordered passes, and copy host arrays into storage buffers.
 */

// One pipeline per device, shader (its label) and variant.
const pipelines = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** A compute pipeline compiled once per device, `label` and `variant`; a WGSL error names the line. */
export function cachedComputePipeline(
  device: GPUDevice,
  variant: string,
  label: string,
  source: () => string,
  entryPoint: string,
): Promise<GPUComputePipeline> {
  let variants = pipelines.get(device);
  if (!variants) pipelines.set(device, (variants = new Map()));
  const key = `${label} (${variant})`;
  let pipeline = variants.get(key);
  if (!pipeline) {
    pipeline = (async () => {
      const code = source();
      const module = device.createShaderModule({ label, code });
      const errors = (await module.getCompilationInfo()).messages.filter((message) => message.type === 'error');
      if (errors.length > 0) {
        const lines = code.split('\n');
        throw new Error(`${label} shader does not compile:\n${errors.map((e) => `  line ${e.lineNum}: ${e.message}\n    ${lines[e.lineNum - 1]?.trim() ?? ''}`).join('\n')}`);
      }
      return device.createComputePipelineAsync({ label, layout: 'auto', compute: { module, entryPoint } });
    })();
    variants.set(key, pipeline);
  }
  return pipeline;
}

/** Submits `dispatches` passes of `groups` workgroups; passes are ordered, so each sees the state the previous one wrote. */
export function submitDispatches(device: GPUDevice, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, groups: number, dispatches: number): void {
  const encoder = device.createCommandEncoder();
  for (let d = 0; d < dispatches; d++) {
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(groups);
    pass.end();
  }
  device.queue.submit([encoder.finish()]);
}

/** Copies as much of `data` as fits into `buffer`; shared memory (a worker-pool arena) is copied first: writeBuffer takes only plain buffers. */
export function writeStorage(device: GPUDevice, buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
  const source = typeof SharedArrayBuffer !== 'undefined' && data.buffer instanceof SharedArrayBuffer ? data.slice() : data;
  const elements = Math.min(source.length, buffer.size / 4);
  device.queue.writeBuffer(buffer, 0, source as Float32Array<ArrayBuffer>, 0, elements);
}
