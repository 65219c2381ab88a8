import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { openStoreClient, type StoreClient } from '../store/client.ts'
import { migrate } from '../store/migrations.ts'
import { copyTable, countRows, listTables, qcloopDatabases } from '../store/copy-store.ts'

const USAGE = 'usage: qcloop migrate-store --from DATA_DIR [--to URL] [--database qcloop] [--chunk 100000]'

type Out = { write(t: string): unknown }

/**
 * `qcloop migrate-store --from ./data --to $CLICKHOUSE_URL`: copies the embedded store of a
 * stopped qcloop into a ClickHouse server (or a cluster whose schema `qcloop schema --apply`
 * made), table by table. Cut off at any point (Ctrl-C, kill -9, network), the same command
 * resumes where it stopped (store/copy-store.ts says why that is exact). Ends by comparing
 * every table's row count on both sides; exit status 0 only when all agree.
 */
export async function migrateStoreCommand(args: string[], env: NodeJS.ProcessEnv, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  let from = '', to = env.CLICKHOUSE_URL ?? '', database = env.CLICKHOUSE_DATABASE || 'qcloop', chunk = 100_000
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2)
    const value = () => inline ?? args[++i] ?? ''
    if (flag === '--from') from = value()
    else if (flag === '--to') to = value()
    else if (flag === '--database') database = value()
    else if (flag === '--chunk') chunk = Number(value())
    else { err.write(`qcloop migrate-store: unknown option ${args[i]}\n${USAGE}\n`); return 2 }
  }
  if (!from || !to) { err.write(`qcloop migrate-store: --from and --to (or CLICKHOUSE_URL) are required\n${USAGE}\n`); return 2 }
  if (!Number.isInteger(chunk) || chunk < 1) { err.write(`qcloop migrate-store: --chunk must be a positive whole number of rows\n`); return 2 }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database)) { err.write(`qcloop migrate-store: --database must be a plain identifier\n`); return 2 }
  const path = join(resolve(from), 'store')
  if (!existsSync(path)) { err.write(`qcloop migrate-store: no embedded store in ${path}\n`); return 2 }
  let source: StoreClient | undefined, target: StoreClient | undefined
  try {
    source = openStoreClient({ database, path })
    const found = await qcloopDatabases(source).catch((e: Error) => { throw new Error(`cannot open the embedded store in ${path} (${e.message}); stop the qcloop that uses it first`) })
    if (!found.includes(database)) throw new Error(`the embedded store in ${path} has no qcloop database ${database} (it has: ${found.join(', ') || 'none'}); pass --database`)
    // Same schema version on both sides: the source is brought up to this qcloop's migrations, as its next start would.
    await migrate(source)
    target = openStoreClient({ url: to, user: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database })
    await migrate(target)
    const tables = await listTables(source)
    for (const t of tables) {
      const started = Date.now()
      const n = await copyTable(source, target, t, chunk, (copied, total) => out.write(`  ${t.name}: ${copied.toLocaleString('en')} / ${total.toLocaleString('en')}\r`))
      out.write(`${t.name.padEnd(24)} ${n.toLocaleString('en').padStart(12)} rows  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`)
    }
    // Verification: what readers will see on each side, table by table.
    const wrong: string[] = []
    for (const t of tables) {
      const [a, b] = [await countRows(source, t), await countRows(target, t)]
      if (a !== b) wrong.push(`${t.name}: source ${a}, target ${b}`)
    }
    if (wrong.length > 0) { err.write(`qcloop migrate-store: counts differ after the copy:\n  ${wrong.join('\n  ')}\n`); return 1 }
    out.write(`verified: ${tables.length} tables, every row count matches on ${to} (database ${database}). Start qcloop with CLICKHOUSE_URL=${to}.\n`)
    return 0
  } catch (e) {
    err.write(`qcloop migrate-store: ${(e as Error).message}\n`)
    return 1
  } finally {
    await source?.close()
    await target?.close()
  }
}
