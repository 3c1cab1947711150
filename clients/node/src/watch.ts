import { parseFields } from './fields'

export type WatchStatus = 'changed' | 'deleted' | 'access_denied' | 'error'

/** What a watch callback receives. `value` and `fields` are set for 'changed', `error` for 'error'. */
export interface WatchEvent {
  secretId: string
  status: WatchStatus
  value: string | null
  fields: Record<string, string> | null
  error: string | null
}

export type WatchCallback = (event: WatchEvent) => void

export interface WatchSource {
  poll(secretIds: string[]): Promise<Record<string, { status: string }>>
  read(secretId: string): Promise<string>
}

const event = (secretId: string, status: WatchStatus, rest: Partial<WatchEvent> = {}): WatchEvent =>
  ({ secretId, status, value: null, fields: null, error: null, ...rest })

/** Polls /v1/secrets/poll on an unreferenced timer while anything is watched. */
export class Watcher {
  private readonly callbacks = new Map<string, WatchCallback>()
  private timer: ReturnType<typeof setInterval> | null = null
  private polling = false

  constructor(private readonly source: WatchSource, private intervalMs: number) {}

  watch(secretId: string, callback: WatchCallback): void {
    this.callbacks.set(secretId, callback)
    this.start()
  }

  unwatch(secretId: string): void {
    this.callbacks.delete(secretId)
    if (this.callbacks.size === 0) this.stop()
  }

  setInterval(ms: number): void {
    this.intervalMs = ms
    if (this.timer !== null) {
      this.stop()
      this.start()
    }
  }

  close(): void {
    this.callbacks.clear()
    this.stop()
  }

  private start(): void {
    if (this.timer !== null) return
    this.timer = setInterval(() => { void this.pollOnce() }, this.intervalMs).unref()
    // Poll once right away: the server records the versions to compare against, so an early change is not missed.
    setTimeout(() => { void this.pollOnce() }, 0).unref()
  }

  private stop(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /** One poll; a failed poll is skipped and tried again on the next tick, as is a tick while one still runs. */
  private async pollOnce(): Promise<void> {
    if (this.polling || this.callbacks.size === 0) return
    this.polling = true
    try {
      await this.dispatch(await this.source.poll([...this.callbacks.keys()]))
    } catch { /* unreachable or refused: the next tick tries again */ } finally {
      this.polling = false
    }
  }

  private async dispatch(changes: Record<string, { status: string }>): Promise<void> {
    for (const [secretId, change] of Object.entries(changes ?? {})) {
      const callback = this.callbacks.get(secretId)
      if (callback) notify(callback, await this.eventFor(secretId, change?.status))
    }
  }

  private async eventFor(secretId: string, status: string | undefined): Promise<WatchEvent> {
    if (status === 'deleted' || status === 'access_denied') {
      this.unwatch(secretId)
      return event(secretId, status)
    }
    if (status !== 'changed') return event(secretId, 'error', { error: `Unknown watch status: ${status}` })
    try {
      const value = await this.source.read(secretId)
      return event(secretId, 'changed', { value, fields: parseFields(value) })
    } catch (e) {
      return event(secretId, 'error', { error: (e as Error).message })
    }
  }
}

/** A throwing callback must not stop the poll loop or surface as an unhandled rejection. */
function notify(callback: WatchCallback, watchEvent: WatchEvent): void {
  try {
    callback(watchEvent)
  } catch { /* the application's own error; nothing to recover here */ }
}
