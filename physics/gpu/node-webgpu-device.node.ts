import type { GpuDeviceHandle, GpuDeviceOptions } from './gpu-device.ts';
import { findSoftwareVulkan, needsRelaunch, systemVulkanDrivers, type SoftwareVulkan } from './software-vulkan.node.ts';

/**
 * A WebGPU device in Node from the `webgpu` package (Dawn). A hardware adapter is used where the
 * system has a Vulkan driver for one; otherwise SwiftShader is found by itself (software-vulkan.node.ts)
 * and named on the log (stderr by default). The user sets no environment variable; one they did set
 * (VK_ICD_FILENAMES, VK_DRIVER_FILES) is respected.
 */

/** Thrown where the Vulkan loader only exists in a folder the dynamic linker must be told about at start-up. */
export class GpuRelaunchRequired extends Error {
  readonly loaderDirectory: string;
  constructor(software: SoftwareVulkan) {
    super(
      `WebGPU in Node: this system has no Vulkan loader (libvulkan.so.1); the one beside ${software.icdFile} is loaded only when ` +
      `node starts with LD_LIBRARY_PATH=${software.loaderDirectory}. The skyline CLI re-runs itself so; a library caller must start node that way ` +
      '(or install the system loader, on Debian: apt-get install libvulkan1).',
    );
    this.name = 'GpuRelaunchRequired';
    this.loaderDirectory = software.loaderDirectory!;
  }
}

interface WebGpuModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

// Dawn's instance must outlive every adapter and device it made: a collected instance crashes the process.
const liveInstances = new Set<GPU>();

export async function requestNodeGpuDevice(options: GpuDeviceOptions = {}): Promise<GpuDeviceHandle> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const userDriver = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES;
  const hardwareDrivers = systemVulkanDrivers().filter((file) => !/swiftshader|lvp|lavapipe/i.test(file));
  let software: SoftwareVulkan | null = null;
  if (!userDriver && hardwareDrivers.length === 0) {
    software = await findSoftwareVulkan();
    if (!software) {
      throw new Error(
        'WebGPU in Node: no adapter: this machine has no GPU driver, and no software one (SwiftShader) was found. ' +
        'Accepted: a GPU with its Vulkan driver; or the Vulkan loader (Debian: apt-get install libvulkan1) plus the @sparticuz/chromium package (npm ci installs it), ' +
        'whose SwiftShader is then found by itself; or use --backend cpu.',
      );
    }
    if (needsRelaunch(software)) throw new GpuRelaunchRequired(software);
    // The loader reads this when Dawn creates its instance below, not before.
    process.env.VK_ICD_FILENAMES = software.icdFile;
  }
  const webgpu = (await import('webgpu')) as unknown as WebGpuModule;
  for (const [name, value] of Object.entries(webgpu.globals)) {
    if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
  }
  const gpu = webgpu.create([]);
  liveInstances.add(gpu);
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    liveInstances.delete(gpu);
    const tried = userDriver ? `the driver named by VK_ICD_FILENAMES/VK_DRIVER_FILES (${userDriver})` : software ? software.source : `the system's Vulkan drivers (${hardwareDrivers.join(', ')})`;
    throw new Error(`WebGPU in Node: no adapter from ${tried}; accepted: a working Vulkan driver, or unset the variable to let SwiftShader be found; or use --backend cpu`);
  }
  const info = adapter.info;
  const description = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unnamed adapter';
  const isSoftware = software !== null || /swiftshader|llvmpipe|lavapipe/i.test(description);
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  const adapterName = software ? `${software.source}: ${description}` : description;
  if (isSoftware) log(`webgpu: no hardware adapter; using the software adapter ${adapterName}`);
  else log(`webgpu: using ${adapterName}`);
  return {
    device,
    adapterName,
    software: isSoftware,
    destroy() {
      device.destroy();
      // Kept past destroy: Dawn may still finish callbacks on this instance.
    },
  };
}
