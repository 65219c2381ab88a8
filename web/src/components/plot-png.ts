/** What a downloaded plot says about itself, so a PNG in an email or a report stands on its own. */
export interface PngCaption {
  title: string
  range: string
  setups: { label: string; colour: string; hidden: boolean }[]
  generated: string
}

/**
 * The plot canvas framed with its title, time range, setup legend and generation time, as a
 * PNG data URL.
 *
 * @example
 * download('UVES_ron_master.png', plotPng(plot.ctx.canvas, { title: 'UVES · ron_master [ADU]', ... }))
 */
export function plotPng(plot: HTMLCanvasElement, c: PngCaption): string {
  const ratio = plot.width / (plot.clientWidth || plot.width)
  const line = 16 * ratio, pad = 8 * ratio
  const shown = c.setups.filter((s) => !s.hidden)
  const perRow = Math.max(1, Math.floor(plot.width / (260 * ratio)))
  const legendRows = Math.ceil(shown.length / perRow)
  const out = document.createElement('canvas')
  out.width = plot.width
  out.height = plot.height + pad * 3 + line * (2 + legendRows + 1)
  const ctx = out.getContext('2d')!
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.fillStyle = '#1f2328'
  ctx.font = `bold ${14 * ratio}px sans-serif`
  ctx.fillText(c.title, pad, pad + line * 0.8)
  ctx.font = `${12 * ratio}px sans-serif`
  ctx.fillText(c.range, pad, pad + line * 1.8)
  ctx.drawImage(plot, 0, pad * 2 + line * 2)
  let y = pad * 2 + line * 2 + plot.height + line
  shown.forEach((s, k) => {
    const x = pad + (k % perRow) * 260 * ratio
    if (k > 0 && k % perRow === 0) y += line
    ctx.fillStyle = s.colour
    ctx.beginPath(); ctx.arc(x + 5 * ratio, y - 4 * ratio, 4 * ratio, 0, 2 * Math.PI); ctx.fill()
    ctx.fillStyle = '#1f2328'
    ctx.fillText(s.label, x + 14 * ratio, y)
  })
  ctx.fillStyle = '#57606a'
  ctx.fillText(c.generated, pad, out.height - pad)
  return out.toDataURL('image/png')
}
