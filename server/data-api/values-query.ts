import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'

/** Query of the QC1 data API (the query forms of a QC1 database, for programs). */
export const ValuesQuery = z.strictObject({
  instrument: nameField('instrument'),
  report: nameField('report').optional(),
  param: z.array(nameField('param')).default([]),
  setup: z.array(nameField('setup')).default([]),
  from: z.string().optional(),
  to: z.string().optional(),
  format: z.enum(['csv', 'json', 'ndjson', 'parquet', 'votable']).default('csv'),
})
export type ValuesQuery = z.infer<typeof ValuesQuery>

// The CSV's columns and header line are part of the API; the store produces them.
export { CSV_COLUMNS, CSV_HEADER } from '../store/values-read.ts'
