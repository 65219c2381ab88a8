import { z } from 'zod'
import { nameField } from '../text/text-fields.ts'

export const StatsQuery = z.strictObject({
  instrument: nameField('instrument'),
  param: nameField('param'),
  setup: z.array(nameField('setup')).default([]),
  from: z.string().optional(),
  to: z.string().optional(),
  by: z.enum(['night', 'month', 'year']).default('month'),
  format: z.enum(['json', 'parquet', 'votable']).default('json'),
})
export type StatsQuery = z.infer<typeof StatsQuery>
