import type { StoreClient } from '../store/client.ts'
import type { NightClock } from '../time/night.ts'
import { mjdToMs } from '../time/mjd.ts'
import type { Frame } from './classify-frame.ts'

/**
 * Stores frames in one insert (all or none). Re-sending a frame is
 * idempotent: the table keeps one row per instrument, night and file, and
 * frames already stored are counted as duplicates.
 *
 * @example
 * await writeFrames(store, frames, new NightClock(21), Date.now()) // { accepted: 12, duplicates: 0 }
 */
export async function writeFrames(store: StoreClient, frames: Frame[], nights: NightClock, nowMs: number): Promise<{ accepted: number; duplicates: number }> {
  if (frames.length === 0) return { accepted: 0, duplicates: 0 }
  const db = store.database
  const night = (f: Frame) => nights.nightOf(mjdToMs(f.mjd))
  // Night is in the key, so the duplicate check reads only the batch's nights.
  const rs = await store.client.query({
    query: `SELECT instrument, file FROM ${db}.qc_frames WHERE night IN (SELECT toDate(arrayJoin({nd:Array(String)}))) AND (instrument, night, file) IN (
      SELECT tupleElement(x, 1), toDate(tupleElement(x, 2)), tupleElement(x, 3) FROM (SELECT arrayJoin(arrayZip({i:Array(String)}, {n:Array(String)}, {f:Array(String)})) AS x))`,
    query_params: { i: frames.map((f) => f.instrument), n: frames.map(night), nd: [...new Set(frames.map(night))], f: frames.map((f) => f.file) }, format: 'JSONCompact',
  })
  const known = new Set((await rs.json<[string, string]>()).data.map(([i, f]) => `${i}\u0000${f}`))
  const fresh = new Map<string, Frame>()
  for (const f of frames) if (!known.has(`${f.instrument}\u0000${f.file}`)) fresh.set(`${f.instrument}\u0000${f.file}`, f)
  if (fresh.size > 0) {
    await store.client.insert({
      table: `${db}.qc_frames`, format: 'JSONEachRow',
      values: [...fresh.values()].map((f) => ({
        instrument: f.instrument, night: night(f), file: f.file, mjd: f.mjd, catg: f.catg, dpr_type: f.dprType, tech: f.tech,
        data_type: f.dataType, science: f.science ? 1 : 0, source: f.source, prog: f.prog, ob_id: f.obId, ob_name: f.obName,
        tpl_start: f.tplStart, mode: f.mode, keys: f.keys, received_at: nowMs,
      })),
    })
  }
  return { accepted: fresh.size, duplicates: frames.length - fresh.size }
}

/**
 * Attaches QC0 grades (A, B, C, D) to OBs; a later grade replaces an earlier one.
 *
 * @example
 * await writeGrades(store, [{ instrument: 'FORS2', obId: 200123, grade: 'B' }], 'qc-sci', Date.now())
 */
export async function writeGrades(store: StoreClient, grades: { instrument: string; obId: number; grade: string }[], by: string, nowMs: number): Promise<void> {
  if (grades.length === 0) return
  await store.client.insert({
    table: `${store.database}.qc_ob_grades`, format: 'JSONEachRow',
    values: grades.map((g) => ({ instrument: g.instrument, ob_id: g.obId, grade: g.grade, by, at: nowMs })),
  })
}
