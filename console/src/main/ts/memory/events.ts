import type { Snapshot } from './model'

/**
 * The feed: what changed between two reads, in words. The agent offers no Jolokia notifications (a notification
 * client is kept by the agent for good), so the page derives the same content (Health, the leak verdict, memory
 * pressure, circuit breakers, pressure reactions) from its polling.
 */
export interface MemoryEvent {
  atMillis: number
  colour: 'green' | 'blue' | 'orange' | 'red' | 'grey'
  text: string
}

const HEALTH = { UP: 'green', DEGRADED: 'orange', DOWN: 'red' } as const
const SEVERITY = { NONE: 'green', INFO: 'blue', WARNING: 'orange', CRITICAL: 'red' } as const
const PRESSURE = { NORMAL: 'green', ELEVATED: 'blue', HIGH: 'orange', CRITICAL: 'red' } as const

/** The events between {@code before} (null at the first read) and {@code after}. */
export function changes(before: Snapshot | null, after: Snapshot): MemoryEvent[] {
  const at = after.takenMillis
  const out: MemoryEvent[] = []
  const h0 = before?.health?.Status
  const h1 = after.health?.Status
  if (h1 && h1 !== h0) {
    const reasons = after.health?.Reasons ?? []
    out.push({
      atMillis: at,
      colour: HEALTH[h1] ?? 'grey',
      text: `Health ${h0 ? `${h0} → ` : ''}${h1}${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
    })
  }
  const l0 = before?.leak?.Status
  const l1 = after.leak?.Status
  if (l1 && l1 !== l0 && (l0 !== undefined || l1 !== 'NONE')) {
    const suspect = after.leak?.Suspects?.[0]?.className
    out.push({
      atMillis: at,
      colour: SEVERITY[l1] ?? 'grey',
      text: `Leak detector ${l0 ? `${l0} → ` : ''}${l1}${suspect ? `, first suspect ${suspect}` : ''}`,
    })
  }
  const p0 = before?.monitor?.PressureLevel
  const p1 = after.monitor?.PressureLevel
  if (p1 && p1 !== p0 && (p0 !== undefined || p1 !== 'NORMAL')) {
    const cause = after.monitor?.PressureCause
    out.push({
      atMillis: at,
      colour: PRESSURE[p1] ?? 'grey',
      text: `Memory pressure ${p0 ? `${p0} → ` : ''}${p1}${cause ? `: ${cause}` : ''}`,
    })
  }
  for (const b of after.breakers) {
    const old = before?.breakers.find(x => x.mbean === b.mbean)
    if (old && b.TripCount > old.TripCount) {
      out.push({ atMillis: at, colour: 'red', text: `Circuit breaker ${b.Name} tripped: ${b.LastTripReason}` })
    } else if (old && old.State === 'OPEN' && b.State === 'CLOSED') {
      out.push({ atMillis: at, colour: 'green', text: `Circuit breaker ${b.Name} closed again` })
    }
  }
  for (const r of after.health?.Reactions ?? []) {
    const old = before?.health?.Reactions?.find(x => x.name === r.name && x.level === r.level)
    if (old && r.runCount > old.runCount) {
      out.push({
        atMillis: at,
        colour: r.failureCount > old.failureCount ? 'red' : 'blue',
        text: `Pressure reaction "${r.name}" ran at ${r.level}${r.failureCount > old.failureCount ? ` and failed: ${r.lastError}` : ''}`,
      })
    }
  }
  return out
}
