#!/usr/bin/env bash
# The WebGPU bench on a machine with an NVIDIA GPU (made for an H200; any NVIDIA GPU with its
# driver will do), within 5 minutes, with nothing but what the checkout carries (node_modules
# included: the `webgpu` package brings Dawn). Prints JSON lines: the machine, the GPU as
# nvidia-smi names it, the WebGPU adapter, then one line per figure (bench/gpu-scale-bench.ts).
#
#   bash bench/gpu-h200.sh            # from the repository root (or anywhere: it finds the root)
#   SKYLINE_GPU_BUDGET_S=120 bash bench/gpu-h200.sh   # a shorter budget for the measurements
#
# Dawn reaches the GPU through Vulkan: a Vulkan loader (libvulkan.so.1) and NVIDIA's Vulkan driver
# (an ICD json naming libGLX_nvidia.so.0). Where the machine lacks the json (containers often mount
# the driver's libraries without it), one is written to a temporary folder; where it lacks the
# loader, the one unpacked from @sparticuz/chromium (beside its SwiftShader) is used. Nothing is
# downloaded or installed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
started=$(date +%s)
json_line() { printf '{"kind":"%s","%s":"%s"}\n' "$1" "$2" "$(printf '%s' "$3" | tr -d '"\\' | tr '\n' ' ')"; }

if [ ! -d node_modules/webgpu ]; then
  json_line setup error "node_modules/webgpu is missing: run npm ci where the registry is reachable and carry node_modules along"
  exit 1
fi
json_line machine node "$(node --version) on $(uname -srm), $(nproc) CPUs"
if command -v nvidia-smi >/dev/null 2>&1; then
  json_line gpu nvidia_smi "$(nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader 2>&1 | head -1)"
else
  json_line gpu nvidia_smi "nvidia-smi not found"
fi

# NVIDIA's Vulkan ICD json: the driver's own, or one written here for the driver's library.
icd=""
for candidate in /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json /etc/vulkan/icd.d/nvidia_icd.x86_64.json; do
  if [ -f "$candidate" ]; then icd="$candidate"; break; fi
done
if [ -z "$icd" ]; then
  glx=$(ldconfig -p 2>/dev/null | awk '/libGLX_nvidia\.so\.0/ {print $NF; exit}')
  [ -z "$glx" ] && glx=$(ls /usr/lib/x86_64-linux-gnu/libGLX_nvidia.so.0 /usr/lib64/libGLX_nvidia.so.0 /usr/lib/libGLX_nvidia.so.0 2>/dev/null | head -1)
  if [ -n "$glx" ]; then
    icd_dir=$(mktemp -d)
    icd="$icd_dir/nvidia_icd.json"
    printf '{"file_format_version":"1.0.0","ICD":{"library_path":"%s","api_version":"1.3.0"}}\n' "$glx" >"$icd"
    json_line vulkan icd "written for $glx at $icd"
  else
    json_line vulkan icd "no NVIDIA Vulkan driver found (no nvidia_icd.json, no libGLX_nvidia.so.0): the bench falls back to SwiftShader, on the CPU"
  fi
else
  json_line vulkan icd "$icd"
fi
[ -n "$icd" ] && export VK_ICD_FILENAMES="$icd"

# The Vulkan loader: the system's, or the one @sparticuz/chromium unpacks (beside its SwiftShader).
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1' && ! ls /usr/lib/x86_64-linux-gnu/libvulkan.so.1 /usr/lib64/libvulkan.so.1 >/dev/null 2>&1; then
  loader=$(node --import tsx -e "import('./physics/gpu/software-vulkan.node.ts').then(async (m) => { const s = await m.findSoftwareVulkan(); console.log(s?.loaderDirectory ?? ''); })" 2>/dev/null | tail -1)
  if [ -n "$loader" ]; then
    export LD_LIBRARY_PATH="$loader${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    json_line vulkan loader "$loader/libvulkan.so.1 (from @sparticuz/chromium)"
  else
    json_line vulkan loader "no libvulkan.so.1 on this machine and none unpacked: WebGPU cannot start"
  fi
else
  json_line vulkan loader "system libvulkan.so.1"
fi

# 5 minutes in all: what is left after the setup, less a margin for start-up and the last line.
spent=$(( $(date +%s) - started ))
export SKYLINE_GPU_BUDGET_S="${SKYLINE_GPU_BUDGET_S:-$(( 240 - spent ))}"
timeout --signal=KILL $(( 290 - spent )) node --import tsx bench/gpu-scale-bench.ts
code=$?
[ "$code" -eq 137 ] && json_line done error "killed at the 5-minute limit; the lines above are what was measured"
exit "$code"
