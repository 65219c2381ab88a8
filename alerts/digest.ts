import { createHash } from 'node:crypto'
import type { Services } from '../server/services.ts'
import { readNightScores, readSeriesStates } from '../server/store/health-read.ts'
import { readRecentFailures } from '../server/store/ingest-failures-store.ts'
import { readValidity } from '../server/validity/validity-query.ts'
import { calcheckerReport } from '../server/calchecker/calchecker.ts'
import { reasonText } from '../server/scoring/reason.ts'
import { readDrift } from '../server/store/drift-store.ts'
import { driftText, type DriftFinding } from '../server/drift/drift-verdict.ts'
import { digestOccurrence, renderDigest, type DigestSections } from './digest-content.ts'
import type { Outbox } from './outbox.ts'
import { recipientsFor, type AlertPolicy } from './policy-schema.ts'
import { emailsOf } from './webhooks.ts'
import { linkBase } from './templates.ts'

const DAY = 86_400_000

/**
 * The daily digest: once a day at the policy's `digest.at` (UT), one email per recipient with what
 * is yellow, drifting, due soon, NOK, stale or refused for the instruments they receive. Queued through the
 * outbox with an id of the day and the recipient, so every evaluation of that day — and a restart —
 * queues the same message once (email only: webhooks carry alerts, not digests); a server that was down at `at` sends it when it is back, within
 * `catchUpHours`, and not a stale one later. The day's content is gathered once per process (the
 * job remembers the day it did); a restart gathers again and the outbox drops what it already has.
 *
 * @example
 * const digest = digestJob(services, () => policy, outbox, 'http://qc.example.org')
 * await digest() // after each evaluation: queues the day's digest once it is due
 */
export function digestJob(s: Services, policyNow: () => AlertPolicy, outbox: Outbox, publicUrl?: string): () => Promise<number> {
  let done = ''
  // Runs one at a time: two evaluations racing (a scoring pass and the timer) would both find the
  // outbox without the day's id and queue it twice.
  let last: Promise<number> = Promise.resolve(0)
  const once = async () => {
    const policy = policyNow()
    const d = policy.digest
    if (!d.enabled) return 0
    const now = s.clock()
    const { day, atMs } = digestOccurrence(now, d.at)
    if (day === done || now - atMs > d.catchUpHours * 3_600_000) return 0
    const n = await queueDigest(s, policy, outbox, linkBase(policy, publicUrl), day, now)
    done = day
    return n
  }
  return () => (last = last.then(once, once))
}

async function queueDigest(s: Services, policy: AlertPolicy, outbox: Outbox, baseUrl: string, day: string, now: number): Promise<number> {
  const d = policy.digest
  const sections = await digestSections(s, policy, now)
  // The night just observed: a morning digest speaks about the night before it.
  const night = s.nights.nightOf(now)
  const byRecipient = new Map<string, DigestSections[]>()
  for (const sec of sections) for (const to of emailsOf(recipientsFor(policy, sec.instrument))) byRecipient.set(to, [...(byRecipient.get(to) ?? []), sec])
  let queued = 0
  for (const [to, own] of [...byRecipient].sort(([a], [b]) => a.localeCompare(b))) {
    const id = createHash('sha256').update(`digest|${day}|${to}`).digest('hex').slice(0, 32)
    const mail = renderDigest(day, night, own, { sendEmpty: d.sendEmpty, baseUrl, now })
    if (!mail) continue
    await outbox.enqueue({ id, instrument: 'digest', recipients: [to], image: '', ...mail }, now)
    queued++
  }
  return queued
}

/** Every catalogued instrument's digest sections at `now` (and those of instruments that only failed ingestion). */
async function digestSections(s: Services, policy: AlertPolicy, now: number): Promise<DigestSections[]> {
  const cats = s.catalogues()
  const out = new Map<string, DigestSections>()
  const of = (instrument: string) => {
    if (!out.has(instrument)) out.set(instrument, { instrument, yellow: [], drifting: [], reminders: [], calchecker: [], staleReports: [], failures: [] })
    return out.get(instrument)!
  }
  for (const c of cats) of(c.instrument)
  const units = new Map<string, string>()
  for (const c of cats) for (const r of c.reports) for (const p of r.params) units.set(`${c.instrument}\u0000${p.name}`, p.unit)

  const night = s.nights.nightOf(now)
  const states = await readSeriesStates(s.store)
  const state = new Map(states.map((r) => [`${r[0]}\u0000${r[2]}\u0000${r[3]}`, r]))
  for (const [n, instrument, param, setup, score] of await readNightScores(s.store, night)) {
    if (n !== night || score !== 2) continue
    const st = state.get(`${instrument}\u0000${param}\u0000${setup}`)
    if (!st) continue
    const [, report, , , , value, , , cause, rule, reference, wlo, whi, clo, chi] = st
    // The newest value's sentence: when the night's yellow value was followed by a green one, say so.
    const reason = st[7] === 2 ? reasonText({ value, cause, ruleId: rule, reference, warnLo: wlo, warnHi: whi, critLo: clo, critHi: chi, unit: units.get(`${instrument}\u0000${param}`) })
      : 'yellow during the night; the newest value is back within limits'
    of(instrument).yellow.push({ report, param, setup, reason })
  }

  for (const d of await readDrift(s.store)) {
    const st = state.get(`${d.instrument}\u0000${d.param}\u0000${d.setup}`)
    if (!st || !out.has(d.instrument)) continue
    of(d.instrument).drifting.push({ report: st[1], param: d.param, setup: d.setup, text: driftText(JSON.parse(d.finding) as DriftFinding, units.get(`${d.instrument}\u0000${d.param}`)) })
  }

  if (policy.validity) {
    for (const [instrument, lines] of await readValidity(s.store, cats, now, s.nights)) {
      for (const l of lines.filter((x) => x.status === 'reminder')) of(instrument).reminders.push({ report: l.report, setup: l.setup, validUntilNight: l.validUntilNight ?? '', nights: l.nights })
    }
  }
  if (policy.calchecker) {
    for (const cat of cats.filter((c) => c.calchecker)) {
      const r = await calcheckerReport(s.store, cat, s.nights, now)
      for (const a of r.actions.filter((x) => !(x.status === 'MISS' && x.final))) of(cat.instrument).calchecker.push({ text: a.text, status: a.status, until: a.until, files: a.files })
    }
  }

  // Reports gone quiet: a report with a validity entry is watched by the validity alerts instead.
  const validated = new Set(cats.flatMap((c) => c.validity.map((v) => `${c.instrument}\u0000${v.report}`)))
  const newest = new Map<string, number>()
  for (const r of states) {
    const k = `${r[0]}\u0000${r[1]}`
    if (!validated.has(k)) newest.set(k, Math.max(newest.get(k) ?? 0, Number(r[4])))
  }
  for (const [k, t] of newest) {
    const days = Math.floor((now - t) / DAY)
    const [instrument, report] = k.split('\u0000')
    if (days > policy.digest.staleDays && out.has(instrument)) of(instrument).staleReports.push({ report, newest: new Date(t).toISOString(), days })
  }

  for (const f of await readRecentFailures(s.store, now - DAY)) of(f.instrument || 'UNIDENTIFIED').failures.push({ n: f.n, file: f.file, reason: f.reason })
  for (const sec of out.values()) {
    sec.drifting.sort((a, b) => `${a.report}${a.param}${a.setup}`.localeCompare(`${b.report}${b.param}${b.setup}`))
    sec.yellow.sort((a, b) => `${a.report}${a.param}${a.setup}`.localeCompare(`${b.report}${b.param}${b.setup}`))
    sec.staleReports.sort((a, b) => b.days - a.days || a.report.localeCompare(b.report))
  }
  return [...out.values()].sort((a, b) => a.instrument.localeCompare(b.instrument))
}
