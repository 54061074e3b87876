/**
 * physics/ — vehicle dynamics, controllers, rigid bodies, math and seeded randomness.
 * This is the layer's public face; it imports nothing of ours.
 */
export { SeededRng, mix32, mixSeeds, hashToUnit, hashString } from './math/seeded-rng.ts';
export { hashTypedArrays } from './math/state-hash.ts';
