import { requestGpuDevice, type GpuDeviceHandle } from '../../physics/index.ts';

/**
 * The WebGPU device the GPU suites share: a hardware adapter where there is one, SwiftShader found
 * by itself otherwise. `skipReason` is set only where no adapter can be had at all.
 */
export interface TestGpu {
  handle: GpuDeviceHandle | null;
  skipReason: string | null;
}

let acquired: Promise<TestGpu> | null = null;

export function testGpu(): Promise<TestGpu> {
  acquired ??= requestGpuDevice({ log: (line) => console.log(line) }).then(
    (handle) => ({ handle, skipReason: null }),
    (error: unknown) => {
      const reason = `GPU suites skipped: ${(error as Error).message}`;
      console.warn(reason);
      return { handle: null, skipReason: reason };
    },
  );
  return acquired;
}
