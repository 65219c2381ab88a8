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
