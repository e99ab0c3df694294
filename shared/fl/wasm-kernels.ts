/**
 * tfjs-backend-wasm 4.22 ships no `Conv2DBackpropFilter` kernel, so no convolutional model
 * can train on it as shipped. This registers one, written by hand on top of the backend's
 * own kernels: the filter gradient of an NHWC convolution is itself a convolution,
 *
 *   dW[kh, kw, ci, co] = Σ_{b, oh, ow} x[b, oh·s + kh − pad, ow·s + kw − pad, ci] · dy[b, oh, ow, co]
 *
 * i.e. conv2d(x transposed to [ci, h, w, b], dy transposed to [oh, ow, b, co],
 * dilation = the forward stride, same explicit padding) → [ci, kh', kw', co], cut to the
 * filter size and transposed to [kh, kw, ci, co]. Checked against the cpu backend in
 * wasm-kernels.node.test.ts.
 */
import { BackendUnavailableError, InvalidParametersError } from './errors.ts'
import type { Tf } from './tf.ts'

type TensorInfo = { dataId: object, shape: number[], dtype: string }
type KernelArgs = { inputs: Record<string, TensorInfo>, backend: { disposeData(dataId: object): boolean }, attrs: Record<string, unknown> }
type KernelFn = (args: KernelArgs) => TensorInfo

const KERNEL = 'Conv2DBackpropFilter'

/**
 * Registers the kernel for the wasm backend (idempotent). Returns whether it was added now.
 * `backend: 'cpu'` replaces the cpu backend's own (a TensorBuffer.get per multiply-add: ~90 s
 * per CNN step at batch 50) with the cpu's Conv2D doing the same sums: used for reference
 * runs that would otherwise take hours (bench/cnn-parity.ts).
 */
export function registerWasmConv2DBackpropFilter (tf: Tf, backend: 'wasm' | 'cpu' = 'wasm'): boolean {
  const existing = tf.getKernel(KERNEL, backend)
  if (existing != null && (backend === 'wasm' || (existing as unknown as { viaConv2D?: boolean }).viaConv2D === true)) return false
  if (existing != null) tf.unregisterKernel(KERNEL, backend)
  const kernel = (name: string): KernelFn => {
    const k = tf.getKernel(name, backend)
    if (k == null) throw new BackendUnavailableError(backend, `tfjs-backend-${backend} has no ${name} kernel`)
    return k.kernelFunc as unknown as KernelFn
  }
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: backend,
    viaConv2D: true,
    kernelFunc: ((args: KernelArgs): TensorInfo => {
      const { inputs: { x, dy }, backend, attrs } = args
      const transpose = kernel('Transpose')
      const conv2d = kernel('Conv2D')
      const slice = kernel('Slice')
      const filterShape = attrs.filterShape as [number, number, number, number]
      const dataFormat = tf.backend_util.convertConv2DDataFormat((attrs.dataFormat as 'NHWC' | 'NCHW' | undefined) ?? 'NHWC')
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number], filterShape, attrs.strides as number | [number, number], 1,
        attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined, false, dataFormat)
      if (info.dataFormat !== 'channelsLast') throw new InvalidParametersError(`${backend} Conv2DBackpropFilter supports NHWC only`)
      const { top, bottom, left, right } = info.padInfo
      const temps: TensorInfo[] = []
      try {
        const xT = transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } })
        temps.push(xT)
        const dyT = transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } })
        temps.push(dyT)
        let g = conv2d({
          inputs: { x: xT, filter: dyT },
          backend,
          attrs: {
            strides: [1, 1],
            dilations: [info.strideHeight, info.strideWidth],
            pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
            dataFormat: 'NHWC'
          }
        })
        temps.push(g)
        const [kh, kw] = filterShape
        if (g.shape[1] !== kh || g.shape[2] !== kw) {
          g = slice({ inputs: { x: g }, backend, attrs: { begin: [0, 0, 0, 0], size: [g.shape[0], kh, kw, g.shape[3]] } })
          temps.push(g)
        }
        return transpose({ inputs: { x: g }, backend, attrs: { perm: [1, 2, 0, 3] } })
      } finally {
        for (const t of temps) backend.disposeData(t.dataId)
      }
    }) as never
  } as never)
  return true
}
