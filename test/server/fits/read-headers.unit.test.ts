import { mkdtempSync, openSync, closeSync, ftruncateSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { headerValue } from '../../../server/fits/header.ts'
import { card, formatHeader } from '../../../server/fits/format-header.ts'
import { readFitsHeaders, readFitsHeadersFromBuffer } from '../../../server/fits/read-headers.ts'
import { astropyCards, fixtureProducts, PRODUCTS } from '../../helpers/eso-fixtures.ts'

const tmp = mkdtempSync(join(tmpdir(), 'qcloop-fits-'))

describe('readFitsHeaders on real ESO pipeline products', () => {
  it.each(['uves', 'hawki', 'muse', 'giraffe'])('reads every QC card of %s exactly as astropy does', async (instrument) => {
    const cards = astropyCards(instrument)
    expect(cards.length).toBeGreaterThan(20)
    const cache = new Map<string, Awaited<ReturnType<typeof readFitsHeaders>>>()
    for (const c of cards) {
      if (!cache.has(c.file)) cache.set(c.file, await readFitsHeaders(join(PRODUCTS, c.file)))
      const v = headerValue(cache.get(c.file)![c.hdu], c.key)
      const expected = c.type === 'int' ? Number(c.value) : c.type === 'float' ? Number(c.value) : c.value
      expect({ file: c.file, hdu: c.hdu, key: c.key, value: v }).toEqual({ file: c.file, hdu: c.hdu, key: c.key, value: expected })
    }
  })

  it('finds every HDU: HAWK-I darkcomb has a primary and four chip extensions', async () => {
    const hs = await readFitsHeaders(join(PRODUCTS, 'hawki/night01/darkcomb.fits'))
    expect(hs.map((h) => headerValue(h, 'EXTNAME') ?? null)).toEqual([null, 'CHIP1.INT1', 'CHIP2.INT1', 'CHIP4.INT1', 'CHIP3.INT1'])
    expect(hs[1].dataBytes).toBeGreaterThan(0)
  })

  it('reads header-only copies (MUSE, 73 HDUs)', async () => {
    const hs = await readFitsHeaders(join(PRODUCTS, 'muse/night01/MASTER_BIAS.hdr.fits'))
    expect(hs).toHaveLength(73)
    expect(headerValue(hs[72], 'EXTNAME')).toBe('CHAN24.STAT')
  })

  it('reads gzip-compressed products, from a file and from memory, with the same result', async () => {
    const raw = readFileSync(join(PRODUCTS, 'hawki/night01/darkcomb.fits'))
    const gz = join(tmp, 'darkcomb.fits.gz')
    writeFileSync(gz, gzipSync(raw))
    const plain = await readFitsHeaders(join(PRODUCTS, 'hawki/night01/darkcomb.fits'))
    expect(await readFitsHeaders(gz)).toEqual(plain)
    expect(await readFitsHeadersFromBuffer(gzipSync(raw))).toEqual(plain)
  })

  it('parses every fixture product without error', async () => {
    for (const f of fixtureProducts()) expect((await readFitsHeaders(join(PRODUCTS, f))).length, f).toBeGreaterThan(0)
  })
})

describe('readFitsHeaders on large and broken files', () => {
  it('skips data units without reading them: a 2 GB product costs its headers', async () => {
    const path = join(tmp, 'big.fits')
    const header = formatHeader([card('SIMPLE', true), card('BITPIX', -32), card('NAXIS', 2), card('NAXIS1', 32768), card('NAXIS2', 16384), card('ESO QC RON', 3.5)])
    const fd = openSync(path, 'w')
    writeSync(fd, header)
    ftruncateSync(fd, header.length + Math.ceil((32768 * 16384 * 4) / 2880) * 2880) // sparse: 2 GiB of data that is never read
    closeSync(fd)
    const before = process.memoryUsage().rss
    const hs = await readFitsHeaders(path)
    expect(headerValue(hs[0], 'ESO QC RON')).toBe(3.5)
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024)
  })

  it('says a truncated file is truncated', async () => {
    const raw = readFileSync(join(PRODUCTS, 'uves/night01/masterbias_blue.fits'))
    const path = join(tmp, 'cut.fits')
    writeFileSync(path, raw.subarray(0, 2880 * 5 + 100))
    await expect(readFitsHeaders(path)).rejects.toThrow(/truncated/)
    writeFileSync(path, raw.subarray(0, 2880))
    await expect(readFitsHeaders(path)).rejects.toThrow(/no END card|truncated/)
  })

  it('says a file that is not FITS is not FITS', async () => {
    const path = join(tmp, 'notes.fits')
    writeFileSync(path, 'just some text\n'.repeat(300))
    await expect(readFitsHeaders(path)).rejects.toThrow(/not a FITS file/)
    writeFileSync(path, '')
    await expect(readFitsHeaders(path)).rejects.toThrow(/empty file/)
  })

  it('says a truncated gzip file is truncated', async () => {
    const gz = gzipSync(readFileSync(join(PRODUCTS, 'hawki/night01/darkcomb.fits')))
    const path = join(tmp, 'cut.fits.gz')
    writeFileSync(path, gz.subarray(0, Math.floor(gz.length / 2)))
    await expect(readFitsHeaders(path)).rejects.toThrow()
  })
})

describe('readFitsHeaders on a decompression bomb', () => {
  it('refuses 1 MiB of gzip that unpacks to 1 GiB, naming the limit, without holding what it unpacked', async () => {
    const { gzipBomb } = await import('../../hostile/fits-bombs.ts')
    const bomb = gzipBomb(1024)
    expect(bomb.length).toBeLessThan(1.2 * 1024 * 1024)
    const rss = process.memoryUsage().rss
    await expect(readFitsHeadersFromBuffer(bomb)).rejects.toThrow(/limit maxRatio/)
    // It streamed: memory grew by far less than the 1 GiB behind the gzip (it rose by 1.5 GB before).
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024)
  })
})
