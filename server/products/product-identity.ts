/**
 * Which product a pipeline file is, from its headers alone, so the same file names the same
 * product whichever way it arrives (API, landing folder, `qcloop ingest`) and however often.
 *
 * A recipe run is named by its first raw frame (`ESO PRO REC1 RAW1 NAME`; else `ARCFILE`, which
 * products inherit from it; else `PIPEFILE`, else the file name), and its outputs by their
 * `ESO PRO CATG`: UVES's MASTER_BIAS_BLUE, _REDL and _REDU of one night, HAWK-I's MASTER_DARK
 * and MASTER_READGAIN of one run are distinct products, while MUSE's per-IFU files and their
 * merged file (one PRO CATG) stay one product whose values fold together. Pure.
 *
 * @example
 * productIdentity({ raw1: 'UVES.2024-03-01T10:05:00.000.fits', proCatg: 'MASTER_BIAS_BLUE', fileName: 'masterbias_blue.fits' })
 * // { id: 'UVES.2024-03-01T10:05:00.000.fits MASTER_BIAS_BLUE', legacy: 'masterbias_blue.fits' }
 */
export interface IdentityCards { raw1?: string; arcfile?: string; pipefile?: string; proCatg: string; fileName: string }

export function productIdentity(c: IdentityCards): { id: string; legacy: string } {
  const file = c.fileName.split('/').pop() ?? ''
  const run = c.raw1 || c.arcfile || c.pipefile || file
  return {
    id: `${run} ${c.proCatg}`,
    // What qcloop called the product before (ARCFILE, else PIPEFILE, else the file name): values
    // stored under it stay under it, so re-sending an old product still only counts duplicates.
    legacy: c.arcfile || c.pipefile || file,
  }
}
