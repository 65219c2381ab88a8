/** Turns the columnar series of GET /api/v1/series back into point objects for assertions. */
export function pointsOf(series: Record<string, unknown[]>): Record<string, unknown>[] {
  const t = series.t as number[]
  return t.map((_, i) => ({
    t: t[i], ts: new Date(t[i]).toISOString(), value: series.value[i], product: series.product[i], score: series.score[i], cause: series.cause[i],
    limits: [series.warnLo[i], series.warnHi[i], series.critLo[i], series.critHi[i]], reference: series.reference[i],
  }))
}
