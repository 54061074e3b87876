/**
 * rapier is deterministic: the same scene gives the same state hash, bit for bit, in one process and in another;
 * a millimetre's change in one start position changes it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARCEL_SCENE_STEPS, parcelSceneHash } from './rigid-scenes.ts';

describe('the rapier state hash', () => {
  it('is identical for two runs of the same scene in one process', async () => {
    const first = await parcelSceneHash('rapier', 0, PARCEL_SCENE_STEPS);
    const second = await parcelSceneHash('rapier', 0, PARCEL_SCENE_STEPS);
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(second).toBe(first);
  });

  it('differs when one parcel starts 1 mm further east', async () => {
    const base = await parcelSceneHash('rapier', 0, PARCEL_SCENE_STEPS);
    const nudged = await parcelSceneHash('rapier', 0.001, PARCEL_SCENE_STEPS);
    expect(nudged).not.toBe(base);
  });

  it('is identical in a separate process', async () => {
    const here = await parcelSceneHash('rapier', 0, PARCEL_SCENE_STEPS);
    const script = fileURLToPath(new URL('./rigid-scenes.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, '0'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe(here);
  });
});

describe('the cannon state hash', () => {
  it('is identical for two runs of the same scene in one process too', async () => {
    const first = await parcelSceneHash('cannon', 0, PARCEL_SCENE_STEPS);
    expect(await parcelSceneHash('cannon', 0, PARCEL_SCENE_STEPS)).toBe(first);
    expect(await parcelSceneHash('cannon', 0.001, PARCEL_SCENE_STEPS)).not.toBe(first);
  });
});
