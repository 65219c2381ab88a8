/** Formatting for people: UT times, MJD, ages. */
export const utc = (ms: number | string) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UT'
export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)
export const mjd = (ms: number) => (ms / 86_400_000 + 40587).toFixed(5)

/** "3 h", "2.5 d": how long ago. */
export function age(fromIso: string | null, nowMs: number): string {
  if (!fromIso) return 'never'
  const h = (nowMs - Date.parse(fromIso)) / 3_600_000
  if (h < 1) return `${Math.max(0, Math.round(h * 60))} min`
  if (h < 48) return `${Math.round(h)} h`
  return `${(h / 24).toFixed(1)} d`
}

export const num = (x: number) => (Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : Number(x.toPrecision(6)).toString())

/**
 * Axis tick labels with as many decimals as the tick spacing needs (so 0.0012 and 0.0014 do not
 * both read "0.001"), in exponent form for very large or small magnitudes.
 *
 * @example
 * ticks([0.0012, 0.0014], 0.0002) // ['0.0012', '0.0014']
 */
export function ticks(values: number[], step: number): string[] {
  const big = values.some((v) => Math.abs(v) >= 1e6)
  const decimals = step > 0 ? Math.max(0, Math.min(12, -Math.floor(Math.log10(step) + 1e-9))) : 2
  return values.map((v) => (v == null ? '' : big || (decimals > 6 && v !== 0) ? v.toExponential(Math.max(1, Math.min(6, decimals - Math.floor(Math.log10(Math.abs(v) || 1))))) : v.toFixed(decimals)))
}

/** Time-axis labels: dates as YYYY-MM-DD, with the time of day when the view spans less than 3 days. */
export function timeTicks(seconds: number[], spanS: number): string[] {
  return seconds.map((s) => (s == null ? '' : spanS < 3 * 86_400 ? new Date(s * 1000).toISOString().slice(0, 16).replace('T', ' ') : utcDate(s * 1000)))
}
