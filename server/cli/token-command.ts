import { parseClientOptions } from './options.ts'

const USAGE = `usage: qcloop token add NAME --role ROLE | list | revoke NAME   [--url URL] [--token ADMIN_TOKEN]
roles: reader (every read), pipeline (ingest only), qc (reader + flags, comments, rules, grades),
       operator (reader + acknowledge and silence alerts), admin (everything, tokens too)`

/**
 * `qcloop token`: manages the named tokens of a running server (an admin token's client, like
 * `qcloop ingest`). `add` prints the new token once — it is stored hashed and cannot be shown again.
 *
 * @example
 * await tokenCommand(['add', 'pipeline-uves', '--role', 'pipeline']) // prints the token, returns 0
 */
export async function tokenCommand(args: string[], out = process.stdout, err = process.stderr): Promise<number> {
  let role = ''
  const rest: string[] = []
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = args[i].startsWith('--') ? args[i].split(/=(.*)/s, 2) : [args[i], undefined]
    if (flag === '--role') role = inline ?? args[++i] ?? ''
    else rest.push(args[i])
  }
  let opts
  try {
    opts = parseClientOptions(rest, process.env)
  } catch (e) {
    err.write(`qcloop token: ${(e as Error).message}\n`)
    return 2
  }
  const [sub, name, ...extra] = opts.positional
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${opts.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${opts.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined,
    })
    const json = await res.json().catch(() => null) as Record<string, unknown> | null
    if (!res.ok) throw new Error(`${res.status}: ${(json?.error as { message?: string } | undefined)?.message ?? res.statusText}`)
    return json!
  }
  try {
    if (sub === 'add' && name && role && extra.length === 0) {
      const r = await call('POST', '/tokens', { name, role })
      err.write(`Token ${r.name} (role ${r.role}) created. It is shown only now; keep it somewhere safe:\n`)
      out.write(`${r.token}\n`)
      return 0
    }
    if (sub === 'list' && !name) {
      const r = await call('GET', '/tokens') as { tokens: { name: string; role: string; created: string | null; lastUsed: string | null; revoked: boolean; bootstrap: boolean }[] }
      const rows = r.tokens.map((t) => [t.name, t.role, t.bootstrap ? '(QCLOOP_TOKEN / data/token)' : t.created ?? '', t.lastUsed ?? 'never', t.revoked ? 'revoked' : 'active'])
      const head = ['NAME', 'ROLE', 'CREATED', 'LAST USED', 'STATE']
      const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)))
      for (const row of [head, ...rows]) out.write(`${row.map((c, i) => c.padEnd(width[i])).join('  ').trimEnd()}\n`)
      return 0
    }
    if (sub === 'revoke' && name && extra.length === 0) {
      await call('DELETE', `/tokens/${encodeURIComponent(name)}`)
      out.write(`Token ${name} revoked: it fails from the next request on.\n`)
      return 0
    }
  } catch (e) {
    err.write(`qcloop token ${sub}: ${(e as Error).message}\n`)
    return 1
  }
  err.write(`${USAGE}\n`)
  return 2
}
