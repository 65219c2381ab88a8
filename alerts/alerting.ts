import type { Services } from '../server/services.ts'
import { AlertEngine } from './alert-engine.ts'
import { smtpSender } from './mailer.ts'
import { Outbox, type Send } from './outbox.ts'
import type { AlertPolicy } from './policy-schema.ts'
import { watchStoreSpace } from './store-space-alert.ts'
import { alertOnScores } from '../server/value-flow.ts'
import type { Lease } from './lease.ts'
import { digestJob } from './digest.ts'
import { dispatcher } from './webhooks.ts'

export interface Alerting {
  engine: AlertEngine
  outbox: Outbox
  /** Evaluate, queue the day's digest when it is due, then send what is due. */
  run(): Promise<void>
  /** A reloaded policy: schedules follow it and one evaluation runs with it (what was told is not told again). */
  reload(policy: AlertPolicy): Promise<void>
  /** Stops the timers, waits for a run under way, and gives the lease up; resolves once the release is written (before the store closes). */
  stop(): Promise<void>
}

export interface AlertingOptions {
  smtpUrl?: string; from?: string
  /** The email sender (tests pass one for their SMTP server); default SMTP at smtpUrl. */
  send?: Send
  schedule?: boolean; publicUrl?: string; lease?: Lease; everyMs?: number
  /** Webhook signing secrets by webhook name, upper-cased (QCLOOP_WEBHOOK_SECRET_<NAME>). */
  webhookSecrets?: Record<string, string>
}

/**
 * Starts alerting: evaluation right after each scoring pass (seconds from a bad
 * value to an email), on the policy's node-cron schedule for time-driven
 * conditions, and an evaluation and outbox flush every `everyMs` (30 s) for
 * retries and for a standby to notice the holder of the lease is gone.
 *
 * @example
 * const alerting = await startAlerting(services, policy, token, { smtpUrl: cfg.smtpUrl })
 */
export async function startAlerting(s: Services, policy: AlertPolicy, signingKey: string, o: AlertingOptions = {}): Promise<Alerting> {
  const email: Send = o.send ?? (o.smtpUrl ? await smtpSender(o.smtpUrl, o.from ?? 'qcloop@localhost') : async () => { throw new Error('SMTP_URL is not set') })
  let current = policy
  // Email through SMTP; webhooks of the (current) policy by POST, signed with their secrets.
  const send = dispatcher(() => current, o.webhookSecrets ?? {}, email)
  const outbox = new Outbox(s.store, send, s.clock)
  watchStoreSpace(s.writer.space, send, policy, s.clock, (l) => s.log.warn(l))
  const engine = new AlertEngine(s, () => current, outbox, signingKey, o.publicUrl)
  const log = (e: unknown) => s.log.error(`alerting: ${(e as Error).message}`)
  // With a lease (several processes on one ClickHouse), only its holder evaluates and sends.
  const holds = () => (o.lease ? o.lease.hold() : Promise.resolve(true))
  const digest = digestJob(s, () => current, outbox, o.publicUrl)
  let stopped = false
  const inflight = new Set<Promise<void>>()
  const run = () => {
    // A stopped alerting stays deaf: its services may still score (another process's writes).
    const p = holds().then(async (mine) => {
      if (!mine || stopped) return
      await engine.evaluate()
      await digest()
      await outbox.flush()
    }).finally(() => inflight.delete(p))
    inflight.add(p)
    return p
  }
  alertOnScores(s.scoring, () => { run().catch(log) })
  // Besides after scoring passes, on a timer: retries of the outbox, and a standby's way to take
  // the lease over within everyMs + the lease's length of the holder dying, new values or not.
  const timer = setInterval(() => { run().catch(log) }, o.everyMs ?? 30_000)
  timer.unref()
  let tasks: { stop(): void }[] = []
  const cron = o.schedule !== false ? await import('node-cron') : undefined
  const plan = (p: AlertPolicy) => {
    for (const t of tasks) t.stop()
    tasks = []
    if (!cron) return
    tasks.push(cron.schedule(p.schedule.cron, () => run().catch(log), { timezone: p.schedule.timezone, noOverlap: true }))
    // The digest goes out at its minute, not at the next 30 s tick or evaluation.
    const [h, m] = p.digest.at.split(':').map(Number)
    if (p.digest.enabled) tasks.push(cron.schedule(`${m} ${h} * * *`, () => run().catch(log), { timezone: 'UTC', noOverlap: true }))
  }
  plan(policy)
  const reload = async (p: AlertPolicy) => {
    current = p
    plan(p)
    await run()
  }
  const stop = async () => {
    stopped = true; clearInterval(timer); for (const t of tasks) t.stop()
    // A run under way finishes before the lease is given up (and before a successor starts).
    await Promise.allSettled([...inflight])
    await o.lease?.release().catch(log)
  }
  return { engine, outbox, run, reload, stop }
}
