import { readCriticalSeries, readNewestScored } from '../server/store/scoring-store.ts'
import { reasonText } from '../server/scoring/reason.ts'
import type { Services } from '../server/services.ts'
import { readValidity } from '../server/validity/validity-query.ts'
import { calcheckerReport } from '../server/calchecker/calchecker.ts'
import type { AlertPolicy } from './policy-schema.ts'
import { readRecentFailures } from '../server/store/ingest-failures-store.ts'

export type AlertKind = 'critical' | 'expired' | 'expiring' | 'stale' | 'calchecker' | 'ingest'

/** A situation that may need a person, as seen by one evaluation. */
export interface Condition {
  key: string
  instrument: string
  kind: AlertKind
  /** pending: seen but not confirmed yet (e.g. 1 of 2 critical values); firing: confirmed. */
  state: 'pending' | 'firing'
  title: string
  details: Record<string, string | number | null>
}

/**
 * Looks at the derived state the scorer maintains and lists today's critical
 * situations: parameters whose newest values are critical (confirmed by N in a
 * row, 1 for KPIs), calibrations expired for setups in use (and multi-night
 * ones that expire before the next night), calChecker's final MISS still
 * takeable today, health-check parameters gone stale.
 *
 * @example
 * const conditions = await evaluateConditions(services, policy)
 */
export async function evaluateConditions(s: Services, policy: AlertPolicy): Promise<Condition[]> {
  const now = s.clock()
  const out: Condition[] = []
  const classes = new Map<string, { cls: string; unit: string }>()
  for (const c of s.catalogues()) for (const r of c.reports) for (const p of r.params) classes.set(`${c.instrument}\u0000${p.name}`, { cls: p.class, unit: p.unit })

  // Critical parameters: the newest N scores of every series whose newest score is red.
  const need = Math.max(policy.confirm.default, policy.confirm.KPI)
  for (const row of await readCriticalSeries(s.store, need)) {
    const r = { ...row, value: row.last_value, product: row.last_product, ts: row.last_ts, cause: row.last_cause }
    const def = classes.get(`${r.instrument}\u0000${r.param}`)
    const n = def?.cls === 'KPI' ? policy.confirm.KPI : policy.confirm.default
    let run = 0
    while (run < r.scores.length && r.scores[run] === 3) run++
    if (run === 0) continue
    const reason = reasonText({ value: r.value, cause: r.cause, ruleId: r.rule, reference: r.ref, warnLo: r.wlo, warnHi: r.whi, critLo: r.clo, critHi: r.chi, unit: def?.unit })
    out.push({
      key: `critical:${r.instrument}:${r.param}:${r.setup}`, instrument: r.instrument, kind: 'critical', state: run >= n ? 'firing' : 'pending',
      title: `${r.param} (${r.setup}): ${reason}`,
      // `began`: when the condition began — the first critical value of the run (not when qcloop first saw it).
      details: { report: r.report, param: r.param, setup: r.setup, value: r.value, unit: def?.unit ?? '', ts: r.ts, product: r.product, reason, confirmedBy: `${Math.min(run, n)} of ${n} critical values`,
        began: isoOf(r.times[run - 1]) },
    })
  }

  // Calibration validity.
  if (policy.validity) {
    const tonight = s.nights.nightOf(now)
    for (const [instrument, lines] of await readValidity(s.store, s.catalogues(), now, s.nights)) {
      for (const l of lines) {
        if (l.status === 'expired' || l.status === 'never') {
          out.push({ key: `expired:${instrument}:${l.report}:${l.setup}`, instrument, kind: 'expired', state: 'firing',
            title: `${l.report} for ${l.setup}: ${l.status === 'never' ? 'never taken' : `expired ${l.overdueNights} night(s) ago (valid ${l.nights})`} — take it today`,
            details: { report: l.report, setup: l.setup, lastNight: l.last?.night ?? null, product: l.last?.product ?? null, validity: l.nights,
              began: l.validUntilNight ? new Date(Date.parse(`${l.validUntilNight}T00:00:00Z`) + 86_400_000 + s.nights.boundaryMs).toISOString() : null } })
        } else if (l.nights >= 2 && l.validUntilNight === tonight) {
          out.push({ key: `expiring:${instrument}:${l.report}:${l.setup}`, instrument, kind: 'expiring', state: 'firing',
            title: `${l.report} for ${l.setup}: valid until tonight only (${l.validUntilNight}) — take it before the next night`,
            details: { report: l.report, setup: l.setup, lastNight: l.last?.night ?? null, validity: l.nights } })
        }
      }
    }
  }

  // calChecker: a final MISS (the day's calibrations are finished) whose window is still open.
  if (policy.calchecker) {
    for (const cat of s.catalogues().filter((c) => c.calchecker)) {
      const r = await calcheckerReport(s.store, cat, s.nights, now)
      for (const a of r.actions.filter((x) => x.status === 'MISS' && x.final)) {
        out.push({ key: `calchecker:${cat.instrument}:${a.cal}:${a.setup}`, instrument: cat.instrument, kind: 'calchecker', state: 'firing',
          title: `${a.text} today (before ${a.until.slice(0, 16).replace('T', ' ')} UT): ${a.files} science file(s) of ${a.forTypes.join(', ')} miss it`,
          details: { cal: a.cal, setup: a.setup, until: a.until, files: a.files, for: a.forTypes.join(', ') } })
      }
    }
  }

  // Staleness: the newest health-check value of an instrument is too old.
  const newest = new Map<string, number>()
  for (const r of await readNewestScored(s.store)) {
    const cls = classes.get(`${r.instrument}\u0000${r.param}`)?.cls
    if (!cls || !policy.stale.classes.includes(cls as 'HC')) continue
    newest.set(r.instrument, Math.max(newest.get(r.instrument) ?? 0, Number(r.t)))
  }
  for (const [instrument, t] of newest) {
    const hours = (now - t) / 3_600_000
    if (hours > policy.stale.hours) {
      out.push({ key: `stale:${instrument}`, instrument, kind: 'stale', state: 'firing',
        title: `no new health-check value for ${Math.round(hours)} h (expected within ${policy.stale.hours} h): is the pipeline or the data transfer broken?`,
        details: { newest: new Date(t).toISOString(), hours: Math.round(hours), began: new Date(t + policy.stale.hours * 3_600_000).toISOString() } })
    }
  }
  // Ingestion failing: many product files refused within the last hour (the landing folder's failed/, API and CLI refusals).
  if (policy.ingestFailures.perHour > 0) {
    for (const f of await readRecentFailures(s.store, now - 3_600_000)) {
      if (f.n <= policy.ingestFailures.perHour) continue
      const instrument = f.instrument || 'UNIDENTIFIED'
      out.push({ key: `ingest:${instrument}`, instrument, kind: 'ingest', state: 'firing',
        title: `ingestion failing: ${f.n} product files refused in the last hour (more than ${policy.ingestFailures.perHour}); newest ${f.file}: ${f.reason}`,
        details: { files: f.n, file: f.file, reason: f.reason, began: new Date(f.first).toISOString() } })
    }
  }
  return out
}

/** ClickHouse's 'YYYY-MM-DD hh:mm:ss.sss' (UTC) as ISO 8601. */
const isoOf = (v: string | undefined) => (v ? `${v.replace(' ', 'T')}Z` : null)
