import { DEFAULT_QUADROTOR_GAINS, GpuQuadrotorBatch, requestGpuDevice, type GpuDeviceHandle } from '../../../physics/index.ts';
import { createStandaloneSwarm, type StandaloneSwarm } from './standalone-swarm.ts';

/**
 * The swarm stepped on the page's own WebGPU device (navigator.gpu), no server: controller and
 * dynamics on the GPU, `stepsPerDispatch` steps per dispatch; the state is read back once per
 * drawn frame for the instanced mesh.
 */
export class StandaloneSimulation {
  readonly swarm: StandaloneSwarm;
  readonly gpu: GpuDeviceHandle;
  readonly batch: GpuQuadrotorBatch;
  /** The state as last read back (component-major, the CPU arena's layout). */
  readonly state: Float32Array;
  readonly status: Uint8Array;
  stepsTaken = 0;

  private constructor(swarm: StandaloneSwarm, gpu: GpuDeviceHandle, batch: GpuQuadrotorBatch) {
    this.swarm = swarm;
    this.gpu = gpu;
    this.batch = batch;
    this.state = swarm.arrays.state.slice();
    this.status = swarm.arrays.status.slice();
  }

  static async start(count: number): Promise<StandaloneSimulation> {
    const swarm = createStandaloneSwarm(count);
    const gpu = await requestGpuDevice({ log: (line) => console.info(line) });
    const batch = await GpuQuadrotorBatch.create(gpu.device, { count, rung: 'goto', dt: 0.01, gains: DEFAULT_QUADROTOR_GAINS });
    batch.upload(swarm.arrays, swarm.integral);
    batch.setCommands(swarm.commands);
    return new StandaloneSimulation(swarm, gpu, batch);
  }

  /** Advances `steps` steps on the GPU and reads the state back. */
  async advance(steps: number, stepsPerDispatch: number): Promise<void> {
    this.batch.step(steps, stepsPerDispatch);
    this.stepsTaken += steps;
    await this.batch.read({ state: this.state, status: this.status });
  }

  destroy(): void {
    this.batch.destroy();
    this.gpu.destroy();
  }
}
