import type { StoreClient } from './client.ts'
import { msToMjd } from '../time/mjd.ts'
import type { FlatNeed } from '../calchecker/needs.ts'

/** A checked frame (science, or a calibration with needs of its own) of the nights asked for. */
export interface CheckedFrame {
  file: string; night: string; mjd: number; dataType: string; science: boolean; prog: string; obId: number
  obName: string; tplStart: string; mode: string; keys: Record<string, string>; grade: string
}

/** The nearest complete calibration set on either side of a checked frame, for one need. */
export interface NearestSets {
  file: string; need: number
  /** MJD and first-listed file of the nearest set taken before (or at) the frame; 0 and '' when none. */
  beforeMjd: number; beforeFile: string
  /** The same for the nearest set taken after it. */
  afterMjd: number; afterFile: string
}

export interface NightActivity { night: string; sciEnd: number; calLast: number; lastTypeMjd: number }

/**
 * Reads what calChecker needs for one instrument and a range of nights, the
 * matching done in ClickHouse: calibration frames are grouped into sets (one
 * template, or one master product), sets with enough frames are keyed by the
 * need's setup keys, and two ASOF joins find, for every checked frame and
 * need, the nearest set before and after it.
 *
 * @example
 * const m = await readMatches(store, 'FORS2', needs, { from: '2024-03-01', to: '2024-03-07', lastType: '' })
 */
export async function readMatches(store: StoreClient, instrument: string, needs: FlatNeed[], o: { from: string; to: string; lastType: string }):
  Promise<{ frames: CheckedFrame[]; nearest: NearestSets[]; activity: NightActivity[] }> {
  const db = store.database
  const reach = Math.ceil(Math.max(0, ...needs.map((n) => Math.max(-n.elo, n.ehi)))) + 1
  // Checked frames lie between the first night's date and two days after the last one's (MJD); a
  // need's calibrations within its extended window of those, plus a day so no set is cut at the edge.
  const mjdOf = (date: string, days: number) => msToMjd(Date.parse(`${date}T00:00:00Z`)) + days
  const params = {
    i: instrument, from: o.from, to: o.to, reach, last: o.lastType,
    nt: needs.map((n) => n.type), nc: needs.map((n) => n.cal), nf: needs.map((n) => n.frames),
    cal_lo: needs.map((n) => mjdOf(o.from, -n.ehi - 1)), cal_hi: needs.map((n) => mjdOf(o.to, 2 - n.elo + 1)),
  }
  // The setup key of a frame for a need: its match keys' values joined. One branch per distinct match
  // list (key names as parameters); a lambda over the Map would copy the Map per key and cost 10x more.
  const lists = [...new Set(needs.map((n) => JSON.stringify(n.match)))].map((j) => JSON.parse(j) as string[])
  const keyParams: Record<string, string> = {}
  const branches = lists.map((list, li) => {
    const ids = needs.flatMap((n, i) => (JSON.stringify(n.match) === JSON.stringify(list) ? [i + 1] : []))
    const parts = list.map((k, ki) => { keyParams[`k${li}_${ki}`] = k; return `keys[{k${li}_${ki}:String}]` })
    return `need IN (${ids.join(', ')}), ${parts.length ? `concat(${parts.flatMap((p) => [p, "'\\x1f'"]).join(', ')})` : "''"}`
  })
  const key = `multiIf(${branches.join(', ')}, '')`
  // Complete calibration sets per need and setup key: one template's raw frames, or one master product.
  const sets = `SELECT need, key, max(m) AS mjd, argMin(f, m) AS file FROM (
      SELECT need, ${key} AS key, mjd AS m, file AS f, if(source = 'product' OR tpl_start = '', f, tpl_start) AS set_id, if(source = 'product', 1000000, 1) AS weight
      FROM ${db}.qc_frames FINAL ARRAY JOIN arrayFilter(x -> {nc:Array(String)}[x] = data_type, arrayEnumerate({nc:Array(String)})) AS need
      WHERE instrument = {i:String} AND night >= toDate({from:String}) - {reach:UInt16} AND night <= toDate({to:String}) + {reach:UInt16}
        AND has({nc:Array(String)}, data_type)
        AND mjd >= {cal_lo:Array(Float64)}[need] AND mjd <= {cal_hi:Array(Float64)}[need])
    GROUP BY need, key, set_id HAVING sum(weight) >= {nf:Array(UInt32)}[need]`
  const checked = `SELECT file, mjd, need, ${key} AS key FROM ${db}.qc_frames FINAL
      ARRAY JOIN arrayFilter(x -> {nt:Array(String)}[x] = data_type, arrayEnumerate({nt:Array(String)})) AS need
      WHERE instrument = {i:String} AND night >= {from:String} AND night <= {to:String} AND has({nt:Array(String)}, data_type)`
  const near = await store.client.query({
    query: `SELECT s.file, s.need, b.mjd, b.file, a.mjd, a.file FROM (${checked}) AS s
      ASOF LEFT JOIN (${sets}) AS b ON s.need = b.need AND s.key = b.key AND s.mjd >= b.mjd
      ASOF LEFT JOIN (${sets}) AS a ON s.need = a.need AND s.key = a.key AND s.mjd < a.mjd`,
    query_params: { ...params, ...keyParams }, format: 'JSONCompact', clickhouse_settings: { join_use_nulls: 0 },
  })
  const nearest = (await near.json<[string, number, number, string, number, string]>()).data.map(([file, need, bm, bf, am, af]) => ({
    file, need: Number(need) - 1, beforeMjd: bm, beforeFile: bf, afterMjd: am, afterFile: af,
  }))
  const fr = await store.client.query({
    query: `SELECT file, toString(night), mjd, data_type, science, prog, ob_id, ob_name, tpl_start, mode, keys, g.grade
      FROM ${db}.qc_frames AS f FINAL
      LEFT JOIN (SELECT ob_id, argMax(grade, at) AS grade FROM ${db}.qc_ob_grades WHERE instrument = {i:String} GROUP BY ob_id) AS g ON f.ob_id = g.ob_id
      WHERE instrument = {i:String} AND night >= {from:String} AND night <= {to:String} AND has({nt:Array(String)}, data_type)
      ORDER BY mjd`,
    query_params: params, format: 'JSONCompact', clickhouse_settings: { join_use_nulls: 0 },
  })
  type Row = [string, string, number, string, number, string, string, string, string, string, Record<string, string>, string]
  const frames = (await fr.json<Row>()).data.map(([file, night, mjd, dataType, science, prog, obId, obName, tplStart, mode, keys, grade]) => ({
    file, night, mjd, dataType, science: Number(science) === 1, prog, obId: Number(obId), obName, tplStart, mode, keys, grade,
  }))
  const act = await store.client.query({
    query: `SELECT toString(night), maxIf(mjd, science = 1), maxIf(mjd, science = 0 AND source = 'raw'), maxIf(mjd, data_type = {last:String} AND {last:String} != '')
      FROM ${db}.qc_frames FINAL WHERE instrument = {i:String} AND night >= {from:String} AND night <= {to:String} GROUP BY night`,
    query_params: params, format: 'JSONCompact',
  })
  const activity = (await act.json<[string, number, number, number]>()).data.map(([night, sciEnd, calLast, lastTypeMjd]) => ({ night, sciEnd, calLast, lastTypeMjd }))
  return { frames, nearest, activity }
}
