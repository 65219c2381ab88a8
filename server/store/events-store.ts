import type { StoreClient } from './client.ts'
import type { EventKind, InstrumentEvent } from '../events/event.ts'

/** Writes an event's newest version (create, edit) or its deletion. */
export async function writeEvent(store: StoreClient, e: InstrumentEvent, deleted = false): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_events`, format: 'JSONEachRow',
    values: [{
      instrument: e.instrument, id: e.id, at: e.atMs, until: e.untilMs, kind: e.kind, title: e.title, text: e.text,
      reports: e.scope.reports, params: e.scope.params, setups: e.scope.setups, resets_baseline: e.resetsBaseline ? 1 : 0,
      public: e.public ? 1 : 0, by: e.by, deleted: deleted ? 1 : 0, updated_at: e.updatedMs,
    }],
  })
}

interface Row {
  instrument: string; id: string; at_ms: number; until_ms: number | null; kind: EventKind; title: string; text: string
  reports: string[]; params: string[]; setups: string[]; resets_baseline: number; public: number; by: string; updated_ms: number
}

/** Events (not deleted) matching an SQL condition over the table's own columns, newest first. */
async function queryEvents(store: StoreClient, where: string, params: Record<string, unknown>): Promise<InstrumentEvent[]> {
  const rs = await store.client.query({
    query: `SELECT instrument, id, toUnixTimestamp64Milli(at) AS at_ms, if(isNull(until), NULL, toUnixTimestamp64Milli(assumeNotNull(until))) AS until_ms,
        kind, title, text, reports, params, setups, resets_baseline, public, by, toUnixTimestamp64Milli(updated_at) AS updated_ms
      FROM ${store.database}.qc_events FINAL
      WHERE deleted = 0 AND ${where}
      ORDER BY at_ms DESC, id`, // *_ms aliases: an alias named like a column would replace it in WHERE
    query_params: params, format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  })
  return (await rs.json<Row>()).map((r) => ({
    id: r.id, instrument: r.instrument, atMs: Number(r.at_ms), untilMs: r.until_ms === null ? null : Number(r.until_ms), kind: r.kind, title: r.title, text: r.text,
    scope: { reports: r.reports, params: r.params, setups: r.setups }, resetsBaseline: r.resets_baseline === 1, public: r.public === 1, by: r.by, updatedMs: Number(r.updated_ms),
  }))
}

/**
 * Events (not deleted) of one instrument or all (''), overlapping [fromMs, toMs], newest first.
 * An event without an end overlaps the range its instant falls in.
 */
export function readEvents(store: StoreClient, instrument: string, fromMs: number, toMs: number): Promise<InstrumentEvent[]> {
  return queryEvents(store, `({i:String} = '' OR instrument = {i:String})
        AND at <= fromUnixTimestamp64Milli({to:Int64}, 'UTC') AND ifNull(until, at) >= fromUnixTimestamp64Milli({from:Int64}, 'UTC')`,
  { i: instrument, from: fromMs, to: toMs })
}

/** The technical events of every instrument lasting at `now`: what mutes alerts (events/event-scope.ts mutingEvent). */
export async function readTechnicalAt(store: StoreClient, now: number): Promise<InstrumentEvent[]> {
  return (await readEvents(store, '', now, now)).filter((e) => e.kind === 'technical')
}

/** One event by id, or null when there is none (never made, or deleted). */
export async function readEvent(store: StoreClient, id: string): Promise<InstrumentEvent | null> {
  return (await queryEvents(store, 'id = {id:String}', { id }))[0] ?? null
}
