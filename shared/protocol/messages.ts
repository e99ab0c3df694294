import { decodeMessage, encodeMessage, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export interface WebGpuInfo {
  vendor: string
  architecture: string
  device: string
  description: string
  isFallbackAdapter: boolean
}

export namespace WebGpuInfo {
  let _codec: Codec<WebGpuInfo>

  export const codec = (): Codec<WebGpuInfo> => {
    if (_codec == null) {
      _codec = message<WebGpuInfo>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.vendor != null && obj.vendor !== '')) {
          w.uint32(10)
          w.string(obj.vendor)
        }

        if ((obj.architecture != null && obj.architecture !== '')) {
          w.uint32(18)
          w.string(obj.architecture)
        }

        if ((obj.device != null && obj.device !== '')) {
          w.uint32(26)
          w.string(obj.device)
        }

        if ((obj.description != null && obj.description !== '')) {
          w.uint32(34)
          w.string(obj.description)
        }

        if ((obj.isFallbackAdapter != null && obj.isFallbackAdapter !== false)) {
          w.uint32(40)
          w.bool(obj.isFallbackAdapter)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          vendor: '',
          architecture: '',
          device: '',
          description: '',
          isFallbackAdapter: false
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.vendor = reader.string()
              break
            }
            case 2: {
              obj.architecture = reader.string()
              break
            }
            case 3: {
              obj.device = reader.string()
              break
            }
            case 4: {
              obj.description = reader.string()
              break
            }
            case 5: {
              obj.isFallbackAdapter = reader.bool()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.vendor`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.architecture`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.device`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.description`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.isFallbackAdapter`,
                value: reader.bool()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface WebGpuInfoVendorFieldEvent {
    field: '$.vendor'
    value: string
  }

  export interface WebGpuInfoArchitectureFieldEvent {
    field: '$.architecture'
    value: string
  }

  export interface WebGpuInfoDeviceFieldEvent {
    field: '$.device'
    value: string
  }

  export interface WebGpuInfoDescriptionFieldEvent {
    field: '$.description'
    value: string
  }

  export interface WebGpuInfoIsFallbackAdapterFieldEvent {
    field: '$.isFallbackAdapter'
    value: boolean
  }

  export function encode (obj: Partial<WebGpuInfo>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, WebGpuInfo.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WebGpuInfo>): WebGpuInfo {
    return decodeMessage(buf, WebGpuInfo.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<WebGpuInfo>): Generator<WebGpuInfoVendorFieldEvent | WebGpuInfoArchitectureFieldEvent | WebGpuInfoDeviceFieldEvent | WebGpuInfoDescriptionFieldEvent | WebGpuInfoIsFallbackAdapterFieldEvent> {
    return streamMessage(buf, WebGpuInfo.codec(), opts)
  }
}

export interface Capabilities {
  webgpu?: WebGpuInfo
  hardwareConcurrency: number
  deviceMemoryGib: number
  userAgent: string
}

export namespace Capabilities {
  let _codec: Codec<Capabilities>

  export const codec = (): Codec<Capabilities> => {
    if (_codec == null) {
      _codec = message<Capabilities>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.webgpu != null) {
          w.uint32(10)
          WebGpuInfo.codec().encode(obj.webgpu, w)
        }

        if ((obj.hardwareConcurrency != null && obj.hardwareConcurrency !== 0)) {
          w.uint32(16)
          w.uint32(obj.hardwareConcurrency)
        }

        if ((obj.deviceMemoryGib != null && obj.deviceMemoryGib !== 0)) {
          w.uint32(29)
          w.float(obj.deviceMemoryGib)
        }

        if ((obj.userAgent != null && obj.userAgent !== '')) {
          w.uint32(34)
          w.string(obj.userAgent)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          hardwareConcurrency: 0,
          deviceMemoryGib: 0,
          userAgent: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.webgpu = WebGpuInfo.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.webgpu
              })
              break
            }
            case 2: {
              obj.hardwareConcurrency = reader.uint32()
              break
            }
            case 3: {
              obj.deviceMemoryGib = reader.float()
              break
            }
            case 4: {
              obj.userAgent = reader.string()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield * WebGpuInfo.codec().stream(reader, reader.uint32(), `${prefix}.webgpu`, {
                limits: opts.limits?.webgpu
              })

              break
            }
            case 2: {
              yield {
                field: `${prefix}.hardwareConcurrency`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.deviceMemoryGib`,
                value: reader.float()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.userAgent`,
                value: reader.string()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface CapabilitiesWebgpuVendorFieldEvent {
    field: '$.webgpu.vendor'
    value: string
  }

  export interface CapabilitiesWebgpuArchitectureFieldEvent {
    field: '$.webgpu.architecture'
    value: string
  }

  export interface CapabilitiesWebgpuDeviceFieldEvent {
    field: '$.webgpu.device'
    value: string
  }

  export interface CapabilitiesWebgpuDescriptionFieldEvent {
    field: '$.webgpu.description'
    value: string
  }

  export interface CapabilitiesWebgpuIsFallbackAdapterFieldEvent {
    field: '$.webgpu.isFallbackAdapter'
    value: boolean
  }

  export interface CapabilitiesHardwareConcurrencyFieldEvent {
    field: '$.hardwareConcurrency'
    value: number
  }

  export interface CapabilitiesDeviceMemoryGibFieldEvent {
    field: '$.deviceMemoryGib'
    value: number
  }

  export interface CapabilitiesUserAgentFieldEvent {
    field: '$.userAgent'
    value: string
  }

  export function encode (obj: Partial<Capabilities>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Capabilities.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Capabilities>): Capabilities {
    return decodeMessage(buf, Capabilities.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Capabilities>): Generator<CapabilitiesWebgpuVendorFieldEvent | CapabilitiesWebgpuArchitectureFieldEvent | CapabilitiesWebgpuDeviceFieldEvent | CapabilitiesWebgpuDescriptionFieldEvent | CapabilitiesWebgpuIsFallbackAdapterFieldEvent | CapabilitiesHardwareConcurrencyFieldEvent | CapabilitiesDeviceMemoryGibFieldEvent | CapabilitiesUserAgentFieldEvent> {
    return streamMessage(buf, Capabilities.codec(), opts)
  }
}

export interface Hello {
  from: string
  to: string
  timestampMs: bigint
  nonce: Uint8Array<ArrayBuffer>
  version: string
  capabilities?: Capabilities
}

export namespace Hello {
  let _codec: Codec<Hello>

  export const codec = (): Codec<Hello> => {
    if (_codec == null) {
      _codec = message<Hello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(10)
          w.string(obj.from)
        }

        if ((obj.to != null && obj.to !== '')) {
          w.uint32(18)
          w.string(obj.to)
        }

        if ((obj.timestampMs != null && obj.timestampMs !== 0n)) {
          w.uint32(24)
          w.uint64(obj.timestampMs)
        }

        if ((obj.nonce != null && obj.nonce.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.nonce)
        }

        if ((obj.version != null && obj.version !== '')) {
          w.uint32(42)
          w.string(obj.version)
        }

        if (obj.capabilities != null) {
          w.uint32(50)
          Capabilities.codec().encode(obj.capabilities, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          from: '',
          to: '',
          timestampMs: 0n,
          nonce: uint8ArrayAlloc(0),
          version: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.from = reader.string()
              break
            }
            case 2: {
              obj.to = reader.string()
              break
            }
            case 3: {
              obj.timestampMs = reader.uint64()
              break
            }
            case 4: {
              obj.nonce = reader.bytes()
              break
            }
            case 5: {
              obj.version = reader.string()
              break
            }
            case 6: {
              obj.capabilities = Capabilities.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.capabilities
              })
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.to`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.timestampMs`,
                value: reader.uint64()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.nonce`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.version`,
                value: reader.string()
              }
              break
            }
            case 6: {
              yield * Capabilities.codec().stream(reader, reader.uint32(), `${prefix}.capabilities`, {
                limits: opts.limits?.capabilities
              })

              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface HelloFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface HelloToFieldEvent {
    field: '$.to'
    value: string
  }

  export interface HelloTimestampMsFieldEvent {
    field: '$.timestampMs'
    value: bigint
  }

  export interface HelloNonceFieldEvent {
    field: '$.nonce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface HelloVersionFieldEvent {
    field: '$.version'
    value: string
  }

  export interface HelloCapabilitiesWebgpuVendorFieldEvent {
    field: '$.capabilities.webgpu.vendor'
    value: string
  }

  export interface HelloCapabilitiesWebgpuArchitectureFieldEvent {
    field: '$.capabilities.webgpu.architecture'
    value: string
  }

  export interface HelloCapabilitiesWebgpuDeviceFieldEvent {
    field: '$.capabilities.webgpu.device'
    value: string
  }

  export interface HelloCapabilitiesWebgpuDescriptionFieldEvent {
    field: '$.capabilities.webgpu.description'
    value: string
  }

  export interface HelloCapabilitiesWebgpuIsFallbackAdapterFieldEvent {
    field: '$.capabilities.webgpu.isFallbackAdapter'
    value: boolean
  }

  export interface HelloCapabilitiesHardwareConcurrencyFieldEvent {
    field: '$.capabilities.hardwareConcurrency'
    value: number
  }

  export interface HelloCapabilitiesDeviceMemoryGibFieldEvent {
    field: '$.capabilities.deviceMemoryGib'
    value: number
  }

  export interface HelloCapabilitiesUserAgentFieldEvent {
    field: '$.capabilities.userAgent'
    value: string
  }

  export function encode (obj: Partial<Hello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Hello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Hello {
    return decodeMessage(buf, Hello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Hello>): Generator<HelloFromFieldEvent | HelloToFieldEvent | HelloTimestampMsFieldEvent | HelloNonceFieldEvent | HelloVersionFieldEvent | HelloCapabilitiesWebgpuVendorFieldEvent | HelloCapabilitiesWebgpuArchitectureFieldEvent | HelloCapabilitiesWebgpuDeviceFieldEvent | HelloCapabilitiesWebgpuDescriptionFieldEvent | HelloCapabilitiesWebgpuIsFallbackAdapterFieldEvent | HelloCapabilitiesHardwareConcurrencyFieldEvent | HelloCapabilitiesDeviceMemoryGibFieldEvent | HelloCapabilitiesUserAgentFieldEvent> {
    return streamMessage(buf, Hello.codec(), opts)
  }
}

export interface SignedHello {
  hello: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedHello {
  let _codec: Codec<SignedHello>

  export const codec = (): Codec<SignedHello> => {
    if (_codec == null) {
      _codec = message<SignedHello>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.hello != null && obj.hello.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.hello)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(18)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          hello: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.hello = reader.bytes()
              break
            }
            case 2: {
              obj.signature = reader.bytes()
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }

        return obj
      }, function * (reader, length, prefix, opts = {}) {
        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.hello`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.signature`,
                value: reader.bytes()
              }
              break
            }
            default: {
              reader.skipType(tag & 7)
              break
            }
          }
        }
      })
    }

    return _codec
  }

  export interface SignedHelloHelloFieldEvent {
    field: '$.hello'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedHelloSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedHello>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedHello.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedHello>): SignedHello {
    return decodeMessage(buf, SignedHello.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedHello>): Generator<SignedHelloHelloFieldEvent | SignedHelloSignatureFieldEvent> {
    return streamMessage(buf, SignedHello.codec(), opts)
  }
}
