/** Hand-made FORS2 raw-frame headers for calChecker tests (header objects as POST /api/v1/headers takes them). */
const mjd = (iso: string) => Date.parse(iso) / 86_400_000 + 40587

export interface FrameOpts { filter?: string; grism?: string; mask?: string; tpl?: string; ob?: number; mode?: string; binx?: number }

/**
 * One FORS2 frame header: `kind` is SCI_IMG, SCI_MXU, BIAS, FLAT_SKY, STD_IMA, FLAT_MXU or ARC_MXU.
 *
 * @example
 * fors2Frame('BIAS', '2024-03-02T10:00:00Z', { tpl: 'B1' })
 */
export function fors2Frame(kind: string, iso: string, o: FrameOpts = {}): Record<string, string | number> {
  const dpr: Record<string, [string, string, string]> = {
    SCI_IMG: ['SCIENCE', 'OBJECT', 'IMAGE'], SCI_MXU: ['SCIENCE', 'OBJECT', 'SPECTRUM,MXU'], BIAS: ['CALIB', 'BIAS', 'IMAGE'],
    FLAT_SKY: ['CALIB', 'FLAT,SKY', 'IMAGE'], STD_IMA: ['CALIB', 'STD', 'IMAGE'], FLAT_MXU: ['CALIB', 'FLAT,LAMP', 'SPECTRUM,MXU'], ARC_MXU: ['CALIB', 'WAVE,LAMP', 'SPECTRUM,MXU'],
  }
  const [catg, type, tech] = dpr[kind]
  return {
    INSTRUME: 'FORS2', ARCFILE: `FORS2.${iso.replace(/Z$/, '')}.fits`, 'MJD-OBS': mjd(iso),
    'HIERARCH ESO DPR CATG': catg, 'ESO DPR TYPE': type, 'ESO DPR TECH': tech,
    'ESO OBS PROG ID': '112.A-0001(A)', 'ESO OBS ID': o.ob ?? 0, 'ESO OBS NAME': o.ob ? `OB_${o.ob}` : 'Calibration', 'ESO OBS MODE': o.mode ?? 'SERVICE',
    'ESO TPL START': o.tpl ?? iso, 'ESO DET READ CLOCK': '200Kps', 'ESO DET OUT1 GAINMODE': 'low', 'ESO INS COLL NAME': 'SR',
    'ESO INS FILT1 NAME': o.filter ?? 'z_SPECIAL', 'ESO INS GRIS1 NAME': o.grism ?? 'free', 'ESO INS MOS MASK ID': o.mask ?? '',
    'ESO DET WIN1 BINX': o.binx ?? 2, 'ESO DET WIN1 BINY': 2,
  }
}

/** `n` frames of one template, a minute apart. */
export function fors2Set(kind: string, iso: string, n: number, o: FrameOpts = {}): Record<string, string | number>[] {
  const t0 = Date.parse(iso)
  return Array.from({ length: n }, (_, i) => fors2Frame(kind, new Date(t0 + i * 60_000).toISOString(), { tpl: iso, ...o }))
}
