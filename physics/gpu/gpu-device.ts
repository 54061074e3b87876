/**
 * Where a WebGPU device comes from: `navigator.gpu` in a browser, the `webgpu` package (Dawn) in
 * Node (node-webgpu-device.node.ts, loaded only there so that this file bundles for the browser).
 */
export interface GpuDeviceHandle {
  device: GPUDevice;
  /** The adapter in words (vendor, architecture, description; the software driver's origin). */
  adapterName: string;
  /** True for a software adapter (SwiftShader): correct results, CPU speed. */
  software: boolean;
  /** Frees the device; buffers made on it become unusable. */
  destroy(): void;
}

export interface GpuDeviceOptions {
  /** Where the line naming the adapter goes (Node default: stderr; browser default: nowhere). */
  log?: (line: string) => void;
}

export async function requestGpuDevice(options: GpuDeviceOptions = {}): Promise<GpuDeviceHandle> {
  const browserGpu = typeof navigator !== 'undefined' ? (navigator as Navigator & { gpu?: GPU }).gpu : undefined;
  if (browserGpu) return requestBrowserGpuDevice(browserGpu, options);
  if (typeof process !== 'undefined' && process.versions?.node) {
    const { requestNodeGpuDevice } = await import('./node-webgpu-device.node.ts');
    return requestNodeGpuDevice(options);
  }
  throw new Error('WebGPU: this browser has no navigator.gpu; accepted: a browser with WebGPU enabled (Chrome, Edge 113+, Firefox 141+, Safari 26+), or the CPU backend');
}

async function requestBrowserGpuDevice(gpu: GPU, options: GpuDeviceOptions): Promise<GpuDeviceHandle> {
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('WebGPU: navigator.gpu gave no adapter (blocked or unsupported GPU); accepted: a browser with WebGPU enabled, or the CPU backend');
  const info = adapter.info;
  const adapterName = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  const device = await adapter.requestDevice({
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize, maxBufferSize: adapter.limits.maxBufferSize },
  });
  const software = /swiftshader|llvmpipe|lavapipe/i.test(adapterName);
  options.log?.(`webgpu: using ${software ? 'the software adapter ' : ''}${adapterName}`);
  return { device, adapterName, software, destroy: () => device.destroy() };
}
