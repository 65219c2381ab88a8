import type { Services } from '../server/services.ts'
import { fmt, median, quantile, timeRuns } from './stats.ts'
import { calcheckerReport } from '../server/calchecker/calchecker.ts'
import { msToMjd } from '../server/time/mjd.ts'

const DAY = 86_400_000, H = 3_600_000

/**
 * calChecker at an observatory's scale: 10 nights of FORS2 raw headers with
 * 500 science and 5,000 calibration frames a night, ingested through
 * POST /api/v1/headers, then the 7-night report for the instrument (matching
 * in ClickHouse), uncached.
 */
export async function benchCalchecker(s: Services, url: string, token: string): Promise<string[]> {
  const last = s.nights.nightIndex(s.clock())
  const headers: Record<string, string | number>[] = []
  let n = 0
  const add = (kind: [string, string, string], ms: number, o: { filter: string; bin: number; clock: string; grism?: string; mask?: string; tpl: number; ob?: number }) => headers.push({
    INSTRUME: 'FORS2', ARCFILE: `FORS2.bench.${n++}.fits`, 'MJD-OBS': msToMjd(ms), 'ESO DPR CATG': kind[0], 'ESO DPR TYPE': kind[1], 'ESO DPR TECH': kind[2],
    'ESO OBS ID': o.ob ?? 0, 'ESO OBS PROG ID': '112.C-2000(A)', 'ESO OBS MODE': 'SERVICE', 'ESO TPL START': new Date(o.tpl).toISOString(),
    'ESO DET READ CLOCK': o.clock, 'ESO DET OUT1 GAINMODE': 'low', 'ESO INS COLL NAME': 'SR', 'ESO INS FILT1 NAME': o.filter,
    'ESO INS GRIS1 NAME': o.grism ?? 'free', 'ESO INS MOS MASK ID': o.mask ?? '', 'ESO DET WIN1 BINX': o.bin, 'ESO DET WIN1 BINY': o.bin,
  })
  const filters = Array.from({ length: 10 }, (_, i) => `F${i}`)
  for (let k = last - 9; k <= last; k++) {
    const night = k * DAY + 21 * H
    const setup = (i: number) => ({ filter: filters[i % 10], bin: 1 + (i % 2), clock: i % 4 < 2 ? '200Kps' : '100Kps' })
    // 500 science frames: 80 imaging templates of 5 and 50 MXU masks of 2.
    for (let t = 0; t < 80; t++) for (let f = 0; f < 5; f++) add(['SCIENCE', 'OBJECT', 'IMAGE'], night + 3 * H + t * 300_000 + f * 60_000, { ...setup(t), tpl: night + 3 * H + t * 300_000, ob: k * 1000 + t })
    for (let m = 0; m < 50; m++) for (let f = 0; f < 2; f++) add(['SCIENCE', 'OBJECT', 'SPECTRUM,MXU'], night + 4 * H + m * 240_000 + f * 60_000, { ...setup(m), grism: 'GRIS_300V', mask: `M${k}.${m}`, tpl: night + 4 * H + m * 240_000, ob: k * 1000 + 500 + m })
    // 5,000 calibration frames: bias 2,000, sky flats 1,500, standards 500, MXU flats 750 and arcs 250.
    for (let t = 0; t < 400; t++) for (let f = 0; f < 5; f++) add(['CALIB', 'BIAS', 'IMAGE'], night + 13 * H + t * 60_000 + f * 1000, { ...setup(t), filter: 'free', tpl: night + 13 * H + t * 60_000 })
    for (let t = 0; t < 500; t++) for (let f = 0; f < 3; f++) add(['CALIB', 'FLAT,SKY', 'IMAGE'], night + 2 * H + t * 10_000 + f * 1000, { ...setup(t), tpl: night + 2 * H + t * 10_000 })
    for (let t = 0; t < 500; t++) add(['CALIB', 'STD', 'IMAGE'], night + 5 * H + t * 30_000, { ...setup(t), tpl: night + 5 * H + t * 30_000 })
    for (let m = 0; m < 50; m++) {
      for (let f = 0; f < 15; f++) add(['CALIB', 'FLAT,LAMP', 'SPECTRUM,MXU'], night + 14 * H + m * 60_000 + f * 1000, { ...setup(m), grism: 'GRIS_300V', mask: `M${k}.${m}`, tpl: night + 14 * H + m * 60_000 + Math.floor(f / 5) * 20_000 })
      for (let f = 0; f < 5; f++) add(['CALIB', 'WAVE,LAMP', 'SPECTRUM,MXU'], night + 15 * H + m * 60_000 + f * 1000, { ...setup(m), grism: 'GRIS_300V', mask: `M${k}.${m}`, tpl: night + 15 * H + m * 60_000 + f * 1000 })
    }
  }
  const t0 = performance.now()
  for (let i = 0; i < headers.length; i += 10_000) {
    const res = await fetch(`${url}/api/v1/headers`, { method: 'POST', body: headers.slice(i, i + 10_000).map((h) => JSON.stringify(h)).join('\n'), headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } })
    if (!res.ok) throw new Error(`headers: ${res.status} ${await res.text()}`)
  }
  const ingestS = (performance.now() - t0) / 1000
  const fors2 = s.catalogues().find((c) => c.instrument === 'FORS2')!
  let report = await calcheckerReport(s.store, fors2, s.nights, s.clock())
  const direct = await timeRuns(10, 2, async () => { report = await calcheckerReport(s.store, fors2, s.nights, s.clock()) })
  const api = await timeRuns(10, 2, () => fetch(`${url}/api/v1/calchecker?instrument=FORS2`).then((r) => r.arrayBuffer()))
  const line = (xs: number[]) => `p50 ${fmt(median(xs), 0)} ms, p95 ${fmt(quantile(xs, 0.95), 0)} ms`
  return [
    `calChecker headers via POST /api/v1/headers: ${fmt(headers.length)} frames in ${fmt(ingestS, 1)} s = ${fmt(headers.length / ingestS)} frames/s`,
    `calChecker 7-night report, FORS2, 500 science + 5,000 calibration frames a night (${fmt(report.observations.length)} observations): ${line(direct)}; GET /api/v1/calchecker ${line(api)}   [target <= 200 ms]`,
  ]
}
