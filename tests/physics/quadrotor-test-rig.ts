import {
  BatchArena, rowStride, QUADROTOR_STATE as S, applyQuadrotorControl, createQuadrotorStepper, hoverMotorCommand, quadrotorArenaFields,
  writeKernelParams, DEFAULT_QUADROTOR_GAINS, type QuadrotorParams, type QuadrotorRung, type QuadrotorStepper,
} from '../../physics/index.ts';

/** One drone in an arena with its controller memory, for physics and controller tests. */
export class SingleDrone {
  readonly stepper: QuadrotorStepper;
  readonly integral: Float32Array;
  readonly commands = new Float32Array(16);
  readonly n: number;

  constructor(readonly params: QuadrotorParams, position: [number, number, number] = [0, 0, 1]) {
    const arena = BatchArena.create([...quadrotorArenaFields(1), { name: 'integral', kind: 'f32', length: 3 * rowStride(1) }], { shared: false });
    this.stepper = createQuadrotorStepper(arena, 1);
    this.integral = arena.f32('integral');
    this.n = this.stepper.arrays.stride;
    for (let i = 0; i < this.n; i++) writeKernelParams(params, this.stepper.arrays.params, this.n, i);
    this.set('qw', 1);
    this.set('px', position[0]);
    this.set('py', position[1]);
    this.set('pz', position[2]);
    this.setMotors(hoverMotorCommand(params));
    for (let m = 0; m < 4; m++) this.set(`r${m}` as keyof typeof S, hoverMotorCommand(params));
    // Padding lanes stay inactive so that they cannot influence anything.
    for (let i = 1; i < this.n; i++) this.stepper.arrays.status[i] = 5;
  }

  get(name: keyof typeof S): number {
    return this.stepper.arrays.state[S[name] * this.n];
  }

  set(name: keyof typeof S, value: number): void {
    this.stepper.arrays.state[S[name] * this.n] = value;
  }

  setMotors(...values: number[]): void {
    for (let m = 0; m < 4; m++) this.stepper.arrays.motorCommand[m * this.n] = values.length === 1 ? values[0] : values[m];
  }

  get status(): number {
    return this.stepper.arrays.status[0];
  }

  step(steps = 1, dt = 0.01): void {
    this.stepper.step(0, 1, dt, steps);
  }

  /** One controlled step: the rung command goes through the cascade, then physics. */
  control(rung: QuadrotorRung, command: [number, number, number, number], dt = 0.01): void {
    this.commands.set(command);
    applyQuadrotorControl(rung, this.commands, this.stepper.arrays, this.integral, DEFAULT_QUADROTOR_GAINS, 0, 1, dt);
    this.step(1, dt);
  }

  position(): [number, number, number] {
    return [this.get('px'), this.get('py'), this.get('pz')];
  }
}
