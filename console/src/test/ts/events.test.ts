import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { changes } from '../../main/ts/memory/events'
import type { Snapshot } from '../../main/ts/memory/model'

function snapshot(overrides: Partial<Snapshot>): Snapshot {
  return {
    takenMillis: 1000,
    health: null,
    leak: null,
    jvm: null,
    system: null,
    monitor: null,
    optimizer: null,
    profiler: null,
    budget: null,
    pools: [],
    caches: [],
    breakers: [],
    errors: [],
    ...overrides,
  }
}

const health = (Status: 'UP' | 'DEGRADED' | 'DOWN', Reasons: string[] = []) => ({ Status, Reasons, Reactions: [] })

describe('changes', () => {
  it('reportsTheFirstHealthAsItIs', () => {
    const events = changes(null, snapshot({ health: health('UP') }))
    assert.deepEqual(events.map(e => e.text), ['Health UP'])
    assert.equal(events[0].colour, 'green')
  })
  it('reportsAHealthChangeWithItsReasons', () => {
    const events = changes(snapshot({ health: health('UP') }), snapshot({ health: health('DEGRADED', ['leak WARNING']) }))
    assert.deepEqual(events.map(e => e.text), ['Health UP → DEGRADED: leak WARNING'])
    assert.equal(events[0].colour, 'orange')
  })
  it('saysNothingWhenNothingChanged', () => {
    const s = snapshot({ health: health('UP') })
    assert.deepEqual(changes(s, s), [])
  })
  it('reportsABreakerTrip', () => {
    const breaker = {
      mbean: 'io.memorymanager:name=b,type=CircuitBreaker',
      Name: 'b',
      State: 'CLOSED' as const,
      LimitPercent: 85,
      LimitBytes: 1,
      HeapAfterGcBytes: 1,
      EstimatedInFlightBytes: 0,
      TripCount: 0,
      RefusedCount: 0,
      LastTripReason: '',
    }
    const tripped = { ...breaker, State: 'OPEN' as const, TripCount: 1, LastTripReason: 'heap at 91%' }
    const events = changes(snapshot({ breakers: [breaker] }), snapshot({ breakers: [tripped] }))
    assert.deepEqual(events.map(e => e.text), ['Circuit breaker b tripped: heap at 91%'])
  })
})
