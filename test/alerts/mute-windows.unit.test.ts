import { describe, expect, it } from 'vitest'
import { MuteWindow, mutingWindow, windowOpen } from '../../alerts/mute-windows.ts'

const at = (iso: string) => Date.parse(iso)

describe('recurring mute windows', () => {
  it('open on the given weekdays between the local times, closed at the end minute', () => {
    const w = MuteWindow.parse({ name: 'Monday maintenance', days: ['mon'], from: '12:00', to: '18:00' })
    expect(windowOpen(w, at('2026-01-12T11:59:00Z'))).toBe(false) // a Monday
    expect(windowOpen(w, at('2026-01-12T12:00:00Z'))).toBe(true)
    expect(windowOpen(w, at('2026-01-12T17:59:59Z'))).toBe(true)
    expect(windowOpen(w, at('2026-01-12T18:00:00Z'))).toBe(false)
    expect(windowOpen(w, at('2026-01-13T13:00:00Z'))).toBe(false) // Tuesday
  })

  it('a window over midnight belongs to the day it starts, in its own time zone', () => {
    // Friday nights 22:00–06:00 Chile time (UTC−3 in January).
    const w = MuteWindow.parse({ name: 'Friday technical night', days: ['fri'], from: '22:00', to: '06:00', timezone: 'America/Santiago' })
    expect(windowOpen(w, at('2026-01-17T00:59:00Z'))).toBe(false) // Fri 21:59 local
    expect(windowOpen(w, at('2026-01-17T01:00:00Z'))).toBe(true) // Fri 22:00 local
    expect(windowOpen(w, at('2026-01-17T08:59:00Z'))).toBe(true) // Sat 05:59 local
    expect(windowOpen(w, at('2026-01-17T09:00:00Z'))).toBe(false) // Sat 06:00 local
    expect(windowOpen(w, at('2026-01-18T02:00:00Z'))).toBe(false) // Sat 23:00 local: Saturday is not listed
  })

  it('mutes only its instruments and scope', () => {
    const w = [MuteWindow.parse({ name: 'w', instruments: ['FORS2'], from: '00:00', to: '23:59', scope: { params: ['ron*'] } })]
    const now = at('2026-01-12T10:00:00Z')
    expect(mutingWindow(w, { instrument: 'FORS2', param: 'ron_master', setup: 'CHIP1' }, now)?.name).toBe('w')
    expect(mutingWindow(w, { instrument: 'FORS2', param: 'bias_level' }, now)).toBeUndefined()
    expect(mutingWindow(w, { instrument: 'UVES', param: 'ron_master' }, now)).toBeUndefined()
    expect(() => MuteWindow.parse({ name: 'bad', from: '25:00', to: '01:00' })).toThrow(/HH:MM/)
    expect(() => MuteWindow.parse({ name: 'bad', from: '01:00', to: '02:00', timezone: 'Mars/Olympus' })).toThrow(/IANA/)
  })
})
