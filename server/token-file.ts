import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Config } from './config.ts'

/**
 * The write token: QCLOOP_TOKEN when set, else the one kept in `<data>/token`
 * (generated, 256 bits, file mode 0600, on the first start).
 *
 * @example
 * const { token } = ensureToken(cfg) // same value on every restart
 */
export function ensureToken(cfg: Pick<Config, 'token' | 'dataDir'>): { token: string; generated: boolean; file: string | null } {
  if (cfg.token) return { token: cfg.token, generated: false, file: null }
  const file = join(cfg.dataDir, 'token')
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), generated: false, file }
  mkdirSync(cfg.dataDir, { recursive: true })
  const token = randomBytes(32).toString('base64url')
  writeFileSync(file, token + '\n', { mode: 0o600 })
  return { token, generated: true, file }
}
