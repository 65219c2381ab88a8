import type { InstrumentEvent } from '../server/events/event.ts'

const DAY = 86_400_000

/**
 * The demo's instrument events, relative to its end: a UVES blue-arm detector intervention five
 * weeks ago (baseline reset: the read-out noise level changed with it), a FORS2 technical night
 * scheduled for the coming night (its alerts will be muted while it lasts), and a news item.
 */
export function demoEvents(endMs: number): InstrumentEvent[] {
  const noon = Math.floor(endMs / DAY) * DAY + DAY / 2
  const base = { text: '', resetsBaseline: false, public: true, by: 'demo', updatedMs: endMs, untilMs: null }
  return [
    { ...base, id: 'demo-uves-blue-ccd', instrument: 'UVES', atMs: noon - 35 * DAY, kind: 'intervention', title: 'Blue CCD controller replaced',
      text: 'New video board on the blue arm: bias level and read-out noise change; relative rules restart from here.', scope: { reports: [], params: [], setups: ['BLUE*'] }, resetsBaseline: true },
    { ...base, id: 'demo-fors2-technical', instrument: 'FORS2', atMs: noon + DAY / 4, untilMs: noon + DAY + DAY / 4, kind: 'technical', title: 'Technical night: MXU mask exchanger tests',
      scope: { reports: [], params: [], setups: [] } },
    { ...base, id: 'demo-muse-news', instrument: 'MUSE', atMs: noon - 3 * DAY, kind: 'news', title: 'New MUSE pipeline release installed in the Garching QC system', scope: { reports: [], params: [], setups: [] } },
  ]
}
