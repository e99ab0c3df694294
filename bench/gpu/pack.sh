#!/usr/bin/env bash
# Packs bench/train-gpu for a GPU machine that has neither npm nor a registry (the `device`
# tool's machines): one bundled script, Dawn (npm `webgpu`), the Vulkan loader from Debian's
# chromium and this project's Node 24, xz-compressed. Writes .gpu-pack/ (git-ignored, < 64 MiB),
# which bench/gpu/run.sh runs there:
#
#   bash bench/gpu/pack.sh        then, on the GPU machine:   bash bench/gpu/run.sh [bench flags]
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.gpu-pack
rm -rf "$OUT" && mkdir -p "$OUT/node_modules/webgpu/dist/linux-x64"
npx esbuild bench/train-gpu.ts --bundle --platform=node --format=esm --target=node24 \
  --external:webgpu --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" \
  --outfile="$OUT/train-gpu.mjs"
# Dawn: its JS entry, package.json and the linux-x64 binary; its one runtime dependency (debug) is unused at run time
cp node_modules/webgpu/index.js node_modules/webgpu/package.json "$OUT/node_modules/webgpu/"
xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > "$OUT/dawn.node.xz"
# the Vulkan loader (the GPU machine has the NVIDIA driver but no loader)
cp /usr/lib/chromium/libvulkan.so.1 "$OUT/"
xz -T0 -6 -c node_modules/node/bin/node > "$OUT/node.xz"
cp bench/gpu/run.sh "$OUT/"
du -sh "$OUT"; ls -la "$OUT"
