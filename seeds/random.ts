/**
 * Small deterministic PRNG (mulberry32) so the demo history is the same on every machine.
 *
 * @example
 * const r = rng('UVES/BIAS'); r.uniform(); r.gauss()
 */
export function rng(seedText: string) {
  let a = 0x9e3779b9
  for (let i = 0; i < seedText.length; i++) a = Math.imul(a ^ seedText.charCodeAt(i), 0x85ebca6b) >>> 0
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const gauss = () => {
    const u = Math.max(uniform(), 1e-12)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform())
  }
  return { uniform, gauss }
}
