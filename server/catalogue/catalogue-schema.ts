import { z } from 'zod'
import { Association } from '../calchecker/association-schema.ts'
import { Rule, Validity } from '../scoring/rule-schema.ts'
import { DriftConfig } from './drift-schema.ts'
import { nameField } from '../text/text-fields.ts'

const Keyword = z.string().regex(/^[A-Z0-9_\-{}:\\+*?().|[\] ]+$/i, { error: 'a FITS keyword such as "ESO QC OUT{port} RON MASTER"' })

/** One component of the setup key: a header keyword's value (optionally mapped) or a capture of the QC keyword. */
export const SetupKey = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, { error: 'lower_snake name' }),
  /** Header keyword read from the QC card's own HDU first, then the primary header. */
  keyword: z.string().min(1),
  /** Optional regex whose first group is kept (e.g. "^(CHAN\\d+)" on EXTNAME). */
  pattern: z.string().optional(),
  /** Optional value mapping, e.g. MASTER_BIAS_BLUE → BLUE. */
  map: z.record(z.string(), z.string()).optional(),
})

export const Setup = z.strictObject({
  keys: z.array(SetupKey).default([]),
  /** Label for people; `{name}` refers to a key or a keyword capture. Unreferenced captures are appended. */
  label: z.string().min(1),
})

export const Param = z.strictObject({
  /**
   * Any name the ingest API accepts for a parameter (ron_master, bias.ron, "QC BIAS MEAN"): a site
   * whose pipelines send dotted names can write rules for them. lower_snake stays the house style.
   */
  name: nameField('a parameter name'),
  /** FITS keyword without HIERARCH; `{port}` captures a per-chip/port/extension index into the setup. */
  keyword: Keyword,
  unit: z.string().default(''),
  description: z.string().default(''),
  class: z.enum(['KPI', 'HC', 'CAL', 'ENG']),
  public: z.boolean().default(false),
})

export const Report = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'report names are UPPER_SNAKE, e.g. BIAS' }),
  description: z.string().default(''),
  /** `ESO PRO CATG` values that make a product one of this report. */
  pro_catg: z.array(z.string().min(1)).min(1),
  /** Overrides the instrument's default setup for this report. */
  setup: Setup.optional(),
  params: z.array(Param).min(1),
})

/** A `qc-params/<instrument>.yaml` file. */
export const InstrumentCatalogue = z.strictObject({
  instrument: z.string().min(1),
  description: z.string().default(''),
  /** INSTRUME header values that identify this instrument's products. */
  instrume: z.array(z.string().min(1)).min(1),
  setup: Setup,
  reports: z.array(Report).min(1),
  /** Tolerance rules (scoring). */
  rules: z.array(Rule).default([]),
  /** Calibration validity ranges. */
  validity: z.array(Validity).default([]),
  /** calChecker association rules (raw-frame classification and calibration needs). */
  calchecker: Association.optional(),
  /** Drift and shift detection on the scored series. */
  drift: DriftConfig,
})
export type InstrumentCatalogue = z.infer<typeof InstrumentCatalogue>
export type ReportDef = z.infer<typeof Report>
export type ParamDef = z.infer<typeof Param>
export type SetupDef = z.infer<typeof Setup>
