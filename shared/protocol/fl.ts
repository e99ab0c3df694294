import { decodeMessage, encodeMessage, enumeration, MaxLengthError, message, streamMessage } from 'protons-runtime'
import { alloc as uint8ArrayAlloc } from 'uint8arrays/alloc'
import type { Codec, DecodeOptions } from 'protons-runtime'
import type { Uint8ArrayList } from 'uint8arraylist'

export enum UpdateEncoding {
  SPARSE_FP16 = 'SPARSE_FP16',
  DENSE_FP16 = 'DENSE_FP16',
  DENSE_FP32 = 'DENSE_FP32'
}

enum __UpdateEncodingValues {
  SPARSE_FP16 = 0,
  DENSE_FP16 = 1,
  DENSE_FP32 = 2
}

export namespace UpdateEncoding {
  export const codec = (): Codec<UpdateEncoding> => {
    return enumeration<UpdateEncoding>(__UpdateEncodingValues)
  }
}

export interface UpdatePayload {
  encoding: UpdateEncoding
  dimension: number
  count: number
  indices: Uint8Array<ArrayBuffer>
  values: Uint8Array<ArrayBuffer>
  samples: number
  loss: number
}

export namespace UpdatePayload {
  let _codec: Codec<UpdatePayload>

  export const codec = (): Codec<UpdatePayload> => {
    if (_codec == null) {
      _codec = message<UpdatePayload>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if (obj.encoding != null && __UpdateEncodingValues[obj.encoding] !== 0) {
          w.uint32(8)
          UpdateEncoding.codec().encode(obj.encoding, w)
        }

        if ((obj.dimension != null && obj.dimension !== 0)) {
          w.uint32(16)
          w.uint32(obj.dimension)
        }

        if ((obj.count != null && obj.count !== 0)) {
          w.uint32(24)
          w.uint32(obj.count)
        }

        if ((obj.indices != null && obj.indices.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.indices)
        }

        if ((obj.values != null && obj.values.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.values)
        }

        if ((obj.samples != null && obj.samples !== 0)) {
          w.uint32(48)
          w.uint32(obj.samples)
        }

        if ((obj.loss != null && obj.loss !== 0)) {
          w.uint32(61)
          w.float(obj.loss)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          encoding: UpdateEncoding.SPARSE_FP16,
          dimension: 0,
          count: 0,
          indices: uint8ArrayAlloc(0),
          values: uint8ArrayAlloc(0),
          samples: 0,
          loss: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.encoding = UpdateEncoding.codec().decode(reader)
              break
            }
            case 2: {
              obj.dimension = reader.uint32()
              break
            }
            case 3: {
              obj.count = reader.uint32()
              break
            }
            case 4: {
              obj.indices = reader.bytes()
              break
            }
            case 5: {
              obj.values = reader.bytes()
              break
            }
            case 6: {
              obj.samples = reader.uint32()
              break
            }
            case 7: {
              obj.loss = reader.float()
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
                field: `${prefix}.encoding`,
                value: UpdateEncoding.codec().decode(reader)
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.dimension`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.count`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.indices`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.values`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.samples`,
                value: reader.uint32()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.loss`,
                value: reader.float()
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

  export interface UpdatePayloadEncodingFieldEvent {
    field: '$.encoding'
    value: UpdateEncoding
  }

  export interface UpdatePayloadDimensionFieldEvent {
    field: '$.dimension'
    value: number
  }

  export interface UpdatePayloadCountFieldEvent {
    field: '$.count'
    value: number
  }

  export interface UpdatePayloadIndicesFieldEvent {
    field: '$.indices'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdatePayloadValuesFieldEvent {
    field: '$.values'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdatePayloadSamplesFieldEvent {
    field: '$.samples'
    value: number
  }

  export interface UpdatePayloadLossFieldEvent {
    field: '$.loss'
    value: number
  }

  export function encode (obj: Partial<UpdatePayload>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UpdatePayload.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UpdatePayload>): UpdatePayload {
    return decodeMessage(buf, UpdatePayload.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UpdatePayload>): Generator<UpdatePayloadEncodingFieldEvent | UpdatePayloadDimensionFieldEvent | UpdatePayloadCountFieldEvent | UpdatePayloadIndicesFieldEvent | UpdatePayloadValuesFieldEvent | UpdatePayloadSamplesFieldEvent | UpdatePayloadLossFieldEvent> {
    return streamMessage(buf, UpdatePayload.codec(), opts)
  }
}

export interface UpdateSigningInput {
  taskId: string
  round: bigint
  baseModelCid: Uint8Array<ArrayBuffer>
  payloadHash: Uint8Array<ArrayBuffer>
  from: string
}

export namespace UpdateSigningInput {
  let _codec: Codec<UpdateSigningInput>

  export const codec = (): Codec<UpdateSigningInput> => {
    if (_codec == null) {
      _codec = message<UpdateSigningInput>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId !== '')) {
          w.uint32(10)
          w.string(obj.taskId)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(16)
          w.uint64(obj.round)
        }

        if ((obj.baseModelCid != null && obj.baseModelCid.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.baseModelCid)
        }

        if ((obj.payloadHash != null && obj.payloadHash.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.payloadHash)
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(42)
          w.string(obj.from)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: '',
          round: 0n,
          baseModelCid: uint8ArrayAlloc(0),
          payloadHash: uint8ArrayAlloc(0),
          from: ''
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.string()
              break
            }
            case 2: {
              obj.round = reader.uint64()
              break
            }
            case 3: {
              obj.baseModelCid = reader.bytes()
              break
            }
            case 4: {
              obj.payloadHash = reader.bytes()
              break
            }
            case 5: {
              obj.from = reader.string()
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
                field: `${prefix}.taskId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.baseModelCid`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.payloadHash`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.from`,
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

  export interface UpdateSigningInputTaskIdFieldEvent {
    field: '$.taskId'
    value: string
  }

  export interface UpdateSigningInputRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface UpdateSigningInputBaseModelCidFieldEvent {
    field: '$.baseModelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdateSigningInputPayloadHashFieldEvent {
    field: '$.payloadHash'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdateSigningInputFromFieldEvent {
    field: '$.from'
    value: string
  }

  export function encode (obj: Partial<UpdateSigningInput>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, UpdateSigningInput.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UpdateSigningInput>): UpdateSigningInput {
    return decodeMessage(buf, UpdateSigningInput.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<UpdateSigningInput>): Generator<UpdateSigningInputTaskIdFieldEvent | UpdateSigningInputRoundFieldEvent | UpdateSigningInputBaseModelCidFieldEvent | UpdateSigningInputPayloadHashFieldEvent | UpdateSigningInputFromFieldEvent> {
    return streamMessage(buf, UpdateSigningInput.codec(), opts)
  }
}

export interface Update {
  taskId: string
  round: bigint
  baseModelCid: Uint8Array<ArrayBuffer>
  from: string
  payload: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace Update {
  let _codec: Codec<Update>

  export const codec = (): Codec<Update> => {
    if (_codec == null) {
      _codec = message<Update>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId !== '')) {
          w.uint32(10)
          w.string(obj.taskId)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(16)
          w.uint64(obj.round)
        }

        if ((obj.baseModelCid != null && obj.baseModelCid.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.baseModelCid)
        }

        if ((obj.from != null && obj.from !== '')) {
          w.uint32(34)
          w.string(obj.from)
        }

        if ((obj.payload != null && obj.payload.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.payload)
        }

        if ((obj.signature != null && obj.signature.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.signature)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: '',
          round: 0n,
          baseModelCid: uint8ArrayAlloc(0),
          from: '',
          payload: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.string()
              break
            }
            case 2: {
              obj.round = reader.uint64()
              break
            }
            case 3: {
              obj.baseModelCid = reader.bytes()
              break
            }
            case 4: {
              obj.from = reader.string()
              break
            }
            case 5: {
              obj.payload = reader.bytes()
              break
            }
            case 6: {
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
                field: `${prefix}.taskId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.baseModelCid`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.from`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.payload`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
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

  export interface UpdateTaskIdFieldEvent {
    field: '$.taskId'
    value: string
  }

  export interface UpdateRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface UpdateBaseModelCidFieldEvent {
    field: '$.baseModelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdateFromFieldEvent {
    field: '$.from'
    value: string
  }

  export interface UpdatePayloadFieldEvent {
    field: '$.payload'
    value: Uint8Array<ArrayBuffer>
  }

  export interface UpdateSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<Update>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, Update.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Update>): Update {
    return decodeMessage(buf, Update.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<Update>): Generator<UpdateTaskIdFieldEvent | UpdateRoundFieldEvent | UpdateBaseModelCidFieldEvent | UpdateFromFieldEvent | UpdatePayloadFieldEvent | UpdateSignatureFieldEvent> {
    return streamMessage(buf, Update.codec(), opts)
  }
}

export enum Aggregator {
  FEDAVG = 'FEDAVG',
  TRIMMED_MEAN = 'TRIMMED_MEAN',
  MEDIAN = 'MEDIAN'
}

enum __AggregatorValues {
  FEDAVG = 0,
  TRIMMED_MEAN = 1,
  MEDIAN = 2
}

export namespace Aggregator {
  export const codec = (): Codec<Aggregator> => {
    return enumeration<Aggregator>(__AggregatorValues)
  }
}

export interface RoundConfig {
  modelSpecId: string
  dataset: string
  partition: string
  epochs: number
  batchSize: number
  lr: number
  topKFraction: number
  minTopKFraction: number
  maxTopKFraction: number
  clipNorm: number
  aggregator: Aggregator
  serverLr: number
  maxSamples: number
  encoding: UpdateEncoding
}

export namespace RoundConfig {
  let _codec: Codec<RoundConfig>

  export const codec = (): Codec<RoundConfig> => {
    if (_codec == null) {
      _codec = message<RoundConfig>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.modelSpecId != null && obj.modelSpecId !== '')) {
          w.uint32(10)
          w.string(obj.modelSpecId)
        }

        if ((obj.dataset != null && obj.dataset !== '')) {
          w.uint32(18)
          w.string(obj.dataset)
        }

        if ((obj.partition != null && obj.partition !== '')) {
          w.uint32(26)
          w.string(obj.partition)
        }

        if ((obj.epochs != null && obj.epochs !== 0)) {
          w.uint32(32)
          w.uint32(obj.epochs)
        }

        if ((obj.batchSize != null && obj.batchSize !== 0)) {
          w.uint32(40)
          w.uint32(obj.batchSize)
        }

        if ((obj.lr != null && obj.lr !== 0)) {
          w.uint32(53)
          w.float(obj.lr)
        }

        if ((obj.topKFraction != null && obj.topKFraction !== 0)) {
          w.uint32(61)
          w.float(obj.topKFraction)
        }

        if ((obj.minTopKFraction != null && obj.minTopKFraction !== 0)) {
          w.uint32(69)
          w.float(obj.minTopKFraction)
        }

        if ((obj.maxTopKFraction != null && obj.maxTopKFraction !== 0)) {
          w.uint32(77)
          w.float(obj.maxTopKFraction)
        }

        if ((obj.clipNorm != null && obj.clipNorm !== 0)) {
          w.uint32(85)
          w.float(obj.clipNorm)
        }

        if (obj.aggregator != null && __AggregatorValues[obj.aggregator] !== 0) {
          w.uint32(88)
          Aggregator.codec().encode(obj.aggregator, w)
        }

        if ((obj.serverLr != null && obj.serverLr !== 0)) {
          w.uint32(101)
          w.float(obj.serverLr)
        }

        if ((obj.maxSamples != null && obj.maxSamples !== 0)) {
          w.uint32(104)
          w.uint32(obj.maxSamples)
        }

        if (obj.encoding != null && __UpdateEncodingValues[obj.encoding] !== 0) {
          w.uint32(112)
          UpdateEncoding.codec().encode(obj.encoding, w)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          modelSpecId: '',
          dataset: '',
          partition: '',
          epochs: 0,
          batchSize: 0,
          lr: 0,
          topKFraction: 0,
          minTopKFraction: 0,
          maxTopKFraction: 0,
          clipNorm: 0,
          aggregator: Aggregator.FEDAVG,
          serverLr: 0,
          maxSamples: 0,
          encoding: UpdateEncoding.SPARSE_FP16
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.modelSpecId = reader.string()
              break
            }
            case 2: {
              obj.dataset = reader.string()
              break
            }
            case 3: {
              obj.partition = reader.string()
              break
            }
            case 4: {
              obj.epochs = reader.uint32()
              break
            }
            case 5: {
              obj.batchSize = reader.uint32()
              break
            }
            case 6: {
              obj.lr = reader.float()
              break
            }
            case 7: {
              obj.topKFraction = reader.float()
              break
            }
            case 8: {
              obj.minTopKFraction = reader.float()
              break
            }
            case 9: {
              obj.maxTopKFraction = reader.float()
              break
            }
            case 10: {
              obj.clipNorm = reader.float()
              break
            }
            case 11: {
              obj.aggregator = Aggregator.codec().decode(reader)
              break
            }
            case 12: {
              obj.serverLr = reader.float()
              break
            }
            case 13: {
              obj.maxSamples = reader.uint32()
              break
            }
            case 14: {
              obj.encoding = UpdateEncoding.codec().decode(reader)
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
                field: `${prefix}.modelSpecId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.dataset`,
                value: reader.string()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.partition`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.epochs`,
                value: reader.uint32()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.batchSize`,
                value: reader.uint32()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.lr`,
                value: reader.float()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.topKFraction`,
                value: reader.float()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.minTopKFraction`,
                value: reader.float()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.maxTopKFraction`,
                value: reader.float()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.clipNorm`,
                value: reader.float()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.aggregator`,
                value: Aggregator.codec().decode(reader)
              }
              break
            }
            case 12: {
              yield {
                field: `${prefix}.serverLr`,
                value: reader.float()
              }
              break
            }
            case 13: {
              yield {
                field: `${prefix}.maxSamples`,
                value: reader.uint32()
              }
              break
            }
            case 14: {
              yield {
                field: `${prefix}.encoding`,
                value: UpdateEncoding.codec().decode(reader)
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

  export interface RoundConfigModelSpecIdFieldEvent {
    field: '$.modelSpecId'
    value: string
  }

  export interface RoundConfigDatasetFieldEvent {
    field: '$.dataset'
    value: string
  }

  export interface RoundConfigPartitionFieldEvent {
    field: '$.partition'
    value: string
  }

  export interface RoundConfigEpochsFieldEvent {
    field: '$.epochs'
    value: number
  }

  export interface RoundConfigBatchSizeFieldEvent {
    field: '$.batchSize'
    value: number
  }

  export interface RoundConfigLrFieldEvent {
    field: '$.lr'
    value: number
  }

  export interface RoundConfigTopKFractionFieldEvent {
    field: '$.topKFraction'
    value: number
  }

  export interface RoundConfigMinTopKFractionFieldEvent {
    field: '$.minTopKFraction'
    value: number
  }

  export interface RoundConfigMaxTopKFractionFieldEvent {
    field: '$.maxTopKFraction'
    value: number
  }

  export interface RoundConfigClipNormFieldEvent {
    field: '$.clipNorm'
    value: number
  }

  export interface RoundConfigAggregatorFieldEvent {
    field: '$.aggregator'
    value: Aggregator
  }

  export interface RoundConfigServerLrFieldEvent {
    field: '$.serverLr'
    value: number
  }

  export interface RoundConfigMaxSamplesFieldEvent {
    field: '$.maxSamples'
    value: number
  }

  export interface RoundConfigEncodingFieldEvent {
    field: '$.encoding'
    value: UpdateEncoding
  }

  export function encode (obj: Partial<RoundConfig>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoundConfig.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundConfig>): RoundConfig {
    return decodeMessage(buf, RoundConfig.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundConfig>): Generator<RoundConfigModelSpecIdFieldEvent | RoundConfigDatasetFieldEvent | RoundConfigPartitionFieldEvent | RoundConfigEpochsFieldEvent | RoundConfigBatchSizeFieldEvent | RoundConfigLrFieldEvent | RoundConfigTopKFractionFieldEvent | RoundConfigMinTopKFractionFieldEvent | RoundConfigMaxTopKFractionFieldEvent | RoundConfigClipNormFieldEvent | RoundConfigAggregatorFieldEvent | RoundConfigServerLrFieldEvent | RoundConfigMaxSamplesFieldEvent | RoundConfigEncodingFieldEvent> {
    return streamMessage(buf, RoundConfig.codec(), opts)
  }
}

export interface RoundAnnounce {
  taskId: string
  round: bigint
  attempt: number
  coordinator: string
  baseModelCid: Uint8Array<ArrayBuffer>
  merkleRoot: Uint8Array<ArrayBuffer>
  dimension: number
  chunkBytes: number
  chunkCount: number
  issuedAtMs: bigint
  deadlineMs: bigint
  config?: RoundConfig
  participants: string[]
  minParticipants: number
}

export namespace RoundAnnounce {
  let _codec: Codec<RoundAnnounce>

  export const codec = (): Codec<RoundAnnounce> => {
    if (_codec == null) {
      _codec = message<RoundAnnounce>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId !== '')) {
          w.uint32(10)
          w.string(obj.taskId)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(16)
          w.uint64(obj.round)
        }

        if ((obj.attempt != null && obj.attempt !== 0)) {
          w.uint32(24)
          w.uint32(obj.attempt)
        }

        if ((obj.coordinator != null && obj.coordinator !== '')) {
          w.uint32(34)
          w.string(obj.coordinator)
        }

        if ((obj.baseModelCid != null && obj.baseModelCid.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.baseModelCid)
        }

        if ((obj.merkleRoot != null && obj.merkleRoot.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.merkleRoot)
        }

        if ((obj.dimension != null && obj.dimension !== 0)) {
          w.uint32(56)
          w.uint32(obj.dimension)
        }

        if ((obj.chunkBytes != null && obj.chunkBytes !== 0)) {
          w.uint32(64)
          w.uint32(obj.chunkBytes)
        }

        if ((obj.chunkCount != null && obj.chunkCount !== 0)) {
          w.uint32(72)
          w.uint32(obj.chunkCount)
        }

        if ((obj.issuedAtMs != null && obj.issuedAtMs !== 0n)) {
          w.uint32(80)
          w.uint64(obj.issuedAtMs)
        }

        if ((obj.deadlineMs != null && obj.deadlineMs !== 0n)) {
          w.uint32(88)
          w.uint64(obj.deadlineMs)
        }

        if (obj.config != null) {
          w.uint32(98)
          RoundConfig.codec().encode(obj.config, w)
        }

        if (obj.participants != null && obj.participants.length > 0) {
          for (const value of obj.participants) {
            w.uint32(106)
            w.string(value)
          }
        }

        if ((obj.minParticipants != null && obj.minParticipants !== 0)) {
          w.uint32(112)
          w.uint32(obj.minParticipants)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: '',
          round: 0n,
          attempt: 0,
          coordinator: '',
          baseModelCid: uint8ArrayAlloc(0),
          merkleRoot: uint8ArrayAlloc(0),
          dimension: 0,
          chunkBytes: 0,
          chunkCount: 0,
          issuedAtMs: 0n,
          deadlineMs: 0n,
          participants: [],
          minParticipants: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.string()
              break
            }
            case 2: {
              obj.round = reader.uint64()
              break
            }
            case 3: {
              obj.attempt = reader.uint32()
              break
            }
            case 4: {
              obj.coordinator = reader.string()
              break
            }
            case 5: {
              obj.baseModelCid = reader.bytes()
              break
            }
            case 6: {
              obj.merkleRoot = reader.bytes()
              break
            }
            case 7: {
              obj.dimension = reader.uint32()
              break
            }
            case 8: {
              obj.chunkBytes = reader.uint32()
              break
            }
            case 9: {
              obj.chunkCount = reader.uint32()
              break
            }
            case 10: {
              obj.issuedAtMs = reader.uint64()
              break
            }
            case 11: {
              obj.deadlineMs = reader.uint64()
              break
            }
            case 12: {
              obj.config = RoundConfig.codec().decode(reader, reader.uint32(), {
                limits: opts.limits?.config
              })
              break
            }
            case 13: {
              if (opts.limits?.participants != null && obj.participants.length === opts.limits.participants) {
                throw new MaxLengthError('Decode error - repeated field "participants" had too many elements')
              }

              obj.participants.push(reader.string())
              break
            }
            case 14: {
              obj.minParticipants = reader.uint32()
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
        const obj = {
          participants: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.taskId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.attempt`,
                value: reader.uint32()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.coordinator`,
                value: reader.string()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.baseModelCid`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.merkleRoot`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.dimension`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.chunkBytes`,
                value: reader.uint32()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.chunkCount`,
                value: reader.uint32()
              }
              break
            }
            case 10: {
              yield {
                field: `${prefix}.issuedAtMs`,
                value: reader.uint64()
              }
              break
            }
            case 11: {
              yield {
                field: `${prefix}.deadlineMs`,
                value: reader.uint64()
              }
              break
            }
            case 12: {
              yield * RoundConfig.codec().stream(reader, reader.uint32(), `${prefix}.config`, {
                limits: opts.limits?.config
              })

              break
            }
            case 13: {
              if (opts.limits?.participants != null && obj.participants === opts.limits.participants) {
                throw new MaxLengthError('Streaming decode error - repeated field "participants" had too many elements')
              }

              yield {
                field: `${prefix}.participants[]`,
                index: obj.participants,
                value: reader.string()
              }

              obj.participants++

              break
            }
            case 14: {
              yield {
                field: `${prefix}.minParticipants`,
                value: reader.uint32()
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

  export interface RoundAnnounceTaskIdFieldEvent {
    field: '$.taskId'
    value: string
  }

  export interface RoundAnnounceRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface RoundAnnounceAttemptFieldEvent {
    field: '$.attempt'
    value: number
  }

  export interface RoundAnnounceCoordinatorFieldEvent {
    field: '$.coordinator'
    value: string
  }

  export interface RoundAnnounceBaseModelCidFieldEvent {
    field: '$.baseModelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoundAnnounceMerkleRootFieldEvent {
    field: '$.merkleRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoundAnnounceDimensionFieldEvent {
    field: '$.dimension'
    value: number
  }

  export interface RoundAnnounceChunkBytesFieldEvent {
    field: '$.chunkBytes'
    value: number
  }

  export interface RoundAnnounceChunkCountFieldEvent {
    field: '$.chunkCount'
    value: number
  }

  export interface RoundAnnounceIssuedAtMsFieldEvent {
    field: '$.issuedAtMs'
    value: bigint
  }

  export interface RoundAnnounceDeadlineMsFieldEvent {
    field: '$.deadlineMs'
    value: bigint
  }

  export interface RoundAnnounceConfigModelSpecIdFieldEvent {
    field: '$.config.modelSpecId'
    value: string
  }

  export interface RoundAnnounceConfigDatasetFieldEvent {
    field: '$.config.dataset'
    value: string
  }

  export interface RoundAnnounceConfigPartitionFieldEvent {
    field: '$.config.partition'
    value: string
  }

  export interface RoundAnnounceConfigEpochsFieldEvent {
    field: '$.config.epochs'
    value: number
  }

  export interface RoundAnnounceConfigBatchSizeFieldEvent {
    field: '$.config.batchSize'
    value: number
  }

  export interface RoundAnnounceConfigLrFieldEvent {
    field: '$.config.lr'
    value: number
  }

  export interface RoundAnnounceConfigTopKFractionFieldEvent {
    field: '$.config.topKFraction'
    value: number
  }

  export interface RoundAnnounceConfigMinTopKFractionFieldEvent {
    field: '$.config.minTopKFraction'
    value: number
  }

  export interface RoundAnnounceConfigMaxTopKFractionFieldEvent {
    field: '$.config.maxTopKFraction'
    value: number
  }

  export interface RoundAnnounceConfigClipNormFieldEvent {
    field: '$.config.clipNorm'
    value: number
  }

  export interface RoundAnnounceConfigAggregatorFieldEvent {
    field: '$.config.aggregator'
    value: Aggregator
  }

  export interface RoundAnnounceConfigServerLrFieldEvent {
    field: '$.config.serverLr'
    value: number
  }

  export interface RoundAnnounceConfigMaxSamplesFieldEvent {
    field: '$.config.maxSamples'
    value: number
  }

  export interface RoundAnnounceConfigEncodingFieldEvent {
    field: '$.config.encoding'
    value: UpdateEncoding
  }

  export interface RoundAnnounceParticipantsFieldEvent {
    field: '$.participants[]'
    index: number
    value: string
  }

  export interface RoundAnnounceMinParticipantsFieldEvent {
    field: '$.minParticipants'
    value: number
  }

  export function encode (obj: Partial<RoundAnnounce>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoundAnnounce.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundAnnounce>): RoundAnnounce {
    return decodeMessage(buf, RoundAnnounce.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundAnnounce>): Generator<RoundAnnounceTaskIdFieldEvent | RoundAnnounceRoundFieldEvent | RoundAnnounceAttemptFieldEvent | RoundAnnounceCoordinatorFieldEvent | RoundAnnounceBaseModelCidFieldEvent | RoundAnnounceMerkleRootFieldEvent | RoundAnnounceDimensionFieldEvent | RoundAnnounceChunkBytesFieldEvent | RoundAnnounceChunkCountFieldEvent | RoundAnnounceIssuedAtMsFieldEvent | RoundAnnounceDeadlineMsFieldEvent | RoundAnnounceConfigModelSpecIdFieldEvent | RoundAnnounceConfigDatasetFieldEvent | RoundAnnounceConfigPartitionFieldEvent | RoundAnnounceConfigEpochsFieldEvent | RoundAnnounceConfigBatchSizeFieldEvent | RoundAnnounceConfigLrFieldEvent | RoundAnnounceConfigTopKFractionFieldEvent | RoundAnnounceConfigMinTopKFractionFieldEvent | RoundAnnounceConfigMaxTopKFractionFieldEvent | RoundAnnounceConfigClipNormFieldEvent | RoundAnnounceConfigAggregatorFieldEvent | RoundAnnounceConfigServerLrFieldEvent | RoundAnnounceConfigMaxSamplesFieldEvent | RoundAnnounceConfigEncodingFieldEvent | RoundAnnounceParticipantsFieldEvent | RoundAnnounceMinParticipantsFieldEvent> {
    return streamMessage(buf, RoundAnnounce.codec(), opts)
  }
}

export interface SignedRoundAnnounce {
  announce: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRoundAnnounce {
  let _codec: Codec<SignedRoundAnnounce>

  export const codec = (): Codec<SignedRoundAnnounce> => {
    if (_codec == null) {
      _codec = message<SignedRoundAnnounce>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.announce != null && obj.announce.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.announce)
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
          announce: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.announce = reader.bytes()
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
                field: `${prefix}.announce`,
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

  export interface SignedRoundAnnounceAnnounceFieldEvent {
    field: '$.announce'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRoundAnnounceSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRoundAnnounce>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRoundAnnounce.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRoundAnnounce>): SignedRoundAnnounce {
    return decodeMessage(buf, SignedRoundAnnounce.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRoundAnnounce>): Generator<SignedRoundAnnounceAnnounceFieldEvent | SignedRoundAnnounceSignatureFieldEvent> {
    return streamMessage(buf, SignedRoundAnnounce.codec(), opts)
  }
}

export interface RoundCommit {
  taskId: string
  round: bigint
  coordinator: string
  baseModelCid: Uint8Array<ArrayBuffer>
  modelCid: Uint8Array<ArrayBuffer>
  merkleRoot: Uint8Array<ArrayBuffer>
  accepted: number
  samples: bigint
  committedAtMs: bigint
}

export namespace RoundCommit {
  let _codec: Codec<RoundCommit>

  export const codec = (): Codec<RoundCommit> => {
    if (_codec == null) {
      _codec = message<RoundCommit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.taskId != null && obj.taskId !== '')) {
          w.uint32(10)
          w.string(obj.taskId)
        }

        if ((obj.round != null && obj.round !== 0n)) {
          w.uint32(16)
          w.uint64(obj.round)
        }

        if ((obj.coordinator != null && obj.coordinator !== '')) {
          w.uint32(26)
          w.string(obj.coordinator)
        }

        if ((obj.baseModelCid != null && obj.baseModelCid.byteLength > 0)) {
          w.uint32(34)
          w.bytes(obj.baseModelCid)
        }

        if ((obj.modelCid != null && obj.modelCid.byteLength > 0)) {
          w.uint32(42)
          w.bytes(obj.modelCid)
        }

        if ((obj.merkleRoot != null && obj.merkleRoot.byteLength > 0)) {
          w.uint32(50)
          w.bytes(obj.merkleRoot)
        }

        if ((obj.accepted != null && obj.accepted !== 0)) {
          w.uint32(56)
          w.uint32(obj.accepted)
        }

        if ((obj.samples != null && obj.samples !== 0n)) {
          w.uint32(64)
          w.uint64(obj.samples)
        }

        if ((obj.committedAtMs != null && obj.committedAtMs !== 0n)) {
          w.uint32(72)
          w.uint64(obj.committedAtMs)
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          taskId: '',
          round: 0n,
          coordinator: '',
          baseModelCid: uint8ArrayAlloc(0),
          modelCid: uint8ArrayAlloc(0),
          merkleRoot: uint8ArrayAlloc(0),
          accepted: 0,
          samples: 0n,
          committedAtMs: 0n
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.taskId = reader.string()
              break
            }
            case 2: {
              obj.round = reader.uint64()
              break
            }
            case 3: {
              obj.coordinator = reader.string()
              break
            }
            case 4: {
              obj.baseModelCid = reader.bytes()
              break
            }
            case 5: {
              obj.modelCid = reader.bytes()
              break
            }
            case 6: {
              obj.merkleRoot = reader.bytes()
              break
            }
            case 7: {
              obj.accepted = reader.uint32()
              break
            }
            case 8: {
              obj.samples = reader.uint64()
              break
            }
            case 9: {
              obj.committedAtMs = reader.uint64()
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
                field: `${prefix}.taskId`,
                value: reader.string()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.round`,
                value: reader.uint64()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.coordinator`,
                value: reader.string()
              }
              break
            }
            case 4: {
              yield {
                field: `${prefix}.baseModelCid`,
                value: reader.bytes()
              }
              break
            }
            case 5: {
              yield {
                field: `${prefix}.modelCid`,
                value: reader.bytes()
              }
              break
            }
            case 6: {
              yield {
                field: `${prefix}.merkleRoot`,
                value: reader.bytes()
              }
              break
            }
            case 7: {
              yield {
                field: `${prefix}.accepted`,
                value: reader.uint32()
              }
              break
            }
            case 8: {
              yield {
                field: `${prefix}.samples`,
                value: reader.uint64()
              }
              break
            }
            case 9: {
              yield {
                field: `${prefix}.committedAtMs`,
                value: reader.uint64()
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

  export interface RoundCommitTaskIdFieldEvent {
    field: '$.taskId'
    value: string
  }

  export interface RoundCommitRoundFieldEvent {
    field: '$.round'
    value: bigint
  }

  export interface RoundCommitCoordinatorFieldEvent {
    field: '$.coordinator'
    value: string
  }

  export interface RoundCommitBaseModelCidFieldEvent {
    field: '$.baseModelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoundCommitModelCidFieldEvent {
    field: '$.modelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoundCommitMerkleRootFieldEvent {
    field: '$.merkleRoot'
    value: Uint8Array<ArrayBuffer>
  }

  export interface RoundCommitAcceptedFieldEvent {
    field: '$.accepted'
    value: number
  }

  export interface RoundCommitSamplesFieldEvent {
    field: '$.samples'
    value: bigint
  }

  export interface RoundCommitCommittedAtMsFieldEvent {
    field: '$.committedAtMs'
    value: bigint
  }

  export function encode (obj: Partial<RoundCommit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, RoundCommit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundCommit>): RoundCommit {
    return decodeMessage(buf, RoundCommit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<RoundCommit>): Generator<RoundCommitTaskIdFieldEvent | RoundCommitRoundFieldEvent | RoundCommitCoordinatorFieldEvent | RoundCommitBaseModelCidFieldEvent | RoundCommitModelCidFieldEvent | RoundCommitMerkleRootFieldEvent | RoundCommitAcceptedFieldEvent | RoundCommitSamplesFieldEvent | RoundCommitCommittedAtMsFieldEvent> {
    return streamMessage(buf, RoundCommit.codec(), opts)
  }
}

export interface SignedRoundCommit {
  commit: Uint8Array<ArrayBuffer>
  signature: Uint8Array<ArrayBuffer>
}

export namespace SignedRoundCommit {
  let _codec: Codec<SignedRoundCommit>

  export const codec = (): Codec<SignedRoundCommit> => {
    if (_codec == null) {
      _codec = message<SignedRoundCommit>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.commit != null && obj.commit.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.commit)
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
          commit: uint8ArrayAlloc(0),
          signature: uint8ArrayAlloc(0)
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.commit = reader.bytes()
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
                field: `${prefix}.commit`,
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

  export interface SignedRoundCommitCommitFieldEvent {
    field: '$.commit'
    value: Uint8Array<ArrayBuffer>
  }

  export interface SignedRoundCommitSignatureFieldEvent {
    field: '$.signature'
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<SignedRoundCommit>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, SignedRoundCommit.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRoundCommit>): SignedRoundCommit {
    return decodeMessage(buf, SignedRoundCommit.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<SignedRoundCommit>): Generator<SignedRoundCommitCommitFieldEvent | SignedRoundCommitSignatureFieldEvent> {
    return streamMessage(buf, SignedRoundCommit.codec(), opts)
  }
}

export interface ModelChunk {
  modelCid: Uint8Array<ArrayBuffer>
  index: number
  data: Uint8Array<ArrayBuffer>
  proof: Uint8Array<ArrayBuffer>[]
}

export namespace ModelChunk {
  let _codec: Codec<ModelChunk>

  export const codec = (): Codec<ModelChunk> => {
    if (_codec == null) {
      _codec = message<ModelChunk>((obj, w, opts = {}) => {
        if (opts.lengthDelimited !== false) {
          w.fork()
        }

        if ((obj.modelCid != null && obj.modelCid.byteLength > 0)) {
          w.uint32(10)
          w.bytes(obj.modelCid)
        }

        if ((obj.index != null && obj.index !== 0)) {
          w.uint32(16)
          w.uint32(obj.index)
        }

        if ((obj.data != null && obj.data.byteLength > 0)) {
          w.uint32(26)
          w.bytes(obj.data)
        }

        if (obj.proof != null && obj.proof.length > 0) {
          for (const value of obj.proof) {
            w.uint32(34)
            w.bytes(value)
          }
        }

        if (opts.lengthDelimited !== false) {
          w.ldelim()
        }
      }, (reader, length, opts = {}) => {
        const obj: any = {
          modelCid: uint8ArrayAlloc(0),
          index: 0,
          data: uint8ArrayAlloc(0),
          proof: []
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              obj.modelCid = reader.bytes()
              break
            }
            case 2: {
              obj.index = reader.uint32()
              break
            }
            case 3: {
              obj.data = reader.bytes()
              break
            }
            case 4: {
              if (opts.limits?.proof != null && obj.proof.length === opts.limits.proof) {
                throw new MaxLengthError('Decode error - repeated field "proof" had too many elements')
              }

              obj.proof.push(reader.bytes())
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
        const obj = {
          proof: 0
        }

        const end = length == null ? reader.len : reader.pos + length

        while (reader.pos < end) {
          const tag = reader.uint32()

          switch (tag >>> 3) {
            case 1: {
              yield {
                field: `${prefix}.modelCid`,
                value: reader.bytes()
              }
              break
            }
            case 2: {
              yield {
                field: `${prefix}.index`,
                value: reader.uint32()
              }
              break
            }
            case 3: {
              yield {
                field: `${prefix}.data`,
                value: reader.bytes()
              }
              break
            }
            case 4: {
              if (opts.limits?.proof != null && obj.proof === opts.limits.proof) {
                throw new MaxLengthError('Streaming decode error - repeated field "proof" had too many elements')
              }

              yield {
                field: `${prefix}.proof[]`,
                index: obj.proof,
                value: reader.bytes()
              }

              obj.proof++

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

  export interface ModelChunkModelCidFieldEvent {
    field: '$.modelCid'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ModelChunkIndexFieldEvent {
    field: '$.index'
    value: number
  }

  export interface ModelChunkDataFieldEvent {
    field: '$.data'
    value: Uint8Array<ArrayBuffer>
  }

  export interface ModelChunkProofFieldEvent {
    field: '$.proof[]'
    index: number
    value: Uint8Array<ArrayBuffer>
  }

  export function encode (obj: Partial<ModelChunk>): Uint8Array<ArrayBuffer> {
    return encodeMessage(obj, ModelChunk.codec())
  }

  export function decode (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModelChunk>): ModelChunk {
    return decodeMessage(buf, ModelChunk.codec(), opts)
  }

  export function stream (buf: Uint8Array | Uint8ArrayList, opts?: DecodeOptions<ModelChunk>): Generator<ModelChunkModelCidFieldEvent | ModelChunkIndexFieldEvent | ModelChunkDataFieldEvent | ModelChunkProofFieldEvent> {
    return streamMessage(buf, ModelChunk.codec(), opts)
  }
}
