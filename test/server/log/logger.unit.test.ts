import { describe, expect, it } from 'vitest'
import { createLogger, type LogLevel } from '../../../server/log/logger.ts'

const capture = (format: 'json' | 'pretty', level: LogLevel = 'info') => {
  const lines: { line: string; level: LogLevel }[] = []
  const log = createLogger({ format, level, clock: () => Date.UTC(2026, 11, 3, 4, 5, 6), write: (line, l) => lines.push({ line, level: l }) })
  return { log, lines }
}

describe('the structured log', () => {
  it('writes one JSON object per line with level, time, message and fields; children add their fields', () => {
    const { log, lines } = capture('json')
    log.child({ requestId: 'r-1' }).info('request', { status: 200, ms: 3.5 })
    expect(lines).toHaveLength(1)
    expect(JSON.parse(lines[0].line)).toEqual({ level: 'info', time: '2026-12-03T04:05:06.000Z', msg: 'request', requestId: 'r-1', status: 200, ms: 3.5 })
  })

  it('drops lines below its level and routes by level', () => {
    const { log, lines } = capture('json', 'warn')
    log.debug('d'); log.info('i'); log.warn('w'); log.error('e', { error: new Error('boom') })
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error'])
    expect(JSON.parse(lines[1].line).error).toBe('boom')
  })

  it('never writes a registered secret, wherever it appears, nor a field named like a credential', () => {
    const { log, lines } = capture('json')
    const token = 'Zq8s-very-secret-admin-token'
    log.secret(token); log.secret('abc') // too short to cut safely: ignored
    log.error(`auth failed for Bearer ${token}`, { detail: `x${token}y`, password: 'hunter2', smtpToken: 'anything', nested: { t: token } })
    expect(lines[0].line).not.toContain(token)
    expect(lines[0].line).not.toContain('hunter2')
    const o = JSON.parse(lines[0].line)
    expect(o.msg).toBe('auth failed for Bearer [redacted]')
    expect(o).toMatchObject({ detail: 'x[redacted]y', password: '[redacted]', smtpToken: '[redacted]', nested: { t: '[redacted]' } })
  })

  it('reads like the old console lines in a terminal: time, level unless info, message, fields', () => {
    const { log, lines } = capture('pretty')
    log.info('Dashboard: http://127.0.0.1:8080/')
    log.warn('request', { status: 503, route: '/api/v1/health' })
    expect(lines.map((l) => l.line)).toEqual(['04:05:06 Dashboard: http://127.0.0.1:8080/', '04:05:06 WARN request  status=503 route=/api/v1/health'])
  })
})
