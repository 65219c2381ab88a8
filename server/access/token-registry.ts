import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { DomainError } from '../domain-errors.ts'
import { readTokens, writeToken, writeTokenUse, type StoredToken } from '../store/tokens-store.ts'
import type { StoreClient } from '../store/client.ts'
import { ROLES, type Role, type Viewer } from './roles.ts'

/** A token's name: what the audit log shows for everything done with it. */
export const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/
/** The first token's name (QCLOOP_TOKEN or data/token): always admin. */
export const BOOTSTRAP_NAME = 'admin'

/** How long the token list is trusted before it is read again (ms): a revocation by another process takes effect within it. */
const REFRESH_MS = 1000
/** A token's last use is written at most this often (ms). */
const USE_EVERY_MS = 60_000

export interface TokenInfo { name: string; role: Role; created: string | null; createdBy: string; lastUsed: string | null; revoked: boolean; bootstrap: boolean }

const sha256 = (s: string) => createHash('sha256').update(s).digest()

/**
 * The named tokens: created, listed and revoked here, kept hashed in the store so
 * every qcloop process on one ClickHouse sees the same ones. A presented token is
 * hashed and compared with every stored hash in constant time (no early exit, so
 * the time says nothing about which or how much matched).
 *
 * @example
 * const tokens = new TokenRegistry(store, bootstrapToken, Date.now)
 * const { token } = await tokens.add('pipeline-uves', 'pipeline', 'admin')
 * await tokens.authenticate(token) // { name: 'pipeline-uves', role: 'pipeline', ... }
 */
export class TokenRegistry {
  #cache: { at: number; tokens: StoredToken[] } | null = null
  #loading: Promise<StoredToken[]> | null = null
  readonly #bootstrap: Buffer
  readonly #uses = new Map<string, number>()
  readonly #written = new Map<string, number>()
  #bootstrapUsed: number | null = null

  constructor(private readonly store: StoreClient, bootstrapToken: string, private readonly clock: () => number = Date.now) {
    this.#bootstrap = sha256(bootstrapToken)
  }

  /** The identity a token stands for, or null when it is unknown or revoked. */
  async authenticate(token: string): Promise<Viewer | null> {
    const given = sha256(token)
    const tokens = await this.#tokens()
    let found: StoredToken | null = null
    const bootstrap = timingSafeEqual(given, this.#bootstrap)
    for (const t of tokens) {
      const match = timingSafeEqual(given, Buffer.from(t.hash, 'hex'))
      if (match && !t.revoked) found = t
    }
    const now = this.clock()
    if (bootstrap && !found) { this.#bootstrapUsed = now; return { name: BOOTSTRAP_NAME, role: 'admin', view: 'full', via: 'bootstrap' } }
    if (!found || !(ROLES as readonly string[]).includes(found.role)) return null
    this.#noteUse(found.name, now)
    return { name: found.name, role: found.role as Role, view: 'full', via: 'token' }
  }

  /** Creates a token; the answer is the only time the token itself is seen. */
  async add(name: string, role: string, by: string): Promise<{ name: string; role: Role; token: string }> {
    if (!TOKEN_NAME.test(name)) throw new DomainError('invalid', 'invalid_token_name', `name: a token name is 1-64 letters, digits, "_", ".", "@" or "-", starting with a letter or digit (got ${JSON.stringify(name.slice(0, 80))})`, [{ field: 'name', reason: 'letters, digits, _ . @ -, at most 64' }])
    if (!(ROLES as readonly string[]).includes(role)) throw new DomainError('invalid', 'invalid_role', `role: one of ${ROLES.join(', ')} (got ${JSON.stringify(role.slice(0, 40))})`, [{ field: 'role', reason: `one of ${ROLES.join(', ')}` }])
    if (name === BOOTSTRAP_NAME) throw new DomainError('conflict', 'token_exists', `"${BOOTSTRAP_NAME}" is the first token (QCLOOP_TOKEN or data/token); choose another name`)
    const existing = (await this.#tokens(true)).find((t) => t.name === name)
    if (existing && !existing.revoked) throw new DomainError('conflict', 'token_exists', `A token named ${name} exists; revoke it first or choose another name`)
    const token = `qcl_${randomBytes(32).toString('base64url')}`
    const now = this.clock()
    await writeToken(this.store, { name, role, hash: sha256(token).toString('hex'), createdAt: now, createdBy: by, revoked: false }, Math.max(now, (existing?.createdAt ?? 0) + 1))
    this.#cache = null
    return { name, role: role as Role, token }
  }

  /** Revokes a token: it fails from the next request on (in other processes within a second). */
  async revoke(name: string): Promise<void> {
    if (name === BOOTSTRAP_NAME) throw new DomainError('conflict', 'bootstrap_token', `"${BOOTSTRAP_NAME}" is the first token: change QCLOOP_TOKEN (or delete data/token) and restart to replace it`)
    const t = (await this.#tokens(true)).find((x) => x.name === name && !x.revoked)
    if (!t) throw new DomainError('not_found', 'not_found', `No active token named ${name}`)
    await writeToken(this.store, { ...t, revoked: true }, Math.max(this.clock(), t.createdAt + 1))
    this.#cache = null
  }

  /** Every token's name, role, creation and last use, never the token or its hash. */
  async list(): Promise<TokenInfo[]> {
    await this.flushUses()
    const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString())
    const stored = (await this.#tokens(true)).map((t) => ({
      name: t.name, role: t.role as Role, created: iso(t.createdAt), createdBy: t.createdBy, lastUsed: iso(t.lastUsed), revoked: t.revoked, bootstrap: false,
    }))
    return [{ name: BOOTSTRAP_NAME, role: 'admin', created: null, createdBy: 'QCLOOP_TOKEN or data/token', lastUsed: iso(this.#bootstrapUsed), revoked: false, bootstrap: true }, ...stored]
  }

  /** Writes pending last-use times (also called on list and on shutdown). */
  async flushUses(): Promise<void> {
    if (this.#uses.size === 0) return
    const batch = new Map(this.#uses)
    this.#uses.clear()
    await writeTokenUse(this.store, batch)
  }

  #noteUse(name: string, now: number) {
    const last = this.#written.get(name) ?? 0
    if (now - last < USE_EVERY_MS) return
    this.#written.set(name, now)
    this.#uses.set(name, now)
    void this.flushUses().catch(() => {})
  }

  async #tokens(fresh = false): Promise<StoredToken[]> {
    const now = Date.now()
    if (!fresh && this.#cache && now - this.#cache.at < REFRESH_MS) return this.#cache.tokens
    this.#loading ??= readTokens(this.store).finally(() => { this.#loading = null })
    const tokens = await this.#loading
    this.#cache = { at: now, tokens }
    return tokens
  }
}
