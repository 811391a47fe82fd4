import { JolokiaErrorResponse, JolokiaRequest, JolokiaSuccessResponse, jolokiaService } from '@hawtio/react'
import { refusal } from '../format'
import {
  Breaker,
  Budget,
  CacheView,
  Health,
  Jvm,
  Leak,
  Monitor,
  Optimizer,
  Pool,
  Profiler,
  Snapshot,
  SystemMemory,
} from './model'

export const DOMAIN = 'io.memorymanager'

export const MBEANS = {
  health: `${DOMAIN}:type=Health`,
  leak: `${DOMAIN}:type=LeakDetector`,
  jvm: `${DOMAIN}:type=JvmMemory`,
  system: `${DOMAIN}:type=SystemMemory`,
  monitor: `${DOMAIN}:type=Monitor`,
  optimizer: `${DOMAIN}:type=Optimizer`,
  profiler: `${DOMAIN}:type=Profiler`,
  pools: `${DOMAIN}:type=ObjectPool,name=*`,
  caches: `${DOMAIN}:type=Cache,name=*`,
  breakers: `${DOMAIN}:type=CircuitBreaker,name=*`,
  budget: `${DOMAIN}:type=MemoryBudget`,
} as const

const BUDGET_ATTRIBUTES = [
  'LimitBytes',
  'LimitSource',
  'ResidentBytes',
  'CountedBytes',
  'CountedSource',
  'Components',
  'HeadroomBytes',
  'HeadroomPercent',
  'WorstCaseBytes',
  'OvercommitBytes',
  'Level',
  'TimeToLimitSeconds',
  'Recommendations',
  'LastActions',
]

const MONITOR_ATTRIBUTES = [
  'History',
  'PressureLevel',
  'PressureCause',
  'SampleIntervalMillis',
  'HeapAfterGcWarningPercent',
  'HeapAfterGcCriticalPercent',
  'SystemWarningPercent',
  'SystemCriticalPercent',
  'ContainerWarningPercent',
  'ContainerCriticalPercent',
]

const PROFILER_ATTRIBUTES = [
  'AllocationProfilingEnabled',
  'TopAllocationSites',
  'LastHistogramPauseMillis',
  'HistogramMinIntervalMillis',
  'OutputDirectory',
  'MaxRetainedFiles',
]

/** The outcome of an operation: its value, or the message of its refusal. */
export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; message: string; status: number }

function isError(r: JolokiaSuccessResponse | JolokiaErrorResponse): r is JolokiaErrorResponse {
  return r.status !== 200
}

/**
 * Every request goes out as a bulk, even a single exec. The agent answers a bulk with HTTP 200 and a status per
 * request, whereas a lone request that it refuses (403 without the access token, 429 in a cooldown) comes back as
 * that HTTP status, which Hawtio's Jolokia client takes for "log in again" and leaves the page for its login form.
 */
async function bulk(requests: JolokiaRequest[]): Promise<(JolokiaSuccessResponse | JolokiaErrorResponse)[]> {
  return jolokiaService.bulkRequest(requests)
}

/** The kinds of MBeans there may be none or many of, and the pattern that reads them all. */
const NAMED = {
  ObjectPool: MBEANS.pools,
  Cache: MBEANS.caches,
  CircuitBreaker: MBEANS.breakers,
} as const
type Named = keyof typeof NAMED

/** The named kinds this JVM had at the last read (a pattern that matches nothing is an error Hawtio logs). */
let present: Set<Named> | null = null

function kinds(names: unknown): Set<Named> {
  const out = new Set<Named>()
  for (const name of Array.isArray(names) ? names : []) {
    const type = /[:,]type=([^,]+)/.exec(String(name))?.[1]
    if (type && type in NAMED) {
      out.add(type as Named)
    }
  }
  return out
}

/** Reads everything the Memory page shows in one round trip (two the first time, to learn which kinds exist). */
export async function loadSnapshot(): Promise<Snapshot> {
  const search: JolokiaRequest = { type: 'search', mbean: `${DOMAIN}:*` }
  if (present === null) {
    const [r] = await bulk([search])
    present = kinds(r && !isError(r) ? r.value : [])
  }
  const named = (Object.keys(NAMED) as Named[]).filter(k => present?.has(k))
  const responses = await bulk([
    { type: 'read', mbean: MBEANS.health },
    { type: 'read', mbean: MBEANS.leak },
    { type: 'read', mbean: MBEANS.jvm },
    { type: 'read', mbean: MBEANS.system },
    { type: 'read', mbean: MBEANS.monitor, attribute: MONITOR_ATTRIBUTES },
    { type: 'read', mbean: MBEANS.optimizer, attribute: ['CooldownSeconds', 'LastReport'] },
    { type: 'read', mbean: MBEANS.profiler, attribute: PROFILER_ATTRIBUTES },
    { type: 'read', mbean: MBEANS.budget, attribute: BUDGET_ATTRIBUTES },
    search,
    ...named.map(k => ({ type: 'read' as const, mbean: NAMED[k] })),
  ])
  const errors: string[] = []
  const value = <T>(i: number, optional = false): T | null => {
    const r = responses[i]
    if (!r) {
      return null
    }
    if (isError(r)) {
      // a pattern whose last MBean went away since the search is not an error worth showing
      if (!(optional && r.status === 404)) {
        errors.push(`${r.request?.mbean ?? 'a read'}: ${refusal(r)}`)
      }
      return null
    }
    return r.value as T
  }
  const found = value<string[]>(8)
  if (found) {
    present = kinds(found)
  }
  const all = <T>(kind: Named): (T & { mbean: string })[] => {
    const i = named.indexOf(kind)
    const v = i < 0 ? {} : (value<Record<string, T>>(9 + i, true) ?? {})
    return Object.keys(v)
      .sort()
      .map(mbean => ({ ...v[mbean], mbean }))
  }
  return {
    takenMillis: Date.now(),
    health: value<Health>(0),
    leak: value<Leak>(1),
    jvm: value<Jvm>(2),
    system: value<SystemMemory>(3),
    monitor: value<Monitor>(4),
    optimizer: value<Optimizer>(5),
    profiler: value<Profiler>(6),
    // an agent older than the budget has no such MBean: not an error to show
    budget: value<Budget>(7, true),
    pools: all<Pool>('ObjectPool'),
    caches: all<CacheView>('Cache'),
    breakers: all<Breaker>('CircuitBreaker'),
    errors,
  }
}

/** Runs an operation; a refusal (policy, cooldown, a bad argument) comes back as its message. */
export async function execute<T = unknown>(mbean: string, operation: string, args: unknown[] = []): Promise<Outcome<T>> {
  try {
    const [r] = await bulk([{ type: 'exec', mbean, operation, arguments: args }])
    if (!r) {
      return { ok: false, status: 0, message: 'no answer from the agent' }
    }
    if (isError(r)) {
      return { ok: false, status: r.status, message: refusal(r) }
    }
    return { ok: true, value: r.value as T }
  } catch (e) {
    return { ok: false, status: 0, message: e ? refusal(e) : 'the agent could not be reached' }
  }
}
