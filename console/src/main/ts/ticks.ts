/**
 * Axis ticks for the Memory page's charts: round values people read at a glance. Byte axes step in powers of two
 * times 1, 2 or 5 of a binary unit (256 MB, 512 MB, 1 GB), other axes in 1, 2 or 5 times a power of ten.
 */

export type Scale = 'bytes' | 'decimal'

/** Up to about {@code wanted} evenly spaced round ticks from 0 (or below {@code min}) to at least {@code max}. */
export function ticks(min: number, max: number, wanted: number, scale: Scale): number[] {
  const lo = Math.min(0, Number.isFinite(min) ? min : 0)
  let hi = Number.isFinite(max) ? max : 1
  if (hi <= lo) {
    hi = lo + 1
  }
  const step = niceStep((hi - lo) / Math.max(1, wanted), scale)
  const first = Math.floor(lo / step) * step
  const out: number[] = []
  for (let v = first; v < hi + step * 0.999 && out.length < 50; v += step) {
    out.push(Number(v.toPrecision(12)))
  }
  return out
}

function niceStep(raw: number, scale: Scale): number {
  if (scale === 'bytes' && raw >= 1) {
    // the power of 1024 at or below raw, then 1, 2, 4, 8 ... 512 of it
    let unit = 1
    while (unit * 1024 <= raw) {
      unit *= 1024
    }
    let step = unit
    while (step < raw) {
      step *= 2
    }
    return step
  }
  const power = Math.pow(10, Math.floor(Math.log10(raw > 0 ? raw : 1)))
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= raw) {
      return m * power
    }
  }
  return 10 * power
}
