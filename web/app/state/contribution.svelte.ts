/**
 * The contributor's side of the dashboard: the Contribute switch (remembered),
 * what this node is doing in the round, and the global rounds from the relay
 * (GET /api/rounds, then server-sent events from /api/events).
 */
import type { Runtime } from '../../node/runtime.ts'
import type { Contributor, ContributionPhase, RoundOutcome } from '../../node/contributor.ts'
import type { SettingsState } from './settings.svelte.ts'
import type { RoundView } from './node.svelte.ts'
import { getDb } from '../../storage/db.ts'
import type { Snapshot } from '../../storage/last-state.ts'
import { errorText } from '../errors.ts'

const CONTRIBUTE_KEY = 'contribute/on'
const MAX_ROUNDS_SHOWN = 1000

interface RoundRecordJson { round: number, accuracy: number, loss: number, bytesUp: number, bytesDown: number, accepted: number, participants: number, rejected: Record<string, number>, modelCid: string }
interface StatusJson { round: number, phase: string, participants: number, accepted: number }

export class ContributionState {
  contributing = $state(false)
  phase = $state<ContributionPhase>('off')
  message = $state('Not contributing. Click Contribute to lend this browser to the current task.')
  progress = $state(0)
  myRound = $state(0)
  roundsJoined = $state(0)
  samplesTrained = $state(0)
  lastOutcome = $state<RoundOutcome | null>(null)
  /** the network's current round (from the coordinator) */
  round = $state(0)
  coordinatorPhase = $state('')
  rounds = $state<RoundView[]>([])
  error = $state<string | null>(null)

  private contributor?: Contributor
  private runtime?: Runtime
  private settings?: SettingsState
  private events?: EventSource
  private readonly localLoss = new Map<number, number>()

  async attach (runtime: Runtime, settings: SettingsState): Promise<void> {
    this.runtime = runtime
    this.settings = settings
    await this.loadRounds()
    this.listen()
    const db = await getDb()
    if (await db.get('kv', CONTRIBUTE_KEY) === true) await this.start()
  }

  detach (): void {
    this.events?.close()
    this.contributor?.stop()
  }

  async toggle (): Promise<void> {
    if (this.contributing) {
      this.contributor?.stop()
      this.contributing = false
      await (await getDb()).put('kv', false, CONTRIBUTE_KEY)
    } else {
      await this.start()
      await (await getDb()).put('kv', this.contributing, CONTRIBUTE_KEY)
    }
  }

  private async start (): Promise<void> {
    const rt = this.runtime
    const settings = this.settings
    if (rt == null || settings == null) return
    try {
      if (this.contributor == null) {
        const [{ Contributor }, { createTrainingClient }, { backendPreference }] = await Promise.all([
          import('../../node/contributor.ts'), import('../../worker/client.ts'), import('./training.svelte.ts')
        ])
        let client: ReturnType<typeof createTrainingClient> | undefined
        const c = new Contributor({
          node: rt.node,
          privateKey: rt.privateKey,
          coordinator: rt.bootstrap.peerId,
          meter: rt.meter,
          client: () => (client ??= createTrainingClient()),
          settings: () => settings.settings,
          device: () => settings.device,
          // the same choice as "Train locally": ?backend= or the saved setting
          backend: backendPreference
        })
        c.addEventListener('status', e => {
          this.phase = e.detail.phase
          this.message = e.detail.message || this.message
          this.progress = e.detail.progress
          this.myRound = e.detail.round
        })
        c.addEventListener('outcome', e => {
          this.lastOutcome = e.detail
          if (e.detail.accepted) {
            this.roundsJoined++
            this.samplesTrained += e.detail.samples
            this.localLoss.set(e.detail.round, e.detail.loss)
          }
        })
        this.contributor = c
      }
      await this.contributor.start()
      this.contributing = true
      this.error = null
    } catch (err) {
      this.error = errorText(err)
    }
  }

  /** Before the relay answers (offline start): the rounds the page last showed. */
  showSnapshot (s: Snapshot): void {
    if (this.rounds.length === 0 && s.rounds != null) this.rounds = s.rounds
    if (this.round === 0 && s.round != null) this.round = s.round
  }

  private async loadRounds (): Promise<void> {
    try {
      const res = await fetch('/api/rounds?limit=1000', { cache: 'no-store', signal: AbortSignal.timeout(5_000) })
      if (!res.ok) return
      const body = await res.json() as { status: StatusJson, rounds: RoundRecordJson[] }
      this.rounds = body.rounds.map(r => this.view(r))
      this.status(body.status)
    } catch {
      // offline: the charts keep what they had
    }
  }

  private listen (): void {
    this.events = new EventSource('/api/events')
    this.events.addEventListener('status', e => { this.status(JSON.parse((e as MessageEvent<string>).data) as StatusJson) })
    this.events.addEventListener('round', e => {
      const r = JSON.parse((e as MessageEvent<string>).data) as RoundRecordJson
      this.rounds = [...this.rounds.filter(x => x.round !== r.round), this.view(r)].slice(-MAX_ROUNDS_SHOWN)
      this.round = Math.max(this.round, r.round)
    })
  }

  private status (s: StatusJson): void {
    this.round = s.round
    this.coordinatorPhase = s.phase
  }

  private view (r: RoundRecordJson): RoundView {
    return { round: r.round, accuracy: r.accuracy, loss: r.loss, bytesUp: r.bytesUp, bytesDown: r.bytesDown, localLoss: this.localLoss.get(r.round) }
  }

  get accuracy (): number | null {
    return this.rounds.length === 0 ? null : this.rounds[this.rounds.length - 1].accuracy
  }
}
