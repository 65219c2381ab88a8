import { crc32, deflateSync } from 'node:zlib'

export interface TrendPoint { t: number; value: number; red: boolean }

/**
 * A small trend picture for emails (PNG, drawn on the server, no canvas
 * library): points over time, red ones larger and red, the critical limits as
 * dashed lines, the newest point ringed. Width and height in pixels.
 *
 * @example
 * const png = trendPng(points, { critLo: 0.5, critHi: 3 })
 */
export function trendPng(points: TrendPoint[], limits: { critLo?: number | null; critHi?: number | null }, width = 480, height = 140): Buffer {
  const px = Buffer.alloc(width * height * 3, 255)
  const set = (x: number, y: number, [r, g, b]: number[]) => {
    if (x < 0 || y < 0 || x >= width || y >= height) return
    const i = (Math.round(y) * width + Math.round(x)) * 3
    px[i] = r; px[i + 1] = g; px[i + 2] = b
  }
  const ys = [...points.map((p) => p.value), ...[limits.critLo, limits.critHi].filter((v): v is number => typeof v === 'number')]
  if (points.length === 0 || ys.length === 0) return encode(px, width, height)
  const t0 = Math.min(...points.map((p) => p.t)), t1 = Math.max(...points.map((p) => p.t))
  let lo = Math.min(...ys), hi = Math.max(...ys)
  if (hi === lo) { hi += 1; lo -= 1 }
  const pad = 8
  const X = (t: number) => pad + ((t - t0) / Math.max(1, t1 - t0)) * (width - 2 * pad)
  const Y = (v: number) => height - pad - ((v - lo) / (hi - lo)) * (height - 2 * pad)
  for (let x = 0; x < width; x++) { set(x, height - 1, [200, 200, 200]); set(x, 0, [200, 200, 200]) }
  for (const v of [limits.critLo, limits.critHi]) if (typeof v === 'number') for (let x = pad; x < width - pad; x++) if (x % 8 < 5) set(x, Y(v), [207, 34, 46])
  const dot = (x: number, y: number, r: number, c: number[]) => { for (let dx = -r; dx <= r; dx++) for (let dy = -r; dy <= r; dy++) if (dx * dx + dy * dy <= r * r) set(x + dx, y + dy, c) }
  for (const p of points) dot(X(p.t), Y(p.value), p.red ? 3 : 1.6, p.red ? [207, 34, 46] : [0, 114, 178])
  const last = points.reduce((a, p) => (p.t > a.t ? p : a))
  for (let a = 0; a < 64; a++) set(X(last.t) + 6 * Math.cos(a / 10), Y(last.value) + 6 * Math.sin(a / 10), [11, 61, 98])
  return encode(px, width, height)
}

function encode(rgb: Buffer, width: number, height: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3)
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2 // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}
