/*
 * Skyline's C reference quadrotor kernel: the same model as the scalar kernel
 * (physics/quadrotor/quadrotor-kernel-program.ts), in plain C, on one thread,
 * one drone at a time. The physics benchmark (bench/physics-bench.ts) compiles
 * it with gcc and reports Skyline's kernel as a multiple of this figure,
 * measured in the same run so that the machine's noise cancels out.
 *
 * The model: a rigid body with quaternion attitude and four first-order motors
 * (a rising and a falling time constant), rotor thrust f = c0 + c1 r + c2 r^2 of
 * the normalised motor speed r, yaw torque proportional to thrust, optional
 * per-rotor ground effect, linear drag,
 * an external world-frame force; RK4 at a fixed dt, then quaternion
 * normalisation, motor speeds clamped to [0, 1] and ground contact (a hard
 * landing or one on its side wrecks the drone, which is then no longer
 * stepped). Every operation is written in the order the kernel program gives,
 * in float, so that built without -ffast-math and without FMA contraction it
 * gives the kernel's bits (tests/bench/quadrotor-reference.test.ts checks it).
 *
 * Memory is laid out as the batch arena lays it out: component-major
 * structure of arrays, component c of drone i at [c * n + i], parameters per
 * drone (the 25 derived kernel parameters of quadrotor-state-layout.ts).
 *
 * Build and run (the benchmark's flags):
 *   gcc -O3 -march=native -ffast-math -fno-tree-vectorize -o /tmp/quadrotor-reference bench/quadrotor-reference.c -lm
 *   /tmp/quadrotor-reference time N STEPS P0 ... P24
 * prints `n=... steps=... sec=... drone_steps_per_s=...` for N level drones at
 * 10 m on the exact hover command (the scene of the benchmark's kernel figure:
 * every drone is computed at every step). gcc steps one drone at a time; with
 * -fno-tree-vectorize it also leaves each drone's 17-component loops scalar,
 * which measured faster than its vectorised form of them.
 *
 *   /tmp/quadrotor-reference step N STEPS DT P0 ... P24 < in > out
 * reads N drones as raw float32 (17 x N state, 4 x N motor commands, 3 x N
 * external force, then N status bytes), steps them and writes the state
 * (17 x N floats) and the status bytes back: the bit-for-bit check.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define STATE 17
#define PARAMS 25
enum { PX, PY, PZ, VX, VY, VZ, QW, QX, QY, QZ, WX, WY, WZ, R0, R1, R2, R3 };
enum {
  INV_MASS, ARM_X, C0, C1, C2, YAW_TORQUE_PER_THRUST, INV_IXX, INV_IYY, INV_IZZ, GYRO_X, GYRO_Y, GYRO_Z,
  INV_TAU_RISE, INV_TAU_FALL, DRAG_XY, DRAG_Z, GRAVITY, MASS, IXX, IYY, IZZ, CRASH_SPEED, GROUND_EFFECT, GROUND_EFFECT_MIN_HEIGHT, DOWNWASH_THRUST
};
#define CRASHED_GROUND 1

/* The drone's parameters, read once per step. */
typedef struct {
  float invMass, armX, c0, c1, c2, yawK, invIxx, invIyy, invIzz, gyroX, gyroY, gyroZ, dragXY, dragZ, gravity, downwash;
} Model;

/* The state derivative (QUADROTOR_DERIVATIVE): d[] gets the rates of velocity, attitude, body rates, motors. */
static inline void derivative(const Model *p, const float *s, const float *u, const float *k, const float *f, const float *ge, float *d) {
  float f0 = p->c0 + (p->c1 + p->c2 * s[R0]) * s[R0];
  float f1 = p->c0 + (p->c1 + p->c2 * s[R1]) * s[R1];
  float f2 = p->c0 + (p->c1 + p->c2 * s[R2]) * s[R2];
  float f3 = p->c0 + (p->c1 + p->c2 * s[R3]) * s[R3];
  /* Ground effect adds thrust (and so roll and pitch torque) but no yaw torque. */
  float fe0 = f0 + f0 * ge[0], fe1 = f1 + f1 * ge[1], fe2 = f2 + f2 * ge[2], fe3 = f3 + f3 * ge[3];
  float T = fe0 + fe1 + fe2 + fe3 + p->downwash; /* downwash from drones above, along body z */
  float qw = s[QW], qx = s[QX], qy = s[QY], qz = s[QZ], wx = s[WX], wy = s[WY], wz = s[WZ];
  /* Third column of the body-to-world rotation: where the thrust points. */
  float r13 = 2.0f * (qx * qz + qw * qy);
  float r23 = 2.0f * (qy * qz - qw * qx);
  float r33 = 1.0f - 2.0f * (qx * qx + qy * qy);
  d[VX] = (T * r13 - p->dragXY * s[VX] + f[0]) * p->invMass;
  d[VY] = (T * r23 - p->dragXY * s[VY] + f[1]) * p->invMass;
  d[VZ] = (T * r33 - p->dragZ * s[VZ] + f[2]) * p->invMass - p->gravity;
  d[QW] = 0.5f * (-qx * wx - qy * wy - qz * wz);
  d[QX] = 0.5f * (qw * wx + qy * wz - qz * wy);
  d[QY] = 0.5f * (qw * wy - qx * wz + qz * wx);
  d[QZ] = 0.5f * (qw * wz + qx * wy - qy * wx);
  /* Rotors 0..3 are the Crazyflie's M1 front-right CCW, M2 back-right CW, M3 back-left CCW,
   * M4 front-left CW (physics/quadrotor/rotor-layout.ts): the signs of these sums come from there. */
  d[WX] = p->armX * (-fe0 - fe1 + fe2 + fe3) * p->invIxx + p->gyroX * wy * wz;
  d[WY] = p->armX * (-fe0 + fe1 + fe2 - fe3) * p->invIyy + p->gyroY * wx * wz;
  d[WZ] = p->yawK * (-f0 + f1 - f2 + f3) * p->invIzz + p->gyroZ * wx * wy;
  for (int m = 0; m < 4; m++) d[R0 + m] = (u[m] - s[R0 + m]) * k[m];
}

/* Position changes by the stage's velocity, every other component by its derivative. */
static inline float stageRate(const float *stage, const float *d, int c) {
  return c < VX ? stage[VX + c] : d[c];
}

/* Steps drones [0, n) `steps` times by dt; a drone whose status is not 0 stays as it is. */
static void stepQuadrotors(float *state, const float *params, const float *command, const float *force,
                           uint8_t *status, int n, float dt, int steps) {
  const float h = 0.5f * dt, sixth = dt / 6.0f;
  for (int t = 0; t < steps; t++) {
    for (int i = 0; i < n; i++) {
      if (status[i] != 0) continue;
      const float *pa = params;
      Model p = {
        pa[INV_MASS * n + i], pa[ARM_X * n + i], pa[C0 * n + i], pa[C1 * n + i], pa[C2 * n + i],
        pa[YAW_TORQUE_PER_THRUST * n + i], pa[INV_IXX * n + i], pa[INV_IYY * n + i], pa[INV_IZZ * n + i],
        pa[GYRO_X * n + i], pa[GYRO_Y * n + i], pa[GYRO_Z * n + i], pa[DRAG_XY * n + i], pa[DRAG_Z * n + i],
        pa[GRAVITY * n + i], pa[DOWNWASH_THRUST * n + i],
      };
      float s[STATE], u[4], f[3], k[4];
      for (int c = 0; c < STATE; c++) s[c] = state[c * n + i];
      for (int m = 0; m < 4; m++) u[m] = command[m * n + i];
      for (int c = 0; c < 3; c++) f[c] = force[c * n + i];
      /* Motor lag: the time constant is chosen once per step from the direction of the change. */
      for (int m = 0; m < 4; m++) k[m] = u[m] > s[R0 + m] ? pa[INV_TAU_RISE * n + i] : pa[INV_TAU_FALL * n + i];
      /* Ground effect, held over the step: extra thrust f k (rho/4h)^2 at rotor height h >= the clip, while upright. */
      float ge[4];
      {
        const float g31 = 2.0f * (s[QX] * s[QZ] - s[QW] * s[QY]), g32 = 2.0f * (s[QY] * s[QZ] + s[QW] * s[QX]);
        const int upright = 1.0f - 2.0f * (s[QX] * s[QX] + s[QY] * s[QY]) > 0.0f;
        const float lever[4] = { g31 - g32, -g31 - g32, -g31 + g32, g31 + g32 }; /* x_i g31 + y_i g32 of M1..M4 */
        const float geK = pa[GROUND_EFFECT * n + i], minHeight = pa[GROUND_EFFECT_MIN_HEIGHT * n + i];
        for (int m = 0; m < 4; m++) {
          const float height = s[PZ] + p.armX * lever[m];
          const float clipped = height < minHeight ? minHeight : height;
          ge[m] = upright ? geK / (clipped * clipped) : 0.0f;
        }
      }

      float d[STATE], stage[STATE], acc[STATE];
      derivative(&p, s, u, k, f, ge, d);
      for (int c = 0; c < STATE; c++) acc[c] = stageRate(s, d, c);
      /* Stages 2 and 3 step half a dt along the previous stage's rate, stage 4 a whole dt. */
      for (int j = 2; j <= 4; j++) {
        const float scale = j == 4 ? dt : h;
        float next[STATE];
        for (int c = 0; c < STATE; c++) next[c] = s[c] + scale * stageRate(j == 2 ? s : stage, d, c);
        memcpy(stage, next, sizeof next);
        derivative(&p, stage, u, k, f, ge, d);
        for (int c = 0; c < STATE; c++) {
          const float r = stageRate(stage, d, c);
          acc[c] = j == 4 ? acc[c] + r : acc[c] + 2.0f * r;
        }
      }
      for (int c = 0; c < STATE; c++) s[c] = s[c] + sixth * acc[c];

      const float qn = 1.0f / sqrtf(s[QW] * s[QW] + s[QX] * s[QX] + s[QY] * s[QY] + s[QZ] * s[QZ]);
      for (int c = QW; c <= QZ; c++) s[c] = s[c] * qn;
      for (int m = R0; m <= R3; m++) s[m] = s[m] < 0.0f ? 0.0f : s[m] > 1.0f ? 1.0f : s[m];
      /* Ground contact: never below z = 0; a hard landing or one on its side wrecks the drone. */
      if (s[PZ] < 0.0f) {
        if (-s[VZ] > pa[CRASH_SPEED * n + i] || 1.0f - 2.0f * (s[QX] * s[QX] + s[QY] * s[QY]) < 0.5f) status[i] = CRASHED_GROUND;
        s[PZ] = 0.0f;
        if (s[VZ] < 0.0f) s[VZ] = 0.0f;
        s[VX] = 0.0f; s[VY] = 0.0f; s[WX] = 0.0f; s[WY] = 0.0f;
      }
      for (int c = 0; c < STATE; c++) state[c * n + i] = s[c];
    }
  }
}

static void readParams(char **argv, float *model) {
  for (int k = 0; k < PARAMS; k++) model[k] = strtof(argv[k], NULL);
}

static float *fillParams(const float *model, int n) {
  float *params = malloc(sizeof(float) * PARAMS * (size_t)n);
  for (int k = 0; k < PARAMS; k++) for (int i = 0; i < n; i++) params[k * n + i] = model[k];
  return params;
}

static int timeKernel(int n, int steps, const float *model) {
  float *state = calloc((size_t)STATE * n, sizeof(float)), *command = malloc(sizeof(float) * 4 * (size_t)n);
  float *force = calloc((size_t)3 * n, sizeof(float)), *params = fillParams(model, n);
  uint8_t *status = calloc((size_t)n, 1);
  /* The motor speed at which four rotors carry the weight (the inverse thrust curve). */
  const double c0 = model[C0], c1 = model[C1], c2 = model[C2], weight = model[MASS] * model[GRAVITY] / 4;
  const float hover = (float)((-c1 + sqrt(c1 * c1 + 4 * c2 * (weight - c0))) / (2 * c2));
  for (int i = 0; i < n; i++) {
    state[PZ * n + i] = 10.0f;
    state[QW * n + i] = 1.0f;
    for (int m = 0; m < 4; m++) {
      state[(R0 + m) * n + i] = hover;
      command[m * n + i] = hover;
    }
  }
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  stepQuadrotors(state, params, command, force, status, n, 0.01f, steps);
  clock_gettime(CLOCK_MONOTONIC, &b);
  const double sec = (b.tv_sec - a.tv_sec) + 1e-9 * (b.tv_nsec - a.tv_nsec);
  double meanZ = 0;
  int stopped = 0;
  for (int i = 0; i < n; i++) meanZ += state[PZ * n + i], stopped += status[i] != 0;
  printf("n=%d steps=%d sec=%.3f drone_steps_per_s=%.3e mean_z=%.4f crashed=%d\n", n, steps, sec, n * (double)steps / sec, meanZ / n, stopped);
  return 0;
}

static int stepFromStdin(int n, int steps, float dt, const float *model) {
  float *state = malloc(sizeof(float) * STATE * (size_t)n), *command = malloc(sizeof(float) * 4 * (size_t)n);
  float *force = malloc(sizeof(float) * 3 * (size_t)n), *params = fillParams(model, n);
  uint8_t *status = malloc((size_t)n);
  if (fread(state, sizeof(float), (size_t)STATE * n, stdin) != (size_t)STATE * n ||
      fread(command, sizeof(float), (size_t)4 * n, stdin) != (size_t)4 * n ||
      fread(force, sizeof(float), (size_t)3 * n, stdin) != (size_t)3 * n || fread(status, 1, (size_t)n, stdin) != (size_t)n) {
    fprintf(stderr, "quadrotor-reference step: stdin holds fewer than %d drones (17 + 4 + 3 floats each, then one status byte each)\n", n);
    return 1;
  }
  stepQuadrotors(state, params, command, force, status, n, dt, steps);
  fwrite(state, sizeof(float), (size_t)STATE * n, stdout);
  fwrite(status, 1, (size_t)n, stdout);
  return 0;
}

int main(int argc, char **argv) {
  float model[PARAMS];
  if (argc == 3 + PARAMS + 1 && strcmp(argv[1], "time") == 0) {
    const int n = atoi(argv[2]), steps = atoi(argv[3]);
    if (n < 1 || steps < 1) { fprintf(stderr, "quadrotor-reference time: N and STEPS must be whole numbers >= 1\n"); return 2; }
    readParams(argv + 4, model);
    return timeKernel(n, steps, model);
  }
  if (argc == 4 + PARAMS + 1 && strcmp(argv[1], "step") == 0) {
    const int n = atoi(argv[2]), steps = atoi(argv[3]);
    if (n < 1 || steps < 1) { fprintf(stderr, "quadrotor-reference step: N and STEPS must be whole numbers >= 1\n"); return 2; }
    readParams(argv + 5, model);
    return stepFromStdin(n, steps, strtof(argv[4], NULL), model);
  }
  fprintf(stderr, "usage: quadrotor-reference time N STEPS P0..P%d\n"
                  "       quadrotor-reference step N STEPS DT P0..P%d < drones > state\n"
                  "P0..P%d: the %d derived kernel parameters in QUADROTOR_KERNEL_PARAM order\n", PARAMS - 1, PARAMS - 1, PARAMS - 1, PARAMS);
  return 2;
}
