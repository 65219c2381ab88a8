import { mjdToMs, msToMjd } from '../server/time/mjd.ts'
import { rng } from './random.ts'

type Header = Record<string, string | number>
const DAY = 86_400_000, H = 3_600_000, MIN = 60_000
const iso = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '')

const DPR: Record<string, [string, string, string]> = {
  SCI_IMG: ['SCIENCE', 'OBJECT', 'IMAGE'], SCI_MXU: ['SCIENCE', 'OBJECT', 'SPECTRUM,MXU'], BIAS: ['CALIB', 'BIAS', 'IMAGE'],
  FLAT_SKY: ['CALIB', 'FLAT,SKY', 'IMAGE'], STD_IMA: ['CALIB', 'STD', 'IMAGE'], FLAT_MXU: ['CALIB', 'FLAT,LAMP', 'SPECTRUM,MXU'], ARC_MXU: ['CALIB', 'WAVE,LAMP', 'SPECTRUM,MXU'],
}

function frame(kind: string, ms: number, o: { filter: string; grism?: string; mask?: string; ob?: number; prog?: string; mode?: string; tpl: number; binx?: number }): Header {
  const [catg, type, tech] = DPR[kind]
  return {
    INSTRUME: 'FORS2', ARCFILE: `FORS2.${iso(ms)}.fits`, 'MJD-OBS': msToMjd(ms), 'ESO DPR CATG': catg, 'ESO DPR TYPE': type, 'ESO DPR TECH': tech,
    'ESO OBS PROG ID': o.prog ?? '60.A-9051(A)', 'ESO OBS ID': o.ob ?? 0, 'ESO OBS NAME': o.ob ? `OB_${o.ob}` : 'calib', 'ESO OBS MODE': o.mode ?? '',
    'ESO TPL START': iso(o.tpl), 'ESO DET READ CLOCK': '200Kps', 'ESO DET OUT1 GAINMODE': 'low', 'ESO INS COLL NAME': 'SR',
    'ESO INS FILT1 NAME': o.filter, 'ESO INS GRIS1 NAME': o.grism ?? 'free', 'ESO INS MOS MASK ID': o.mask ?? '', 'ESO DET WIN1 BINX': o.binx ?? 2, 'ESO DET WIN1 BINY': o.binx ?? 2,
  }
}

/**
 * Raw FORS2 frame headers of the last `nights` nights up to `endMs` (nothing
 * later: the current day's calibrations stop at "now"), for calChecker's
 * demo. Deterministic. Built-in trouble: no R_SPECIAL sky flat for 9 nights
 * (NOK), the MXU arc forgotten after the night before last (MISS, still
 * takeable: an action and an alert) and three nights ago (MISS, LOST?).
 *
 * @example
 * for (const h of demoFrames(Date.now(), 14)) ...  // header objects as POST /api/v1/headers takes them
 */
export function demoFrames(endMs: number, nights = 14, boundaryHour = 21): Header[] {
  const r = rng('FORS2/calchecker')
  const last = Math.floor((endMs - boundaryHour * H) / DAY)
  const out: Header[] = []
  const set = (kind: string, start: number, n: number, o: Omit<Parameters<typeof frame>[2], 'tpl'>) => {
    for (let i = 0; i < n; i++) out.push(frame(kind, start + i * 2 * MIN, { ...o, tpl: start }))
  }
  let ob = 2_400_000
  for (let k = last - nights + 1; k <= last; k++) {
    const evening = k * DAY, morning = (k + 1) * DAY, age = last - k
    const rFlatGap = age <= 8 // no R_SPECIAL sky flat in the last 9 nights: recent science in R is NOK
    // Dusk sky flats (every other night per filter).
    if (k % 2 === 0) set('FLAT_SKY', evening + 23 * H, 3, { filter: 'z_SPECIAL' })
    if (k % 2 !== 0 && !rFlatGap) set('FLAT_SKY', evening + 23 * H + 20 * MIN, 3, { filter: 'R_SPECIAL' })
    // Science: imaging OBs in z and R, one MXU OB; service mode mostly.
    let t = morning + 30 * MIN + Math.floor(r.uniform() * 20) * MIN
    for (const filter of ['z_SPECIAL', 'R_SPECIAL', 'z_SPECIAL']) {
      const mode = r.uniform() < 0.8 ? 'SERVICE' : 'VISITOR'
      set('SCI_IMG', t, 4 + Math.floor(r.uniform() * 4), { filter, ob: ob++, prog: `112.C-${2000 + (ob % 7)}(A)`, mode })
      t += 70 * MIN
    }
    set('STD_IMA', t, 1, { filter: 'z_SPECIAL' })
    set('STD_IMA', t + 10 * MIN, 1, { filter: 'R_SPECIAL' })
    const mask = `M${k % 1000}`
    set('SCI_MXU', t + 40 * MIN, 3, { filter: 'GG435', grism: 'GRIS_300V', mask, ob: ob++, prog: '112.D-3100(B)', mode: 'SERVICE' })
    // Day calibrations the morning after.
    set('BIAS', morning + 10 * H, 5, { filter: 'free' })
    set('FLAT_MXU', morning + 11 * H, 5, { filter: 'GG435', grism: 'GRIS_300V', mask })
    if (age !== 1 && age !== 3) set('ARC_MXU', morning + 11 * H + 30 * MIN, 1, { filter: 'GG435', grism: 'GRIS_300V', mask })
  }
  return out.filter((h) => mjdToMs(Number(h['MJD-OBS'])) <= endMs)
}
