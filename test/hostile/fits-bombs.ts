import { gzipSync } from 'node:zlib'
import { card, formatHeader } from '../../server/fits/format-header.ts'

/** Hostile FITS files for the hostile-input corpus: each is small to send and aimed at one bound of the reader. */

const base = (extra: string[] = [], naxis = ['NAXIS   =                    0']) => [
  'SIMPLE  =                    T', 'BITPIX  =                   16', ...naxis, card('INSTRUME', 'UVES'), card('ARCFILE', 'UVES.2026-11-20T10:00:00.000.fits'),
  card('MJD-OBS', 61364.4), card('ESO PRO CATG', 'MASTER_BIAS_BLUE'), ...extra,
]

/** 2,880 bytes declaring a 10^9-axis image: the data size loop ran 10^9 times. */
export const naxisBillion = () => formatHeader(base([], ['NAXIS   =           1000000000']))

/** NAXIS within the standard, but the product of the axes is 10^18 bytes. */
export const naxisHuge = () => formatHeader(base([], ['NAXIS   =                    3', 'NAXIS1  =              1000000', 'NAXIS2  =              1000000', 'NAXIS3  =              1000000']))

/** BITPIX that the standard does not have. */
export const badBitpix = () => formatHeader(base().map((c) => (c.startsWith('BITPIX') ? 'BITPIX  =                    7' : c)))

/** A string continued over `n` CONTINUE cards (joined in quadratic time before). */
export function continueChain(n: number, key = 'ESO PRO REC1 PARAM1 VALUE'): Buffer {
  const cards = [`HIERARCH ${key} = '${'x'.repeat(40)}&'`]
  for (let i = 0; i < n; i++) cards.push(`CONTINUE  '${'y'.repeat(60)}&'`)
  cards.push("CONTINUE  'end'")
  return formatHeader(base(cards))
}

/** INSTRUME of 10,000 characters, through CONTINUE cards (the JSON API refuses names over 200). */
export function longInstrume(): Buffer {
  const cards = base().filter((c) => !c.startsWith('INSTRUME'))
  cards.push(`INSTRUME= '${'U'.repeat(60)}&'`)
  for (let i = 0; i < 165; i++) cards.push(`CONTINUE  '${'V'.repeat(60)}&'`)
  cards.push("CONTINUE  'ES'")
  return formatHeader(cards)
}

/** A product with a control character inside INSTRUME. */
export const controlInstrume = () => formatHeader(base().map((c) => (c.startsWith('INSTRUME') ? "INSTRUME= 'UV\u0001ES'" : c)))

/** No ARCFILE, no PIPEFILE: the product takes its name from the file name. */
export const unnamedProduct = () => formatHeader(base([card('HIERARCH ESO QC RON', 3.2)]).filter((c) => !c.startsWith('ARCFILE')))

/** 1,001 extensions (HDUs): over the HDU bound. */
export function manyHdus(n = 1001): Buffer {
  const primary = formatHeader(base([card('EXTEND', true)]))
  const ext = formatHeader(["XTENSION= 'IMAGE   '", 'BITPIX  =                   16', 'NAXIS   =                    0', 'PCOUNT  =                    0', 'GCOUNT  =                    1'])
  return Buffer.concat([primary, ...Array.from({ length: n }, () => ext)])
}

/** A raw frame for calChecker whose primary header declares a 10^9-axis data unit. */
export const rawFrameNaxisBillion = () => formatHeader([
  'SIMPLE  =                    T', 'BITPIX  =                   16', 'NAXIS   =           1000000000', card('INSTRUME', 'FORS2'),
  card('ARCFILE', 'FORS2.2026-11-20T10:00:00.000.fits'), card('MJD-OBS', 61364.4), card('ESO DPR CATG', 'CALIB'), card('ESO DPR TYPE', 'BIAS'), card('ESO DPR TECH', 'IMAGE'),
])

/**
 * `mib` MiB of zeros after a valid header, as concatenated gzip members (~1000:1 each;
 * gunzip reads them as one stream): a decompression bomb, built in milliseconds.
 */
export function gzipBomb(mib: number): Buffer {
  const header = formatHeader(base([], ['NAXIS   =                    1', `NAXIS1  = ${String(mib * 1024 * 512).padStart(20, ' ')}`]))
  const first = gzipSync(Buffer.concat([header, Buffer.alloc(1024 * 1024 - header.length)]), { level: 9 })
  const zeros = gzipSync(Buffer.alloc(1024 * 1024), { level: 9 })
  return Buffer.concat([first, ...Array.from({ length: mib - 1 }, () => zeros)])
}

/** A stream of header blocks that never ends in END (200 MB offered; the reader must stop early). */
export function endlessHeader(totalBytes = 200 * 1024 * 1024): ReadableStream<Uint8Array> {
  const first = Buffer.from(base().map((c) => c.padEnd(80, ' ')).join(''), 'latin1')
  const filler = Buffer.from(card('COMMENT', 'x').padEnd(80, ' ').repeat(36 * 20), 'latin1') // 20 blocks of cards, no END
  let sent = 0
  return new ReadableStream({
    pull(ctl) {
      if (sent >= totalBytes) return ctl.close()
      const chunk = sent === 0 ? Buffer.concat([first, filler]) : filler
      sent += chunk.length
      ctl.enqueue(new Uint8Array(chunk))
    },
  })
}
