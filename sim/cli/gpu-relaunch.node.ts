import { spawn } from 'node:child_process';

/**
 * Where the only Vulkan loader is the one unpacked beside SwiftShader, the dynamic linker must be
 * told its folder when node starts; the CLI then re-runs its own command line once with
 * LD_LIBRARY_PATH set, passing the exit code through. Anything else is rethrown.
 */
export async function relaunchIfGpuNeedsIt(error: unknown): Promise<number> {
  const loaderDirectory = (error as { name?: string; loaderDirectory?: string } | null)?.loaderDirectory;
  if ((error as Error | null)?.name !== 'GpuRelaunchRequired' || !loaderDirectory) throw error;
  const libraryPath = [loaderDirectory, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean)].join(':');
  process.stderr.write(`webgpu: no system Vulkan loader; running again with the one in ${loaderDirectory}\n`);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit', env: { ...process.env, LD_LIBRARY_PATH: libraryPath },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
