import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { clusterStatements } from '../../../server/store/cluster-schema.ts'
import { MIGRATIONS } from '../../../server/store/schema.ts'
import { schemaCommand } from '../../../server/cli/schema-command.ts'
import { openTestStore } from '../../helpers/test-store.ts'

const GOLDEN = 'test/fixtures/cluster/schema-qc-qcloop.sql'

describe('cluster schema (qcloop schema --cluster)', () => {
  it('every migration becomes Replicated tables ON CLUSTER and Distributed ones, each parsed by the engine and equal to the golden file', async () => {
    const statements = clusterStatements('qc', 'qcloop')
    // Every table of every migration is there, local and distributed.
    const tables = MIGRATIONS.flatMap((m) => m.statements('qcloop')).flatMap((s) => [.../CREATE TABLE IF NOT EXISTS qcloop\.(\w+)/.exec(s)?.slice(1) ?? []])
    for (const t of tables) {
      expect(statements.some((s) => s.sql.startsWith(`CREATE TABLE IF NOT EXISTS qcloop.${t}_local ON CLUSTER qc`) && /ENGINE = Replicated\w*MergeTree\('\/clickhouse\/tables\/\{shard\}/.test(s.sql)), t).toBe(true)
      expect(statements.some((s) => s.sql.startsWith(`CREATE TABLE IF NOT EXISTS qcloop.${t} ON CLUSTER qc AS qcloop.${t}_local ENGINE = Distributed(qc, qcloop, ${t}_local, cityHash64(`)), t).toBe(true)
    }
    expect(statements.find((s) => s.sql.includes('qcloop.qc_values ON CLUSTER'))!.sql).toMatch(/cityHash64\(instrument\)/)
    const store = await openTestStore()
    const formatted: string[] = []
    for (const s of statements) {
      const rs = await store.client.query({ query: 'SELECT formatQuery({q:String}) AS f', query_params: { q: s.sql }, format: 'JSONEachRow' })
      formatted.push(`-- ${s.version ?? '-'} ${s.name}\n${(await rs.json<{ f: string }>())[0].f};\n`)
    }
    const text = formatted.join('\n')
    // UPDATE_GOLDEN=1 rewrites the file after a new migration; review its diff like code.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, text)
    expect(existsSync(GOLDEN)).toBe(true)
    expect(text).toBe(readFileSync(GOLDEN, 'utf8'))
  })

  it('refuses a cluster name that is not an identifier; the command prints offline', async () => {
    expect(() => clusterStatements('qc; DROP', 'qcloop')).toThrow(/identifier/)
    let printed = ''
    const sink = { write: (t: string) => { printed += t } }
    expect(await schemaCommand(['--cluster', 'qc'], {}, sink, sink)).toBe(0)
    expect(printed).toMatch(/^-- database\nCREATE DATABASE IF NOT EXISTS qcloop ON CLUSTER qc;/)
    expect(await schemaCommand([], {}, sink, sink)).toBe(2)
  })
})
