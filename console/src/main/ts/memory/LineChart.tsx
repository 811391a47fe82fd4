import React from 'react'
import { clock } from '../format'
import { Scale, ticks } from '../ticks'

export interface Series {
  name: string
  color: string
  /** [epoch millis, value]; values that are not known (-1, NaN) leave a gap */
  points: [number, number][]
  dashed?: boolean
}

interface Props {
  title: string
  series: Series[]
  scale: Scale
  format: (value: number) => string
  /** the axis reaches at least this (100 for percentages) */
  atLeast?: number
}

const W = 440
const H = 200
const LEFT = 72
const RIGHT = 8
const TOP = 10
const BOTTOM = 26
/** about 9-10 px on screen in a third of a wide page */
const FONT = 14

/**
 * A small SVG line chart: time on x (wall clock), human units on y. Drawn from the Monitor's History, so it shows
 * the last minutes as soon as the page opens. No chart library: PatternFly's (Victory) would triple the plugin.
 */
export const LineChart: React.FunctionComponent<Props> = ({ title, series, scale, format, atLeast }) => {
  const all = series.flatMap(s => s.points).filter(([, v]) => Number.isFinite(v) && v >= 0)
  if (all.length < 2) {
    return (
      <figure className='mm-chart' aria-label={title}>
        <figcaption>{title}</figcaption>
        <p className='mm-muted'>Not enough samples yet.</p>
      </figure>
    )
  }
  const t0 = Math.min(...all.map(([t]) => t))
  const t1 = Math.max(...all.map(([t]) => t))
  const yMax = Math.max(atLeast ?? 0, ...all.map(([, v]) => v))
  const yTicks = ticks(0, yMax, 4, scale)
  const top = yTicks[yTicks.length - 1] || 1
  const x = (t: number) => LEFT + ((t - t0) / Math.max(1, t1 - t0)) * (W - LEFT - RIGHT)
  const y = (v: number) => TOP + (1 - v / top) * (H - TOP - BOTTOM)
  const xTicks = [0, 0.5, 1].map(f => t0 + f * (t1 - t0))

  const path = (points: [number, number][]) => {
    let d = ''
    let pen = false
    for (const [t, v] of points) {
      if (!Number.isFinite(v) || v < 0) {
        pen = false
        continue
      }
      d += `${pen ? 'L' : 'M'}${x(t).toFixed(1)},${y(v).toFixed(1)}`
      pen = true
    }
    return d
  }

  return (
    <figure className='mm-chart' aria-label={title}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role='img' aria-label={title}>
        {yTicks.map(v => (
          <g key={`y${v}`}>
            <line x1={LEFT} x2={W - RIGHT} y1={y(v)} y2={y(v)} stroke='#d2d2d2' strokeWidth={1} />
            <text x={LEFT - 6} y={y(v) + 4} textAnchor='end' fontSize={FONT} fill='#6a6e73'>
              {format(v)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={`x${i}`}
            x={x(t)}
            y={H - 8}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
            fontSize={FONT}
            fill='#6a6e73'
          >
            {clock(t)}
          </text>
        ))}
        {series.map(s => (
          <path
            key={s.name}
            d={path(s.points)}
            fill='none'
            stroke={s.color}
            strokeWidth={2}
            strokeDasharray={s.dashed ? '6 4' : undefined}
          />
        ))}
      </svg>
      <ul className='mm-legend'>
        {series.map(s => {
          const last = [...s.points].reverse().find(([, v]) => Number.isFinite(v) && v >= 0)
          return (
            <li key={s.name}>
              <span className='mm-swatch' style={{ background: s.color }} />
              {s.name}: <strong>{last ? format(last[1]) : 'n/a'}</strong>
            </li>
          )
        })}
      </ul>
    </figure>
  )
}
