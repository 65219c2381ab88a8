import { TOKEN } from '../helpers/test-app.ts'
import * as fits from './fits-bombs.ts'

/** One hostile request: what is sent, the status it must get, and what the answer must name (field, file or limit). */
export interface HostileCase {
  name: string
  method: 'GET' | 'POST'
  path: string
  type?: string
  token?: boolean
  body?: () => BodyInit | Buffer
  status: number
  named: RegExp
}

const ROW = { instrument: 'UVES', report: 'BIAS', param: 'ron_master', setup: 'BLUE', ts: '2026-11-20T10:00:00Z', value: 1.07, product: 'UVES.2026-11-20T10:00:00.000.fits' }
const json = (rows: unknown) => () => JSON.stringify(rows)
const ndjson = (rows: unknown[]) => () => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'

/** Names that no field may hold, whichever way they come in. */
const BAD_NAMES: [string, string][] = [
  ['a lone surrogate', 'S\ud800'], ['NUL', 'S\u0000X'], ['CR LF', 'S\r\nX-Injected: 1'], ['a bidi override', 'S\u202eXE.exe'], ['201 characters', 'x'.repeat(201)],
  ['nothing', ''], ['padding', ' S '], ['DEL', 'S\u007f'], ['a C1 control', 'S\u0085'],
]
const NAME_FIELDS = ['instrument', 'report', 'param', 'setup', 'product'] as const

const measurements = (name: string, body: () => BodyInit, status: number, named: RegExp, type = 'application/json'): HostileCase =>
  ({ name: `measurements: ${name}`, method: 'POST', path: '/api/v1/measurements', type, token: true, body, status, named })

export function corpus(): HostileCase[] {
  const cases: HostileCase[] = []
  // Every name field × every bad kind of name, as a JSON array; NDJSON for two of them.
  for (const f of NAME_FIELDS) {
    for (const [what, v] of BAD_NAMES) cases.push(measurements(`${f} with ${what}`, json([ROW, { ...ROW, [f]: v }]), 400, new RegExp(`"field":"${f}"`)))
    cases.push(measurements(`${f} with a lone surrogate (NDJSON)`, ndjson([ROW, { ...ROW, [f]: 'S\ud800' }]), 400, new RegExp(`"row":1,"field":"${f}"`), 'application/x-ndjson'))
  }
  // Times: nothing silently changed.
  for (const ts of ['0085-06-01T00:00:00Z', '2024-01-01T00:00:00+99:99', '2024-01-01T00:00:00+15:00', '2024-02-30T00:00:00Z', '2024-99-99', '2024-01-01T24:00:00Z',
    '85-06-01', 'yesterday', '2030-01-01T00:00:00Z', '1975-01-01T00:00:00Z', -1, 1e12, '']) {
    cases.push(measurements(`ts ${JSON.stringify(ts)}`, json([{ ...ROW, ts }]), 400, /"field":"ts"/))
  }
  for (const value of ['1.07', null, {}, [], true]) cases.push(measurements(`value ${JSON.stringify(value)}`, json([{ ...ROW, value }]), 400, /"field":"value"/))
  cases.push(measurements('value NaN (NDJSON)', () => `${JSON.stringify(ROW)}\n${JSON.stringify(ROW).replace('1.07', 'NaN')}\n`, 400, /"row":1.*NaN and Infinity/, 'application/x-ndjson'))
  cases.push(measurements('status "draft"', json([{ ...ROW, status: 'draft' }]), 400, /"field":"status"/))
  cases.push(measurements('an unknown field', json([{ ...ROW, colour: 'red' }]), 400, /"field":"colour".*unknown field/))
  // Structure: any size, any nesting.
  cases.push(measurements('an array nested 200,000 deep', () => '['.repeat(200_000) + ']'.repeat(200_000), 400, /nests deeper than 32/))
  cases.push(measurements('an NDJSON line nested 1,000,000 deep', () => '['.repeat(1_000_000) + '\n', 400, /row 0 nests deeper than 32/, 'application/x-ndjson'))
  cases.push(measurements('a 2 MB row', json([{ ...ROW, product: 'p'.repeat(2_000_000) }]), 400, /row 0 is longer than/))
  cases.push(measurements('an object, not an array', json(ROW), 400, /array/))
  cases.push(measurements('text after the array', () => `${JSON.stringify([ROW])} trailing`, 400, /text after the end/))
  cases.push(measurements('a truncated array', () => JSON.stringify([ROW, ROW]).slice(0, -10), 400, /ends early|not valid JSON/))
  cases.push(measurements('invalid UTF-8', () => Buffer.concat([Buffer.from(`[{"instrument":"UV`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(`ES"}]`)]), 400, /not valid UTF-8/))
  cases.push(measurements('CSV', () => 'a,b\n1,2\n', 415, /application\/json/, 'text/csv'))
  cases.push(measurements('a body over the limit', () => '[' + `${JSON.stringify(ROW)},`.repeat(40_000) + `${JSON.stringify(ROW)}]`, 413, /limit of \d+ bytes/))
  cases.push({ ...measurements('no token', json([ROW]), 401, /needs a token/), token: false })

  // Product files: every bound of the FITS reader, named in the refusal.
  const product = (name: string, body: () => BodyInit | Buffer, named: RegExp, query = '?name=hostile.fits', status = 422): HostileCase =>
    ({ name: `products: ${name}`, method: 'POST', path: `/api/v1/products${query}`, type: 'application/fits', token: true, body, status, named })
  cases.push(product('NAXIS = 10^9 in 2,880 bytes', fits.naxisBillion, /hostile\.fits.*NAXIS = 1000000000 is beyond the standard's 999/))
  cases.push(product('axes whose product is 10^18 bytes', fits.naxisHuge, /hostile\.fits.*limit maxDataBytes/))
  cases.push(product('BITPIX 7', fits.badBitpix, /BITPIX = 7/))
  cases.push(product('40,000 CONTINUE cards', () => fits.continueChain(40_000), /limit maxStringChars/))
  cases.push(product('a 10,000-character INSTRUME', fits.longInstrume, /INSTRUME is longer than 200 characters/))
  cases.push(product('a control character in INSTRUME', fits.controlInstrume, /INSTRUME holds the control or bidirectional character U\+0001/))
  cases.push(product('no product name at all', fits.unnamedProduct, /has no name/, '?name='))
  cases.push(product('1,001 extensions', () => fits.manyHdus(), /limit maxHdus/))
  cases.push(product('a gzip bomb (1 MiB unpacks to 1 GiB)', () => gzipBombOnce(), /limit maxRatio/))
  cases.push(product('a 200 MB header without END', () => fits.endlessHeader(), /limit maxHeaderBytes/))
  cases.push(product('not FITS', () => 'hello, I am not a FITS file', /not a FITS file/))
  cases.push(product('a truncated header', () => fits.naxisBillion().subarray(0, 1000), /truncated|no END/))
  cases.push(product('an empty body', () => '', /e\.fits.*empty file/, '?name=e.fits'))
  cases.push(product('101 files in one form', () => { const f = new FormData(); for (let i = 0; i < 101; i++) f.append('f', new Blob([new Uint8Array(fits.naxisBillion())]), `f${i}.fits`); return f }, /at most 100/, '', 400))
  // Raw frame headers (calChecker): FITS bodies and header objects.
  const headers = (name: string, body: () => BodyInit | Buffer, named: RegExp, type = 'application/x-ndjson', status = 400): HostileCase =>
    ({ name: `headers: ${name}`, method: 'POST', path: '/api/v1/headers?name=raw.fits', type, token: true, body, status, named })
  const FRAME = { INSTRUME: 'FORS2', ARCFILE: 'FORS2.2026-11-20T10:00:00.000.fits', 'MJD-OBS': 61364.4, 'ESO DPR CATG': 'CALIB', 'ESO DPR TYPE': 'BIAS', 'ESO DPR TECH': 'IMAGE' }
  cases.push(headers('a raw FITS frame with NAXIS = 10^9', fits.rawFrameNaxisBillion, /raw\.fits.*NAXIS = 1000000000/, 'application/fits'))
  cases.push(headers('a gzip bomb streamed', () => gzipBombOnce(), /raw\.fits.*limit maxRatio/, 'application/gzip'))
  cases.push(headers('a 200 MB header without END, streamed', () => fits.endlessHeader(), /raw\.fits.*limit maxHeaderBytes/, 'application/fits'))
  cases.push(headers('INSTRUME with a bidi override', ndjson([{ ...FRAME, INSTRUME: 'FORS2\u202e' }]), /"field":"INSTRUME"/))
  cases.push(headers('ARCFILE with NUL', ndjson([{ ...FRAME, ARCFILE: 'FORS2\u0000.fits' }]), /"field":"file"/))
  cases.push(headers('an OB name of 10,000 characters', ndjson([{ ...FRAME, 'ESO OBS NAME': 'o'.repeat(10_000) }]), /"field":"ESO OBS NAME"/))
  cases.push(headers('a nested header value', ndjson([{ ...FRAME, 'ESO DPR TYPE': { a: 1 } }]), /"field":"ESO DPR TYPE"/))
  cases.push(headers('MJD-OBS far in the future', ndjson([{ ...FRAME, 'MJD-OBS': 99_999 }]), /"field":"MJD-OBS"/))
  cases.push(headers('a body nested 100,000 deep', () => '['.repeat(100_000), /nests deeper than 32/, 'application/json'))
  cases.push(headers('a lone surrogate in a keyword value', ndjson([{ ...FRAME, 'ESO OBS PROG ID': '1\ud800' }]), /"field":"ESO OBS PROG ID"/))
  // Reads: bad query input is a 400 naming the parameter, never a 500 or an injected header.
  const get = (name: string, path: string, named: RegExp, status = 400): HostileCase => ({ name: `GET ${name}`, method: 'GET', path, status, named })
  cases.push(get('calchecker night 2024-99-99', '/api/v1/calchecker?night=2024-99-99', /night/))
  cases.push(get('calchecker frames of night 0000-00-00', '/api/v1/calchecker/FORS2/0000-00-00/frames', /night/))
  cases.push(get('calchecker frames of night 2024-02-30', '/api/v1/calchecker/FORS2/2024-02-30/frames', /night/))
  cases.push(get('values with CR LF in instrument', '/api/v1/values?instrument=UVES%0d%0aX-Injected:1', /instrument/))
  cases.push(get('values with NUL in param', '/api/v1/values?instrument=UVES&param=ron%00', /param/))
  cases.push(get('values from 2024-13-01', '/api/v1/values?instrument=UVES&from=2024-13-01', /from/))
  cases.push(get('values format xml', '/api/v1/values?instrument=UVES&format=xml', /format/))
  cases.push(get('series to with offset +99:99', '/api/v1/series?instrument=UVES&param=ron_master&to=2024-01-01T00:00:00%2B99:99', /to/))
  cases.push(get('series maxPoints abc', '/api/v1/series?instrument=UVES&param=ron_master&maxPoints=abc', /maxPoints/))
  cases.push(get('series maxPoints 10^9', '/api/v1/series?instrument=UVES&param=ron_master&maxPoints=1000000000', /maxPoints/))
  cases.push(get('series with a bidi override in setup', '/api/v1/series?instrument=UVES&param=ron_master&setup=%E2%80%AEBLUE', /setup/))
  cases.push(get('series with a 10,000-character param', `/api/v1/series?instrument=UVES&param=${'p'.repeat(10_000)}`, /param/))
  cases.push(get('stats by decade', '/api/v1/stats?instrument=UVES&param=ron_master&by=decade', /by/))
  cases.push(get('stats without param', '/api/v1/stats?instrument=UVES', /param/))
  cases.push(get('calchecker of an unknown parameter', '/api/v1/calchecker?bogus=1', /bogus/))
  // Actions and alerts: the same gate for names and free text, bounded bodies.
  const action = (name: string, path: string, body: unknown, named: RegExp, status = 400): HostileCase =>
    ({ name: `POST ${path}: ${name}`, method: 'POST', path, type: 'application/json', token: true, body: typeof body === 'function' ? (body as () => BodyInit) : json(body), status, named })
  const POINT = { instrument: 'UVES', param: 'ron_master', setup: 'BLUE', ts: '2026-11-20T10:00:00Z', product: 'P.fits' }
  cases.push(action('why with NUL', '/api/v1/actions/flag', { ...POINT, why: 'q\u0000c' }, /"field":"why"/))
  cases.push(action('why with a bidi override', '/api/v1/actions/flag', { ...POINT, why: 'x\u202e' }, /"field":"why"/))
  cases.push(action('setup with a lone surrogate', '/api/v1/actions/flag', { ...POINT, setup: 'B\ud800' }, /"field":"setup"/))
  cases.push(action('comment text with an escape character', '/api/v1/actions/comment', { kind: 'value', ...POINT, text: 'see \u001b[31m' }, /"field":"text"/))
  cases.push(action('a report-night comment on 2024-99-99', '/api/v1/actions/comment', { kind: 'report-night', instrument: 'UVES', report: 'BIAS', night: '2024-99-99', text: 'x' }, /"field":"night"/))
  cases.push(action('a comment of 5,001 characters', '/api/v1/actions/comment', { kind: 'product', instrument: 'UVES', product: 'P.fits', text: 't'.repeat(5001) }, /"field":"text"/))
  cases.push(action('a rule with an empty id', '/api/v1/actions/rule', { instrument: 'UVES', id: '', warning: 1 }, /"field":"id"/))
  cases.push(action('force-ok of a product named with CR', '/api/v1/actions/force-ok', { instrument: 'UVES', product: 'P\r.fits' }, /"field":"product"/))
  cases.push(action('a body nested 100,000 deep', '/api/v1/actions/flag', () => '['.repeat(100_000), /nests deeper than 32/))
  cases.push(action('a 2 MiB body', '/api/v1/actions/comment', { kind: 'product', instrument: 'UVES', product: 'P.fits', text: 'x'.repeat(2 << 20) }, /limit of|longer than/, 413))
  cases.push(action('not JSON', '/api/v1/actions/flag', () => '{"instrument": "UVES",', /not valid JSON/))
  cases.push(action('silence until never', '/api/v1/alerts/silence', { key: 'k', until: 'never', reason: 'r' }, /until/))
  cases.push(action('silence reason with NUL', '/api/v1/alerts/silence', { key: 'k', until: '2026-12-01', reason: 'r\u0000' }, /"field":"reason"/))
  cases.push(action('acknowledge key with a lone surrogate', '/api/v1/alerts/ack', { key: 'k\udc00' }, /"field":"key"/))
  cases.push(action('grades naming who graded (the token says who)', '/api/v1/ob-grades', { by: 'q\u202ec', grades: [{ instrument: 'FORS2', ob_id: 1, grade: 'A' }] }, /"field":"by"/))
  cases.push(action('grades of an instrument with LF', '/api/v1/ob-grades', { grades: [{ instrument: 'FORS2\n', ob_id: 1, grade: 'A' }] }, /grades\.0\.instrument/))
  cases.push({ name: 'POST ack-link with a forged signature', method: 'POST', path: '/api/v1/alerts/ack-link', type: 'application/x-www-form-urlencoded', body: () => 'key=k&since=1&exp=99999999999999&sig=00000000000000000000000000000000', status: 403, named: /not valid/ })
  cases.push({ name: 'GET ack-link without fields', method: 'GET', path: '/api/v1/alerts/ack-link', status: 403, named: /incomplete/ })
  return cases
}

let bomb: Buffer | undefined
/** 1 GiB of zeros behind a FITS header, gzipped once per run (~1 MiB). */
function gzipBombOnce(): Buffer {
  return (bomb ??= fits.gzipBomb(1024))
}

export const AUTH = { authorization: `Bearer ${TOKEN}` }
