/**
 * How the demo instruments behave: per report, the setups taken, how often,
 * and per parameter its level, noise, slow drift, seasonal wiggle and steps
 * after interventions. Names are the catalogue's (qc-params/*.yaml).
 */
export interface ParamModel {
  name: string
  /** Level per setup index (cycled when shorter than the setup list). */
  base: number[]
  /** Gaussian noise, as a fraction of the level. */
  noise: number
  /** Linear drift, fraction of the level per year. */
  drift?: number
  /** Seasonal (yearly) amplitude, fraction of the level. */
  seasonal?: number
  /** Step changes: days before the end of the history, fractional change of the level. */
  steps?: { daysAgo: number; change: number }[]
  /** Noise shared by every parameter of the same product that declares it (fraction of the level): ron_raw follows ron_master, a correlated pair. */
  common?: number
  /**
   * A linear ramp over the last `daysAgo` days reaching `change` (fraction of the level) at the end,
   * on the given setup indexes: a detector degrading. Those setups have no seasonal wiggle, so the
   * demo's forecast is the same whatever the date of the first start.
   */
  ramp?: { daysAgo: number; change: number; setups: number[] }
  /** Probability of an outlier per value; outliers are 3–8 noise-sigma or a 40 % jump. */
  outliers?: number
  /** Round to an integer (counts). */
  integer?: boolean
  /** Suffix per setup for keywords that carry a port or chip index (e.g. ", port 4"), as the catalogue labels them. */
  port?: (setupIndex: number) => string
}

export interface ReportModel {
  report: string
  /** Days between calibrations (1 = daily). */
  cadenceDays: number
  /** Setups as the catalogue labels them. */
  setups: string[]
  /** Setups that share one product file (e.g. the chips of one HAWK-I exposure). */
  setupsPerProduct: number
  /** Setups (by index) no longer taken for this many days before the end: an expired calibration. */
  lastTaken?: Record<number, number>
  params: ParamModel[]
}

export interface InstrumentModel {
  instrument: string
  reports: ReportModel[]
  /** Interventions: days before the end during which nothing was taken. */
  downtimes: { daysAgo: number; days: number }[]
}

const uvesSetups = ['BLUE, 225kHz/1port/low_gain, 1x1', 'REDL, 225kHz/2ports/low_gain, 1x1', 'REDU, 225kHz/2ports/low_gain, 1x1',
  'BLUE, 50kHz/1port/high_gain, 2x2', 'REDL, 50kHz/2ports/high_gain, 2x2', 'REDU, 50kHz/2ports/high_gain, 2x2']
// uves_cal_mbias writes QC OUT4 for the REDL chip and QC OUT1 for the others.
const uvesPort = (i: number) => `, port ${i % 3 === 1 ? 4 : 1}`
const hawkiChips = [1, 2, 3, 4].map((c) => `Chip ${c}, Double_RdRstRd, DIT 10 s`)
const museIfus = Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0'))
const museQuadrants = museIfus.flatMap((ifu) => [1, 2, 3, 4].map((q) => `IFU ${ifu}, SCI1.0, 1x1, quadrant ${q}`))
const girSetups = ['225kHz,1port,low_gain, 1x1', '50kHz,1port,high_gain, 1x1']
const port1 = () => ', port 1'
const forsSetups = ['CHIP1', 'CHIP2'].flatMap((c) => [`${c}, 100Kps/2ports/high_gain, 2x2`, `${c}, 200Kps/2ports/low_gain, 2x2`])

export const MODELS: InstrumentModel[] = [
  {
    instrument: 'UVES',
    downtimes: [{ daysAgo: 2900, days: 20 }, { daysAgo: 1500, days: 35 }],
    reports: [
      { report: 'BIAS', cadenceDays: 1, setups: uvesSetups, setupsPerProduct: 1, params: [
        { name: 'ron_master', base: [1.06, 1.25, 1.5, 0.9, 1.1, 1.3], noise: 0.006, common: 0.03, drift: 0.01, seasonal: 0.015, outliers: 0.004,
          steps: [{ daysAgo: 1500, change: -0.08 }], port: uvesPort },
        { name: 'ron_raw', base: [1.9, 2.28, 2.7, 1.7, 2.0, 2.4], noise: 0.006, common: 0.03, drift: 0.01, seasonal: 0.01, outliers: 0.003,
          steps: [{ daysAgo: 1500, change: -0.08 }, { daysAgo: 3, change: 0.35 }], port: uvesPort },
        { name: 'struct_x', base: [0.17, 0.17, 0.19], noise: 0.06, outliers: 0.002, port: uvesPort },
        { name: 'struct_y', base: [0.23, 0.22, 0.24], noise: 0.06, outliers: 0.002, port: uvesPort },
        { name: 'duty_cycle', base: [0.00052], noise: 0.002 },
      ] },
      { report: 'DARK', cadenceDays: 7, setups: uvesSetups.slice(0, 3), setupsPerProduct: 1, params: [
        { name: 'hot_pixels', base: [120, 310, 280], noise: 0.05, drift: 0.04, integer: true, steps: [{ daysAgo: 1500, change: -0.3 }] },
      ] },
      { report: 'FLAT', cadenceDays: 1, setups: uvesSetups.slice(0, 3), setupsPerProduct: 1, params: [
        { name: 'flat_count_rate', base: [5200, 21000, 18500], noise: 0.015, drift: -0.06, seasonal: 0.01,
          steps: [{ daysAgo: 2600, change: 0.25 }, { daysAgo: 1100, change: 0.3 }, { daysAgo: 180, change: 0.22 }] },
      ] },
      { report: 'WAVE', cadenceDays: 1, setups: uvesSetups.slice(0, 3), setupsPerProduct: 1, params: [
        { name: 'resolving_power', base: [41000, 42500, 42000], noise: 0.006, seasonal: 0.004, outliers: 0.002 },
        { name: 'line_fwhm', base: [2.35, 2.28, 2.3], noise: 0.01, seasonal: 0.005 },
        { name: 'line_resid_rms', base: [1.8, 2.1, 2.0], noise: 0.05, outliers: 0.003 },
      ] },
    ],
  },
  {
    instrument: 'HAWKI',
    downtimes: [{ daysAgo: 2100, days: 60 }, { daysAgo: 400, days: 14 }],
    reports: [
      { report: 'DARK', cadenceDays: 1, setups: hawkiChips, setupsPerProduct: 4, params: [
        // Chip 4's dark level creeps up (+0.017 ADU/day for 90 days, to ~2.7 ADU): the drift detector forecasts its warning limit (3 ADU) two to three weeks ahead.
        { name: 'dark_median', base: [-0.6, -1.1, 0.8, 1.2], noise: 0.15, seasonal: 0.2, ramp: { daysAgo: 90, change: 1.25, setups: [3] } },
        { name: 'dark_mean', base: [-0.4, -0.9, 1.1, 1.5], noise: 0.15, seasonal: 0.2 },
        { name: 'dark_stdev', base: [3.8, 4.0, 3.4, 4.3], noise: 0.02 },
        { name: 'ron_mean', base: [5.59, 5.88, 5.17, 6.28], noise: 0.01, drift: 0.004, outliers: 0.003,
          steps: [{ daysAgo: 2100, change: -0.05 }, { daysAgo: 2, change: 0.6 }] },
        { name: 'particle_rate', base: [27, 11, 9.5, 26], noise: 0.12, outliers: 0.01 },
        { name: 'hot_pixels', base: [20, 35, 12, 60], noise: 0.1, drift: 0.05, integer: true },
      ] },
      { report: 'READGAIN', cadenceDays: 30, setups: [1, 2, 3, 4].map((c) => `Chip ${c}, Double_RdRstRd`), setupsPerProduct: 4, params: [
        { name: 'ron', base: [5.54, 5.91, 5.2, 6.38], noise: 0.01, steps: [{ daysAgo: 2100, change: -0.05 }] },
        { name: 'gain', base: [1.74, 1.89, 1.74, 2.12], noise: 0.005 },
      ] },
    ],
  },
  {
    instrument: 'MUSE',
    downtimes: [{ daysAgo: 1800, days: 40 }],
    reports: [
      { report: 'BIAS', cadenceDays: 1, setups: museQuadrants, setupsPerProduct: 96, params: [
        { name: 'ron', base: museQuadrants.map((_, i) => 2.4 + ((i * 37) % 11) * 0.05), noise: 0.015, seasonal: 0.01, outliers: 0.002,
          steps: [{ daysAgo: 1800, change: -0.06 }] },
        { name: 'bias_median', base: museQuadrants.map((_, i) => 1000 + ((i * 53) % 17) * 4), noise: 0.0008, drift: 0.002, seasonal: 0.001 },
      ] },
      { report: 'DARK', cadenceDays: 30, setups: museIfus.map((ifu) => `IFU ${ifu}, SCI1.0, 1x1`), setupsPerProduct: 24, params: [
        { name: 'dark_current', base: museIfus.map((_, i) => 0.6 + (i % 5) * 0.1), noise: 0.08, drift: 0.03 },
      ] },
    ],
  },
  {
    instrument: 'GIRAFFE',
    downtimes: [{ daysAgo: 3300, days: 25 }],
    reports: [
      { report: 'BIAS', cadenceDays: 1, setups: girSetups, setupsPerProduct: 1, params: [
        { name: 'bias_median', base: [246.4, 198.0], noise: 0.003, drift: 0.004, seasonal: 0.003, outliers: 0.002 },
        { name: 'ron_raw', base: [2.36, 3.1], noise: 0.02, drift: 0.006, outliers: 0.003, port: port1 },
        { name: 'ron_master', base: [1.07, 1.4], noise: 0.02, drift: 0.006, port: port1 },
      ] },
      { report: 'FLAT', cadenceDays: 1, setups: ['MEDUSA1, H525.8nm', 'MEDUSA2, H665.0nm'], setupsPerProduct: 1, lastTaken: { 1: 11 }, params: [
        { name: 'lamp_efficiency', base: [1800, 2600], noise: 0.02, drift: -0.1, steps: [{ daysAgo: 2400, change: 0.4 }, { daysAgo: 900, change: 0.45 }] },
        { name: 'fibre_trans_median', base: [0.98, 0.97], noise: 0.004 },
      ] },
    ],
  },
  {
    instrument: 'FORS2',
    downtimes: [{ daysAgo: 3000, days: 30 }, { daysAgo: 700, days: 21 }],
    reports: [
      { report: 'BIAS', cadenceDays: 1, setups: forsSetups, setupsPerProduct: 2, params: [
        { name: 'bias_level', base: [200, 170, 195, 168], noise: 0.004, drift: 0.005, seasonal: 0.004, outliers: 0.003 },
        { name: 'ron', base: [2.9, 3.6, 3.1, 3.9], noise: 0.02, outliers: 0.003, steps: [{ daysAgo: 700, change: -0.12 }] },
        { name: 'fpn', base: [0.35, 0.4, 0.33, 0.42], noise: 0.05 },
      ] },
      { report: 'DARK', cadenceDays: 30, setups: [forsSetups[0], forsSetups[2]], setupsPerProduct: 2, params: [
        { name: 'dark_current', base: [1.2, 1.5], noise: 0.1, drift: 0.02 },
      ] },
    ],
  },
]
