import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testGpu } from './gpu-test-device.ts';

const skyline = fileURLToPath(new URL('../../bin/skyline.mjs', import.meta.url));
const gpu = await testGpu();

function run(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [skyline, ...args], { timeout: 120_000, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

// The user sets no Vulkan variable: the command must find an adapter by itself.
function envWithoutVulkanVariables(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.VK_ICD_FILENAMES;
  delete env.VK_DRIVER_FILES;
  return env;
}

describe.skipIf(gpu.handle === null)('skyline rollout --backend webgpu (the real command)', () => {
  const args = ['rollout', '--task', 'hover', '--worlds', '64', '--steps', '300', '--policy', 'pid', '--json'];

  it('matches the cpu backend\'s mean_final_error within 1 cm and says on stderr which adapter it used', async () => {
    const [cpu, webgpu] = await Promise.all([run(args), run([...args, '--backend', 'webgpu'], envWithoutVulkanVariables())]);
    expect(cpu.code).toBe(0);
    expect(webgpu.code).toBe(0);
    const a = JSON.parse(cpu.stdout), b = JSON.parse(webgpu.stdout);
    expect(b.backend).toBe('webgpu');
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    expect(Math.abs(b.mean_final_error - a.mean_final_error)).toBeLessThan(1e-2);
    expect(b.success_rate).toBeGreaterThanOrEqual(0.95);
    expect(webgpu.stderr).toMatch(/webgpu: (using|no hardware adapter; using the software adapter) /);
  });

  it('re-runs itself with the loader unpacked beside SwiftShader where the system has no Vulkan loader', async () => {
    const env: NodeJS.ProcessEnv = { ...envWithoutVulkanVariables(), SKYLINE_TEST_SYSTEM_LIBRARY_DIRECTORIES: '/nonexistent' };
    delete env.LD_LIBRARY_PATH;
    const result = await run([...args, '--backend', 'webgpu'], env);
    if (result.stderr.includes('webgpu: using ') && !result.stderr.includes('software')) return; // a hardware driver needs no loader hunt
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`running again with the one in ${tmpdir()}`);
    expect(JSON.parse(result.stdout).backend).toBe('webgpu');
  });
});

describe('skyline rollout --backend webgpu without a usable driver', () => {
  it('fails with an error naming the driver it tried and what is accepted', async () => {
    const env: NodeJS.ProcessEnv = { ...envWithoutVulkanVariables(), VK_ICD_FILENAMES: '/nonexistent/no_such_icd.json' };
    const result = await run(['rollout', '--worlds', '4', '--steps', '5', '--backend', 'webgpu', '--json'], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('no adapter from the driver named by VK_ICD_FILENAMES/VK_DRIVER_FILES (/nonexistent/no_such_icd.json)');
    expect(result.stderr).toContain('--backend cpu');
  });
});
