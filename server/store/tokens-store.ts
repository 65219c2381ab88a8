import type { StoreClient } from './client.ts'

/** A named token as stored: never the token itself, only its SHA-256 (hex). */
export interface StoredToken {
  name: string
  role: string
  hash: string
  createdAt: number
  createdBy: string
  revoked: boolean
  /** Newest recorded use, ms since 1970 (null: never used). */
  lastUsed: number | null
}

const ms = (v: string | null) => (v === null || v.startsWith('1970-01-01 00:00:00') ? null : Date.parse(v.replace(' ', 'T') + 'Z'))

/**
 * Every named token, revoked ones included, with its last use. The table is small (one row
 * per token), so the whole of it is read at once: a plain statement, no parameters.
 *
 * @example
 * const tokens = await readTokens(store) // [{ name: 'pipeline-uves', role: 'pipeline', ... }]
 */
export async function readTokens(store: StoreClient): Promise<StoredToken[]> {
  const db = store.database
  const rs = await store.client.query({
    query: `SELECT t.name AS name, t.role AS role, t.hash AS hash, toString(t.created_at) AS created_at, t.created_by AS created_by,
        t.revoked AS revoked, toString(u.at) AS used
      FROM ${db}.qc_tokens AS t FINAL LEFT JOIN (SELECT name, max(at) AS at FROM ${db}.qc_token_use GROUP BY name) AS u ON u.name = t.name
      ORDER BY t.name`,
    format: 'JSONEachRow',
  })
  return (await rs.json<Record<string, string>>()).map((r) => ({
    name: r.name, role: r.role, hash: r.hash, createdAt: ms(r.created_at)!, createdBy: r.created_by, revoked: Number(r.revoked) === 1, lastUsed: ms(r.used),
  }))
}

/** Writes a token's newest state (a new token, or a revocation: same name, revoked). */
export async function writeToken(store: StoreClient, t: Omit<StoredToken, 'lastUsed'>, at: number): Promise<void> {
  await store.client.insert({
    table: `${store.database}.qc_tokens`, format: 'JSONEachRow',
    values: [{ name: t.name, role: t.role, hash: t.hash, created_at: t.createdAt, created_by: t.createdBy, revoked: t.revoked ? 1 : 0, updated_at: at }],
  })
}

/** Records when tokens were used (name → ms). */
export async function writeTokenUse(store: StoreClient, uses: Map<string, number>): Promise<void> {
  if (uses.size === 0) return
  await store.client.insert({ table: `${store.database}.qc_token_use`, format: 'JSONEachRow', values: [...uses].map(([name, at]) => ({ name, at })) })
}
