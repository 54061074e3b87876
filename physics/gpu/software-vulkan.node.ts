import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Finding a software Vulkan driver (SwiftShader) for Dawn on a machine without a GPU. Dawn needs a
 * Vulkan loader (libvulkan.so.1) and an ICD json naming the driver; the loader reads
 * VK_ICD_FILENAMES when an instance is created, so setting it in process.env before the webgpu
 * module creates its instance is enough. The loader itself must be found by the dynamic linker
 * when the process starts: where the system has none, the caller re-runs itself with
 * LD_LIBRARY_PATH set to `loaderDirectory` (see needsRelaunch).
 */
export interface SoftwareVulkan {
  /** The ICD json of SwiftShader's Vulkan driver. */
  icdFile: string;
  /** Where it came from, in words (for the stderr line that says which adapter was used). */
  source: string;
  /** A folder holding a libvulkan.so.1 to use where the system has none, else null. */
  loaderDirectory: string | null;
}

const SYSTEM_LIBRARY_DIRECTORIES = [
  '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/usr/local/lib',
];
const SYSTEM_ICD_DIRECTORIES = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
// Where distributions' Chromium packages keep SwiftShader's Vulkan driver and its json.
const CHROMIUM_SWIFTSHADER_FILES = ['/usr/lib/chromium/vk_swiftshader_icd.json', '/usr/lib/chromium-browser/vk_swiftshader_icd.json', '/opt/google/chrome/vk_swiftshader_icd.json'];
const SWIFTSHADER_ICD_NAME = 'vk_swiftshader_icd.json';

/** True where the dynamic linker finds a Vulkan loader in the usual system folders (or LD_LIBRARY_PATH). */
export function systemVulkanLoaderPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  const extra = (env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean);
  // Tests name other folders here to act out a machine without the system loader.
  const system = env.SKYLINE_TEST_SYSTEM_LIBRARY_DIRECTORIES?.split(':') ?? SYSTEM_LIBRARY_DIRECTORIES;
  return [...extra, ...system].some((folder) => existsSync(join(folder, 'libvulkan.so.1')));
}

/** ICD jsons installed system-wide (hardware drivers or a packaged SwiftShader). */
export function systemVulkanDrivers(): string[] {
  const found: string[] = [];
  for (const folder of SYSTEM_ICD_DIRECTORIES) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder)) if (name.endsWith('.json')) found.push(join(folder, name));
  }
  return found;
}

/**
 * SwiftShader's Vulkan driver: a system-installed one first (an ICD json in the Vulkan folders or
 * a distribution's Chromium), else the one the @sparticuz/chromium package unpacks into the
 * temporary folder (unpacked here when it is not there yet). Null where none can be had.
 */
export async function findSoftwareVulkan(): Promise<SoftwareVulkan | null> {
  const systemLoader = systemVulkanLoaderPresent();
  const systemSwiftShader = [...systemVulkanDrivers().filter((file) => /swiftshader/i.test(file)), ...CHROMIUM_SWIFTSHADER_FILES.filter(existsSync)];
  if (systemSwiftShader.length > 0 && systemLoader) {
    return { icdFile: systemSwiftShader[0], source: `SwiftShader (Vulkan, CPU) from ${systemSwiftShader[0]}`, loaderDirectory: null };
  }
  const unpacked = await unpackPackagedSwiftShader();
  if (!unpacked) return null;
  const hasOwnLoader = existsSync(join(unpacked, 'libvulkan.so.1'));
  if (!systemLoader && !hasOwnLoader) return null;
  return {
    icdFile: join(unpacked, SWIFTSHADER_ICD_NAME),
    source: `SwiftShader (Vulkan, CPU) unpacked by @sparticuz/chromium into ${unpacked}`,
    loaderDirectory: systemLoader ? null : unpacked,
  };
}

/** The folder holding SwiftShader's driver and json from @sparticuz/chromium, unpacking it if needed; null without the package. */
async function unpackPackagedSwiftShader(): Promise<string | null> {
  const folder = tmpdir();
  const ready = (): boolean => existsSync(join(folder, SWIFTSHADER_ICD_NAME)) && existsSync(join(folder, 'libvk_swiftshader.so'));
  if (ready()) return folder;
  let packageEntry: string;
  try {
    packageEntry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  } catch {
    return null;
  }
  // The package's own unpacker writes the SwiftShader archive's files straight into the temporary folder.
  const packageRoot = join(dirname(packageEntry), '..', '..');
  const archive = join(packageRoot, 'bin', 'swiftshader.tar.br');
  const unpacker = join(packageRoot, 'build', 'esm', 'lambdafs.js');
  if (!existsSync(archive) || !existsSync(unpacker)) return null;
  const { inflate } = (await import(pathToFileURL(unpacker).href)) as { inflate: (file: string) => Promise<string> };
  await inflate(archive);
  return ready() ? folder : null;
}

/** Whether this process must be re-run with LD_LIBRARY_PATH naming `software.loaderDirectory` before Dawn can load Vulkan. */
export function needsRelaunch(software: SoftwareVulkan, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!software.loaderDirectory) return false;
  return !(env.LD_LIBRARY_PATH ?? '').split(':').includes(software.loaderDirectory);
}
