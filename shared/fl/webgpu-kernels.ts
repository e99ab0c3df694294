/**
 * Our own WGSL kernels for the tfjs webgpu backend, written by hand: no library offers them.
 * Profiled on an H200 (shared/TOOLCHAIN.md), tfjs 4.22's `Conv2DBackpropFilter` takes 90 % of
 * a FedAvg-CNN step at batch 50 and 97 % at batch 500: it gives each of the 51,200 filter
 * weights of the second conv one thread that walks the whole batch alone. Here:
 *
 * - `Conv2DBackpropFilter` as an implicit GEMM, dW[m, n] = Σ_k A[m, k] · dy[k, n] with
 *   m = (kh, kw, ci), n = co, k = (b, oh, ow) and A read straight from x (no im2col buffer):
 *   64×64 (or 32×32) output tiles, 16-deep K tiles staged in workgroup memory, each of 256
 *   threads accumulating a 4×4 (2×2) block in registers, and split-K: the long K axis
 *   (batch × output pixels, 98,000 at B500) is cut into chunks summed by a second pass, so a
 *   tiny 800×64 output still fills the GPU.
 * - `VainSoftmaxCrossEntropy`: the mean softmax cross-entropy of a batch in one dispatch
 *   (tfjs composes ~12), and its gradient in one more.
 * - `VainAxpy`: x + α·y in one dispatch: SGD's w − lr·g (tfjs takes two per variable) and
 *   momentum's v ← g + m·v, w ← w − lr·v (tfjs takes four).
 *
 * Programs follow tfjs-backend-webgpu's `WebGPUProgram` contract (its preamble declares
 * `result`, the inputs by name, `uniforms`, and the workgroup builtins as private vars);
 * loops that hold barriers are bounded by uniforms only, so WGSL's uniformity analysis holds.
 * Checked against the cpu backend within 1e-4 in webgpu-kernels.node.test.ts (Dawn on
 * SwiftShader) and in e2e/train.spec.ts (Chromium).
 */
import type { Scalar, Tensor, Tf, Variable } from './tf.ts'

type TensorInfo = { dataId: object, shape: number[], dtype: string }
type Uniform = { type: 'int32' | 'float32' | 'uint32', data: number[] }

/** The parts of tfjs-backend-webgpu's `WebGPUProgram` we fill in. */
interface Program {
  outputShape: number[]
  shaderKey: string
  dispatchLayout: { x: number[], y?: number[], z?: number[] }
  dispatch: [number, number, number]
  variableNames: string[]
  uniforms?: string
  workgroupSize: [number, number, number]
  size?: boolean
  getUserCode(): string
}

interface WebGpuBackendLike {
  runWebGPUProgram(program: Program, inputs: TensorInfo[], outputDtype: string, uniforms?: Uniform[]): TensorInfo
  disposeData(dataId: object): boolean
}

type KernelArgs = { inputs: Record<string, TensorInfo>, backend: WebGpuBackendLike, attrs: Record<string, unknown> }

export const SOFTMAX_CE_KERNEL = 'VainSoftmaxCrossEntropy'
export const SOFTMAX_CE_GRAD_KERNEL = 'VainSoftmaxCrossEntropyGrad'
export const AXPY_KERNEL = 'VainAxpy'
const FILTER_GRAD_KERNEL = 'Conv2DBackpropFilter'

/** Threads per workgroup side of the GEMM (16 × 16 = 256). */
const WG = 16
/** Depth of one K tile staged in workgroup memory. */
const TK = 16
/** Workgroups to aim for when choosing the split-K count: enough to fill a large GPU. */
const TARGET_WORKGROUPS = 1024
/** Upper bound on the split-K partial sums buffer (bytes). */
const MAX_PARTIAL_BYTES = 64 << 20
const FLAT_WG = 64

export interface FilterGradPlan {
  /** rows (kh · kw · ci), columns (co), reduction length (b · oh · ow) */
  M: number
  N: number
  K: number
  /** output tile side: 64 or 32 */
  tile: number
  /** K chunks summed by the second pass (1: no second pass) */
  splits: number
  /** K values per chunk, a multiple of the K tile */
  chunk: number
}

/** How the filter gradient of a conv is cut into workgroups (pure; exported for tests and the bench). */
export function planFilterGrad (M: number, N: number, K: number, targetWorkgroups = TARGET_WORKGROUPS): FilterGradPlan {
  const tile = M <= 32 && N <= 32 ? 32 : 64
  const tiles = Math.ceil(M / tile) * Math.ceil(N / tile)
  const kTiles = Math.max(1, Math.ceil(K / TK))
  // at least 8 K tiles per chunk, so each workgroup amortises its setup
  let splits = Math.max(1, Math.min(Math.round(targetWorkgroups / tiles), Math.floor(kTiles / 8)))
  splits = Math.max(1, Math.min(splits, Math.floor(MAX_PARTIAL_BYTES / (M * N * 4))))
  const chunk = Math.ceil(kTiles / splits) * TK
  splits = Math.ceil(K / chunk)
  return { M, N, K, tile, splits, chunk }
}

function filterGradProgram (plan: FilterGradPlan, outputShape: number[]): Program {
  const { tile, splits, M, N } = plan
  const r = tile / WG
  const partial = splits > 1
  return {
    outputShape,
    shaderKey: `vainFilterGradMM_${tile}_${partial ? 'split' : 'direct'}`,
    dispatchLayout: outputShape.length === 4 ? { x: [3], y: [2], z: [0, 1] } : { x: [1], y: [0] },
    dispatch: [Math.ceil(N / tile), Math.ceil(M / tile), splits],
    variableNames: ['x', 'dy'],
    uniforms: 'M : i32, N : i32, K : i32, chunk : i32, tiles : i32, kw : i32, ci : i32, inH : i32, inW : i32, outH : i32, outW : i32, strideH : i32, strideW : i32, padT : i32, padL : i32,',
    workgroupSize: [WG, WG, 1],
    getUserCode: () => `
      const TILE = ${tile};
      const R = ${r};
      var<workgroup> As : array<array<f32, ${tile}>, ${TK}>;
      var<workgroup> Bs : array<array<f32, ${tile}>, ${TK}>;

      fn main () {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let tid = ty * ${WG} + tx;
        let n0 = i32(workgroupId.x) * TILE;
        let m0 = i32(workgroupId.y) * TILE;
        let kStart = i32(workgroupId.z) * uniforms.chunk;
        let kEnd = min(kStart + uniforms.chunk, uniforms.K);
        // Each thread stages the same tile column every K tile (${WG * WG} threads, a multiple of TILE):
        // row m = (kh, kw, ci) of A and column n of dy are decomposed once, out of the loop.
        let col = tid % TILE;
        let kkFirst = tid / TILE;
        let m = m0 + col;
        let ci = m % uniforms.ci;
        let kwh = m / uniforms.ci;
        let kw = kwh % uniforms.kw;
        let kh = kwh / uniforms.kw;
        let mOk = m < uniforms.M;
        let n = n0 + col;
        let nOk = n < uniforms.N;
        var acc : array<array<f32, R>, R>;
        for (var t = 0; t < uniforms.tiles; t++) {
          let k0 = kStart + t * ${TK};
          for (var kk = kkFirst; kk < ${TK}; kk += ${(WG * WG) / tile}) {
            // A[m, k]: the input pixel that weight m meets at output position k = (b, oh, ow);
            // zero in the padding and past the end of the chunk
            let k = k0 + kk;
            var a = 0.0;
            var bk = 0.0;
            if (k < kEnd) {
              if (mOk) {
                let ow = k % uniforms.outW;
                let bh = k / uniforms.outW;
                let oh = bh % uniforms.outH;
                let b = bh / uniforms.outH;
                let ih = oh * uniforms.strideH + kh - uniforms.padT;
                let iw = ow * uniforms.strideW + kw - uniforms.padL;
                if (ih >= 0 && ih < uniforms.inH && iw >= 0 && iw < uniforms.inW) {
                  a = x[((b * uniforms.inH + ih) * uniforms.inW + iw) * uniforms.ci + ci];
                }
              }
              if (nOk) { bk = dy[k * uniforms.N + n]; }
            }
            As[kk][col] = a;
            Bs[kk][col] = bk;
          }
          workgroupBarrier();
          for (var kk = 0; kk < ${TK}; kk++) {
            var a : array<f32, R>;
            var bv : array<f32, R>;
            for (var i = 0; i < R; i++) {
              a[i] = As[kk][ty + i * ${WG}];
              bv[i] = Bs[kk][tx + i * ${WG}];
            }
            for (var i = 0; i < R; i++) {
              for (var j = 0; j < R; j++) {
                acc[i][j] = fma(a[i], bv[j], acc[i][j]);
              }
            }
          }
          workgroupBarrier();
        }
        let base = ${partial ? 'i32(workgroupId.z) * uniforms.M * uniforms.N' : '0'};
        for (var i = 0; i < R; i++) {
          let row = m0 + ty + i * ${WG};
          for (var j = 0; j < R; j++) {
            let column = n0 + tx + j * ${WG};
            if (row < uniforms.M && column < uniforms.N) {
              result[base + row * uniforms.N + column] = acc[i][j];
            }
          }
        }
      }
    `
  }
}

function sumSplitsProgram (outputShape: number[], size: number): Program {
  return {
    outputShape,
    shaderKey: 'vainSumSplits',
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / FLAT_WG), 1, 1],
    variableNames: ['partial'],
    uniforms: 'splits : i32,',
    workgroupSize: [FLAT_WG, 1, 1],
    size: true,
    getUserCode: () => `
      fn main (index : i32) {
        if (index < uniforms.size) {
          var s = 0.0;
          for (var i = 0; i < uniforms.splits; i++) {
            s += partial[i * uniforms.size + index];
          }
          result[index] = s;
        }
      }
    `
  }
}

function softmaxCeProgram (): Program {
  return {
    outputShape: [1],
    shaderKey: 'vainSoftmaxCE',
    dispatchLayout: { x: [0] },
    dispatch: [1, 1, 1],
    variableNames: ['logits', 'labels'],
    workgroupSize: [256, 1, 1],
    getUserCode: () => `
      var<workgroup> partialSums : array<f32, 256>;
      fn main (index : i32) {
        let rows = uniforms.logitsShape.x;
        let classes = uniforms.logitsShape.y;
        let tid = i32(localIndex);
        var s = 0.0;
        for (var r = tid; r < rows; r += 256) {
          var mx = logits[r * classes];
          for (var c = 1; c < classes; c++) { mx = max(mx, logits[r * classes + c]); }
          var z = 0.0;
          for (var c = 0; c < classes; c++) { z += exp(logits[r * classes + c] - mx); }
          let lse = mx + log(z);
          for (var c = 0; c < classes; c++) { s -= labels[r * classes + c] * (logits[r * classes + c] - lse); }
        }
        partialSums[tid] = s;
        workgroupBarrier();
        for (var stride = 128; stride > 0; stride = stride / 2) {
          if (tid < stride) { partialSums[tid] += partialSums[tid + stride]; }
          workgroupBarrier();
        }
        if (tid == 0) { result[0] = partialSums[0] / f32(rows); }
      }
    `
  }
}

function softmaxCeGradProgram (rows: number, classes: number): Program {
  return {
    outputShape: [rows, classes],
    shaderKey: 'vainSoftmaxCEGrad',
    dispatchLayout: { x: [0, 1] },
    dispatch: [Math.ceil(rows / FLAT_WG), 1, 1],
    variableNames: ['logits', 'labels', 'dy'],
    workgroupSize: [FLAT_WG, 1, 1],
    getUserCode: () => `
      fn main (r : i32) {
        let rows = uniforms.logitsShape.x;
        let classes = uniforms.logitsShape.y;
        if (r >= rows) { return; }
        var mx = logits[r * classes];
        for (var c = 1; c < classes; c++) { mx = max(mx, logits[r * classes + c]); }
        var z = 0.0;
        for (var c = 0; c < classes; c++) { z += exp(logits[r * classes + c] - mx); }
        let scale = dy[0] / f32(rows);
        for (var c = 0; c < classes; c++) {
          let i = r * classes + c;
          result[i] = scale * (exp(logits[i] - mx) / z - labels[i]);
        }
      }
    `
  }
}

function axpyProgram (shape: number[], size: number): Program {
  return {
    outputShape: shape,
    shaderKey: 'vainAxpy',
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(size / FLAT_WG), 1, 1],
    variableNames: ['x', 'y'],
    uniforms: 'alpha : f32,',
    workgroupSize: [FLAT_WG, 1, 1],
    size: true,
    getUserCode: () => `
      fn main (index : i32) {
        if (index < uniforms.size) {
          result[index] = fma(uniforms.alpha, y[index], x[index]);
        }
      }
    `
  }
}

const i32 = (...data: number[]): Uniform => ({ type: 'int32', data })

function conv2DBackpropFilter (tf: Tf, args: KernelArgs): TensorInfo {
  const { inputs: { x, dy }, backend, attrs } = args
  const filterShape = attrs.filterShape as [number, number, number, number]
  const dataFormat = tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC')
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, attrs.strides as number | [number, number], 1,
    attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined, false, dataFormat)
  if (info.dataFormat !== 'channelsLast' || x.dtype !== 'float32') {
    // NCHW or non-float inputs: the stock kernel handles them
    return (stockFilterGrad!.kernelFunc as unknown as (a: KernelArgs) => TensorInfo)(args)
  }
  const M = info.filterHeight * info.filterWidth * info.inChannels
  const N = info.outChannels
  const K = info.batchSize * info.outHeight * info.outWidth
  const plan = planFilterGrad(M, N, K)
  const uniforms = [
    i32(M), i32(N), i32(K), i32(plan.chunk), i32(plan.chunk / TK), i32(info.filterWidth), i32(info.inChannels),
    i32(info.inHeight), i32(info.inWidth), i32(info.outHeight), i32(info.outWidth),
    i32(info.strideHeight), i32(info.strideWidth), i32(info.padInfo.top), i32(info.padInfo.left)
  ]
  if (plan.splits === 1) return backend.runWebGPUProgram(filterGradProgram(plan, [...filterShape]), [x, dy], 'float32', uniforms)
  const partial = backend.runWebGPUProgram(filterGradProgram(plan, [plan.splits, M * N]), [x, dy], 'float32', uniforms)
  try {
    return backend.runWebGPUProgram(sumSplitsProgram([...filterShape], M * N), [partial], 'float32', [i32(plan.splits)])
  } finally {
    backend.disposeData(partial.dataId)
  }
}

let stockFilterGrad: ReturnType<Tf['getKernel']> | undefined

/**
 * Registers our kernels for the `webgpu` backend of this tfjs (idempotent): replaces
 * `Conv2DBackpropFilter` and adds the fused loss and SGD kernels. Returns whether they were
 * added now. Harmless where webgpu is never used: kernels run only on that backend.
 */
export function registerWebGpuKernels (tf: Tf): boolean {
  if (tf.getKernel(AXPY_KERNEL, 'webgpu') != null) return false
  stockFilterGrad = tf.getKernel(FILTER_GRAD_KERNEL, 'webgpu')
  if (stockFilterGrad != null) tf.unregisterKernel(FILTER_GRAD_KERNEL, 'webgpu')
  const register = (kernelName: string, fn: (args: KernelArgs) => TensorInfo): void => {
    tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc: fn as never })
  }
  register(FILTER_GRAD_KERNEL, args => conv2DBackpropFilter(tf, args))
  register(SOFTMAX_CE_KERNEL, ({ inputs: { logits, labels }, backend }) =>
    backend.runWebGPUProgram(softmaxCeProgram(), [logits, labels], 'float32'))
  register(SOFTMAX_CE_GRAD_KERNEL, ({ inputs: { logits, labels, dy }, backend }) =>
    backend.runWebGPUProgram(softmaxCeGradProgram(logits.shape[0], logits.shape[1]), [logits, labels, dy], 'float32'))
  register(AXPY_KERNEL, ({ inputs: { x, y }, backend, attrs }) =>
    backend.runWebGPUProgram(axpyProgram(x.shape, x.shape.reduce((a, b) => a * b, 1)), [x, y], 'float32', [{ type: 'float32', data: [attrs.alpha as number] }]))
  return true
}

/** Puts tfjs's own Conv2DBackpropFilter back (for side-by-side benches and tests). */
export function unregisterWebGpuKernels (tf: Tf): void {
  if (tf.getKernel(AXPY_KERNEL, 'webgpu') == null) return
  for (const name of [FILTER_GRAD_KERNEL, SOFTMAX_CE_KERNEL, SOFTMAX_CE_GRAD_KERNEL, AXPY_KERNEL]) tf.unregisterKernel(name, 'webgpu')
  if (stockFilterGrad != null) tf.registerKernel(stockFilterGrad)
}

/** Whether the fused training kernels run on the active backend. */
export function fusedKernelsActive (tf: Tf): boolean {
  return tf.getKernel(AXPY_KERNEL, tf.getBackend()) != null
}

/**
 * Mean softmax cross-entropy of `logits` [batch, classes] against `labels` (one-hot or
 * distributions) with its gradient, two dispatches in all where the fused kernels run;
 * tfjs's composed `losses.softmaxCrossEntropy` elsewhere (same value).
 */
export function softmaxCrossEntropy (tf: Tf, labels: Tensor, logits: Tensor): Scalar {
  if (!fusedKernelsActive(tf)) return tf.losses.softmaxCrossEntropy(labels, logits) as Scalar
  const engine = tf.engine()
  const op = tf.customGrad(((z: Tensor) => ({
    // rank-0 tensors are reshaped to [1]: tfjs packs no uniform for an empty shape
    value: tf.reshape(engine.runKernel(SOFTMAX_CE_KERNEL, { logits: z, labels }) as Tensor, []),
    gradFunc: (dy: Tensor) => engine.runKernel(SOFTMAX_CE_GRAD_KERNEL, { logits: z, labels, dy: tf.reshape(dy, [1]) }) as Tensor
  })) as never)
  return op(logits) as Scalar
}

/** x + α·y: one dispatch where the fused kernels run */
function axpy (tf: Tf, fused: boolean, x: Tensor, alpha: number, y: Tensor): Tensor {
  return fused
    ? tf.engine().runKernel(AXPY_KERNEL, { x, y }, { alpha }) as Tensor
    : tf.tidy(() => tf.add(x, tf.mul(y, tf.scalar(alpha))))
}

export interface Momentum {
  /** @default 0.9 */
  momentum: number
  /** one accumulator per variable, same shapes, zeros at the start */
  accumulators: readonly Variable[]
}

/**
 * One optimizer step for each variable: plain SGD, w ← w − lr·g, or with `momentum`
 * v ← m·v + g, w ← w − lr·v (tfjs's `train.momentum`, no Nesterov). One dispatch per
 * variable and tensor updated where the fused kernels run, tfjs ops elsewhere.
 */
export function sgdUpdate (tf: Tf, variables: readonly Variable[], grads: Record<string, Tensor>, lr: number, momentum?: Momentum): void {
  const fused = fusedKernelsActive(tf)
  variables.forEach((v, i) => {
    const g = grads[v.name]
    if (g == null) return
    let step = g
    if (momentum != null) {
      const acc = momentum.accumulators[i]
      const nextAcc = axpy(tf, fused, g, momentum.momentum, acc)
      acc.assign(nextAcc)
      nextAcc.dispose()
      step = acc
    }
    const next = axpy(tf, fused, v, -lr, step)
    v.assign(next)
    next.dispose()
  })
}
