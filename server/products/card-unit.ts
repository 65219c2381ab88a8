/**
 * A unit and description from a FITS card's comment, for QC keywords no catalogue declares.
 * Pipelines write the unit in brackets at the start (MUSE: "[adu] Average of the raw median
 * values") or at the end ("Read noise [ADU]") of the comment. Pure.
 *
 * @example
 * unitFromComment('[adu] Average of the raw median values') // { unit: 'adu', description: 'Average of the raw median values' }
 * unitFromComment('Read noise [e-]')                         // { unit: 'e-', description: 'Read noise' }
 * unitFromComment('Read noise')                              // { unit: '', description: 'Read noise' }
 */
export function unitFromComment(comment: string): { unit: string; description: string } {
  const text = comment.trim()
  // A unit is short and has no brackets of its own; anything else in brackets is prose.
  const lead = /^\[([^[\]]{1,24})\]\s*(.*)$/.exec(text)
  if (lead) return { unit: lead[1].trim(), description: lead[2].trim() }
  const tail = /^(.*?)\s*\[([^[\]]{1,24})\]$/.exec(text)
  if (tail) return { unit: tail[2].trim(), description: tail[1].trim() }
  return { unit: '', description: text }
}
