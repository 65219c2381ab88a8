import type { FitsValue } from '../fits/card.ts'
import type { SetupDef } from '../catalogue/catalogue-schema.ts'

/** Looks a keyword up in the QC card's own header first, then the primary header (ESO's inheritance convention). */
export type Lookup = (keyword: string) => FitsValue | undefined

/** Text for a header value in a setup label: integers without decimals, trimmed strings. */
export function valueText(v: FitsValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined
  if (typeof v === 'boolean') return v ? 'T' : 'F'
  return String(v).trim()
}

/**
 * Builds the people-readable setup label that keys a trend series:
 * the catalogue's `label` with `{name}` filled from setup keys and keyword
 * captures; captures the label does not mention are appended (", port 4"),
 * so two chips never share a series. A missing keyword reads `n/a` rather
 * than losing the value.
 *
 * @example
 * setupLabel({ keys: [...], label: '{chip}, {clock}, {binx}x{biny}' }, lookup, { port: '1' })
 * // 'BLUE, 225kHz/1port/low_gain, 1x1, port 1'
 */
export function setupLabel(def: SetupDef, lookup: Lookup, captures: Record<string, string>): string {
  const values: Record<string, string> = { ...captures }
  for (const k of def.keys) {
    let v = valueText(lookup(k.keyword))
    if (v !== undefined && k.pattern) {
      const m = new RegExp(k.pattern).exec(v)
      v = m ? (m[1] ?? m[0]) : v
    }
    if (v !== undefined && k.map) v = k.map[v] ?? v
    values[k.name] = v ?? 'n/a'
  }
  const used = new Set<string>()
  let label = def.label.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, name: string) => {
    used.add(name)
    return values[name] ?? 'n/a'
  })
  for (const [name, v] of Object.entries(captures)) if (!used.has(name)) label += `, ${name} ${v}`
  return label
}

/**
 * The setup used when no catalogue describes an instrument: whichever of the
 * usual detector and instrument keywords the header has, in a fixed order. The
 * detector chip comes first after the extension, so that no two chips ever share
 * a series — VIMOS writes each quadrant to its own file, told apart only by
 * `ESO DET CHIP1 ID` (CCD-59A, CCD-59B, …).
 */
export const GENERIC_SETUP: SetupDef = {
  keys: [
    { name: 'ext', keyword: 'EXTNAME', pattern: '^([^.]+)' },
    { name: 'chip', keyword: 'ESO DET CHIP ID' },
    { name: 'chip1', keyword: 'ESO DET CHIP1 ID' },
    { name: 'readout', keyword: 'ESO DET READ CLOCK' },
    { name: 'readmode', keyword: 'ESO DET READ CURNAME' },
    { name: 'binx', keyword: 'ESO DET WIN1 BINX' },
    { name: 'biny', keyword: 'ESO DET WIN1 BINY' },
    { name: 'filter', keyword: 'ESO INS FILT1 NAME' },
    { name: 'grism', keyword: 'ESO INS GRIS1 NAME' },
    { name: 'slit', keyword: 'ESO INS SLIT NAME' },
    { name: 'dit', keyword: 'ESO DET DIT' },
  ],
  label: '',
}

/** A generic setup key's text in a header (its pattern applied), or undefined when absent or empty. */
export function genericKeyText(k: SetupDef['keys'][number], lookup: Lookup): string | undefined {
  const v = valueText(lookup(k.keyword))
  if (v === undefined || v === '') return undefined
  return k.pattern ? (new RegExp(k.pattern).exec(v)?.[1] ?? v) : v
}

/** Label of the generic setup: present values joined by ", ", or "default". */
export function genericSetupLabel(lookup: Lookup, captures: Record<string, string>): string {
  const parts: string[] = []
  for (const k of GENERIC_SETUP.keys) {
    const v = genericKeyText(k, lookup)
    if (v === undefined) continue
    parts.push(k.name === 'dit' ? `DIT ${v} s` : v)
  }
  for (const [name, v] of Object.entries(captures)) parts.push(`${name} ${v}`)
  return parts.length ? parts.join(', ') : 'default'
}
