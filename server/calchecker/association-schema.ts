import { z } from 'zod'

const TypeName = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'data types are UPPER_SNAKE, e.g. FLAT_SKY' })
const KeyName = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'setup key names are lower_snake, e.g. readmode' })

/**
 * A window of signed ages in days, age = science time − calibration time
 * (positive: the calibration was taken before). A number n means [-n, n].
 */
const Window = z.union([
  z.number().nonnegative().transform((n) => [-n, n] as [number, number]),
  z.tuple([z.number(), z.number()]).refine(([lo, hi]) => lo <= 0 && hi >= 0, { error: 'a window [before, after] must contain 0, e.g. [-1, 0.5]' }),
])

/** One classification rule, as ESO's OCA rules: DPR keywords (globs, `*` = any text) give a data type. */
export const Classification = z.strictObject({
  type: TypeName,
  catg: z.string().min(1),
  dpr_type: z.string().min(1).optional(),
  tech: z.string().min(1).optional(),
  /** Further header keywords that must match (globs), e.g. `{ "ESO INS MODE": "IMG" }`. */
  where: z.record(z.string(), z.string()).optional(),
})

/** A calibration a data type needs. */
export const Need = z.strictObject({
  cal: TypeName,
  /** Setup keys that must be equal (a bias matches read-out mode and binning, not the filter). */
  match: z.array(KeyName).default([]),
  /** Calibration-plan window (days): inside it the frame is OK. */
  window: Window,
  /** Extended window (days): only inside it the frame is NOK; outside both, MISS. */
  extended: Window.optional(),
  /** Raw frames needed in one set (one template); a master product counts as a complete set. */
  frames: z.number().int().positive().default(1),
})

/** The `calchecker:` section of a catalogue: how raw frames are classified and associated. */
export const Association = z.strictObject({
  /** Setup keys read from raw headers: short name → FITS keyword. */
  keys: z.record(KeyName, z.string().min(1)),
  /** Setup label for people, from the keys, e.g. "{readmode}/{filter}_{binx}x{biny}". */
  label: z.string().min(1),
  /** Labels for particular data types, e.g. spectroscopy that shows the grism instead of the filter. */
  labels: z.record(TypeName, z.string().min(1)).default({}),
  /** Header keyword with the observing mode; values starting with S are service mode, V visitor mode. */
  mode_keyword: z.string().min(1).default('ESO OBS MODE'),
  /** First matching rule wins; frames matching none are kept as unclassified. */
  classify: z.array(Classification).min(1),
  /** Master calibration products (ESO PRO CATG) that count as a calibration of a data type. */
  products: z.record(z.string(), TypeName).default({}),
  /** Per data type (science, or calibration: cal4cal), the calibrations it needs. */
  needs: z.record(TypeName, z.array(Need).min(1)),
  /** The day's calibrations are finished at this hour UT of the day after the night (or when `last` arrived). */
  daytime: z.strictObject({
    finished_ut: z.number().min(0).max(24).default(20),
    /** A data type whose arrival means the day's calibrations are complete. */
    last: TypeName.optional(),
  }).default({ finished_ut: 20 }),
})
export type Association = z.infer<typeof Association>
export type Need = z.infer<typeof Need>
