#!/usr/bin/env bash
# Runs the packed bench/train-gpu (see bench/gpu/pack.sh) on a machine with a GPU and writes
# its table to $OUT/train-gpu.md when $OUT is set. Arguments go to the bench.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PACK="$HERE"; [ -f "$PACK/node.xz" ] || PACK="$HERE/../../.gpu-pack"
WORK="${TMPDIR:-/tmp}/vain-gpu"; mkdir -p "$WORK/node_modules/webgpu/dist/linux-x64"
unxz() { if command -v xz >/dev/null; then xz -dc "$1" > "$2"; else python3 -c 'import lzma,sys; open(sys.argv[2],"wb").write(lzma.open(sys.argv[1]).read())' "$1" "$2"; fi; }
[ -x "$WORK/node" ] || { unxz "$PACK/node.xz" "$WORK/node"; chmod +x "$WORK/node"; }
[ -f "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node" ] || unxz "$PACK/dawn.node.xz" "$WORK/node_modules/webgpu/dist/linux-x64/dawn.node"
cp "$PACK/node_modules/webgpu/index.js" "$PACK/node_modules/webgpu/package.json" "$WORK/node_modules/webgpu/"
cp "$PACK/train-gpu.mjs" "$PACK/libvulkan.so.1" "$WORK/"
export LD_LIBRARY_PATH="$WORK${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp}"
if [ -z "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ]; then
  for icd in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    [ -f "$icd" ] && { export VK_DRIVER_FILES="$icd"; break; }
  done
fi
echo "node $("$WORK/node" --version), VK_DRIVER_FILES=${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-none}}"
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
cd "$WORK"
if [ -n "${OUT:-}" ]; then "$WORK/node" train-gpu.mjs "$@" | tee "$OUT/train-gpu.md"; else "$WORK/node" train-gpu.mjs "$@"; fi
