import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ClientOptions {
  url: string
  token: string
  positional: string[]
  /** The command's own switches (no value) that were given. */
  switches: Set<string>
}

/**
 * Parses `--url` and `--token` (both also as `--name=value`) and finds defaults:
 * $QCLOOP_URL, then $QCLOOP_TOKEN, then the token file the server writes.
 *
 * @example
 * parseClientOptions(['a.fits', '--url', 'http://qc:8080'], process.env)
 */
export function parseClientOptions(args: string[], env: NodeJS.ProcessEnv, switches: string[] = []): ClientOptions {
  const positional: string[] = []
  const on = new Set<string>()
  let url = env.QCLOOP_URL || `http://127.0.0.1:${env.PORT || 8080}`
  let token = env.QCLOOP_TOKEN || ''
  for (let i = 0; i < args.length; i++) {
    const a = args[i]
    const [flag, inline] = a.startsWith('--') ? a.split(/=(.*)/s, 2) : [a, undefined]
    const value = () => inline ?? args[++i]
    if (flag === '--url') url = value()
    else if (flag === '--token') token = value()
    else if (switches.includes(flag)) on.add(flag)
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`)
    else positional.push(a)
  }
  if (!token) {
    const file = join(env.QCLOOP_DATA || './data', 'token')
    if (existsSync(file)) token = readFileSync(file, 'utf8').trim()
  }
  if (!token) throw new Error('no token: pass --token, set QCLOOP_TOKEN, or run next to the server\'s data folder')
  return { url: url.replace(/\/$/, ''), token, positional, switches: on }
}
