import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import type { StoreClient } from '../store/client.ts'
import { backupTables } from '../store/backup-store.ts'
import { countRows, readChunk } from '../store/copy-store.ts'

/** Rows per chunk of a backup stream: a chunk is held in memory once, so this bounds memory. */
const CHUNK = 50_000

/**
 * `GET /api/v1/backup` (admin) — every table of the truth (server/store/backup-store.ts) as one
 * stream of frames: a JSON line `{"table", "columns", "rows"}` opens a table, then frames of
 * `{"bytes": n}` followed by exactly n bytes of TabSeparated rows, `{"bytes": 0}` closes it;
 * `{"end": true}` ends the backup. `qcloop backup` writes it to a folder.
 */
export function backupRoute(store: StoreClient): Hono {
  const app = new Hono()
  app.get('/', (c) => {
    c.header('content-type', 'application/x-qcloop-backup')
    return stream(c, async (s) => {
      for (const t of await backupTables(store)) {
        await s.write(`${JSON.stringify({ table: t.name, columns: t.columns, rows: await countRows(store, t) })}\n`)
        for (let offset = 0; ; offset += CHUNK) {
          const tsv = await readChunk(store, t, offset, CHUNK)
          const bytes = Buffer.from(tsv, 'utf8')
          await s.write(`${JSON.stringify({ bytes: bytes.length })}\n`)
          if (bytes.length === 0) break
          await s.write(bytes)
        }
      }
      await s.write(`${JSON.stringify({ end: true })}\n`)
    })
  })
  return app
}
