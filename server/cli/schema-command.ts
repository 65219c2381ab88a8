import { applyClusterSchema, clusterStatements } from '../store/cluster-schema.ts'
import { openStoreClient } from '../store/client.ts'

const USAGE = 'usage: qcloop schema --cluster NAME [--database qcloop] [--apply]'

/**
 * `qcloop schema --cluster NAME`: prints the migrations for a self-managed ClickHouse cluster
 * (offline: no store needed); `--apply` runs them on CLICKHOUSE_URL (CLICKHOUSE_USER,
 * CLICKHOUSE_PASSWORD) and records each migration as applied, so qcloop then starts on it.
 */
export async function schemaCommand(args: string[], env: NodeJS.ProcessEnv, out: { write(t: string): unknown } = process.stdout, err: { write(t: string): unknown } = process.stderr): Promise<number> {
  let cluster = '', database = env.CLICKHOUSE_DATABASE || 'qcloop', apply = false
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].split(/=(.*)/s, 2)
    const value = () => inline ?? args[++i] ?? ''
    if (flag === '--cluster') cluster = value()
    else if (flag === '--database') database = value()
    else if (flag === '--apply') apply = true
    else { err.write(`qcloop schema: unknown option ${args[i]}\n${USAGE}\n`); return 2 }
  }
  if (!cluster) { err.write(`qcloop schema: --cluster NAME is required\n${USAGE}\n`); return 2 }
  let statements
  try { statements = clusterStatements(cluster, database) } catch (e) { err.write(`qcloop schema: ${(e as Error).message}\n`); return 2 }
  if (!apply) {
    for (const s of statements) out.write(`-- ${s.version === null ? '' : `${String(s.version).padStart(3, '0')} `}${s.name}\n${s.sql};\n\n`)
    return 0
  }
  if (!env.CLICKHOUSE_URL) { err.write('qcloop schema --apply: set CLICKHOUSE_URL (and CLICKHOUSE_USER, CLICKHOUSE_PASSWORD)\n'); return 2 }
  const store = openStoreClient({ url: env.CLICKHOUSE_URL, user: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database })
  try {
    const done = await applyClusterSchema(store, statements)
    out.write(`applied ${statements.length} statements on cluster ${cluster}; migrations ${done.join(', ')} recorded\n`)
    return 0
  } catch (e) {
    err.write(`qcloop schema --apply: ${(e as Error).message}\n`)
    return 1
  } finally {
    await store.close()
  }
}
