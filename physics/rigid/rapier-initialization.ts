/**
 * Rapier's WebAssembly module must be instantiated once per process (or page) before any world exists.
 * The compat package inlines the wasm, so this works in Node and in any bundler without a wasm plugin.
 */
import RAPIER from '@dimforge/rapier3d-compat';

let initialization: Promise<void> | null = null;

/** Resolves once rapier is ready; later calls share the first call's promise. */
export function initializeRapier(): Promise<void> {
  if (initialization === null) {
    initialization = RAPIER.init().catch((error: unknown) => {
      initialization = null; // let a later call retry instead of failing forever
      throw new Error(`rapier could not initialise its WebAssembly module: ${String(error)}`);
    });
  }
  return initialization;
}
