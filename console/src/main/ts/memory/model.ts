/**
 * What the agent's MXBeans send, as Jolokia serializes them: attributes by their JMX names, records (CompositeData)
 * by their component names. Numbers that the MXBean reports as "not known" are -1.
 */

export type HealthStatus = 'UP' | 'DEGRADED' | 'DOWN'
export type Severity = 'NONE' | 'INFO' | 'WARNING' | 'CRITICAL'
export type PressureLevel = 'NORMAL' | 'ELEVATED' | 'HIGH' | 'CRITICAL'

export interface Reaction {
  name: string
  level: string
  runCount: number
  lastRunMillis: number
  failureCount: number
  lastError: string | null
}

export interface Health {
  Status: HealthStatus
  Reasons: string[]
  Reactions: Reaction[]
}

export interface Finding {
  kind: string
  severity: Severity
  score: number
  growthPerMinute: number
  confidence: number
  sinceMillis: number
  message: string
  recommendation: string
}

export interface Suspect {
  className: string
  instancesPerMinute: number
  bytesPerMinute: number
  instances: number
  application: boolean
  confidence: number
  heldBy: string | null
}

export interface Leak {
  Status: Severity
  LeakScore: number
  HeapGrowthBytesPerMinute: number
  TimeToExhaustionSeconds: number
  Findings: Finding[]
  Suspects: Suspect[]
  Recommendations: string[]
  Enabled: boolean
  WindowSeconds: number
  SampleCount: number
}

export interface Jvm {
  HeapUsedBytes: number
  HeapCommittedBytes: number
  HeapMaxBytes: number
  HeapUsedPercent: number
  NonHeapUsedBytes: number
  MetaspaceUsedBytes: number
  DirectBufferBytes: number
  ThreadCount: number
  LoadedClassCount: number
  OldGenUsedAfterGcBytes: number
  HeapUsedAfterGcPercent: number
  AllocationRateBytesPerSecond: number
  GcCount: number
  GcTimeMillis: number
  GcOverheadPercent: number
}

export interface SystemMemory {
  TotalBytes: number
  AvailableBytes: number
  UsedBytes: number
  UsedPercent: number
  ProcessResidentBytes: number
  ContainerLimitBytes: number
  ContainerUsedBytes: number
  ContainerUsedPercent: number
  SwapTotalBytes: number
  SwapUsedBytes: number
}

export interface Sample {
  timestampMillis: number
  heapUsedBytes: number
  oldGenUsedAfterGcBytes: number
  heapAfterGcPercent: number
  systemUsedPercent: number
  containerUsedPercent: number
  allocationRateBytesPerSecond: number
  gcOverheadPercent: number
  threadCount: number
  pressureLevel: PressureLevel
}

export interface Monitor {
  History: Sample[]
  PressureLevel: PressureLevel
  PressureCause: string
  SampleIntervalMillis: number
  HeapAfterGcWarningPercent: number
  HeapAfterGcCriticalPercent: number
  SystemWarningPercent: number
  SystemCriticalPercent: number
  ContainerWarningPercent: number
  ContainerCriticalPercent: number
}

export interface PoolUsageChange {
  pool: string
  usedBeforeBytes: number
  usedAfterBytes: number
}

export interface OptimizationStep {
  step: string
  releasedBytes: number
  detail: string
}

export interface OptimizationReport {
  operation: string
  startedMillis: number
  durationMillis: number
  heapUsedBeforeBytes: number
  heapUsedAfterBytes: number
  freedBytes: number
  freedPercent: number
  pools: PoolUsageChange[]
  steps: OptimizationStep[]
  message: string
}

export interface Optimizer {
  CooldownSeconds: number
  LastReport: OptimizationReport | null
}

export interface AllocationSite {
  frames: string[]
  className: string
  estimatedBytes: number
  sharePercent: number
  samples: number
}

export interface Profiler {
  AllocationProfilingEnabled: boolean
  TopAllocationSites: AllocationSite[]
  LastHistogramPauseMillis: number
  HistogramMinIntervalMillis: number
  OutputDirectory: string
  MaxRetainedFiles: number
}

export interface ClassHistogramEntry {
  rank: number
  className: string
  descriptor: string
  module: string | null
  instances: number
  bytes: number
  sharePercent: number
}

export interface ClassGrowth {
  className: string
  instancesDelta: number
  bytesDelta: number
  instancesPerMinute: number
  bytesPerMinute: number
  instances: number
  bytes: number
}

export interface ExportedFile {
  name: string
  path: string
  sizeBytes: number
  createdMillis: number
  durationMillis: number
  complete: boolean
}

export interface PoolSizes {
  previousMaxSize: number
  maxSize: number
  size: number
  active: number
  idle: number
}

export interface Pool {
  mbean: string
  Name: string
  MaxSize: number
  MinIdle: number
  Size: number
  Active: number
  Idle: number
  Waiters: number
  BorrowCount: number
  HitPercent: number
  MeanBorrowWaitMillis: number
  MaxBorrowWaitMillis: number
  LeakedCount: number
  AutoSize?: boolean
  AutoSizeFloor?: number
  AutoSizeCeiling?: number
  AutoSizeHeldBack?: string
  ResizeHistory?: PoolResize[]
}

/** One resize of a pool, by its auto-sizing or an operator. */
export interface PoolResize {
  timeMillis: number
  fromMaxSize: number
  toMaxSize: number
  fromMinIdle: number
  toMinIdle: number
  by: string
  reason: string
}

export interface CacheView {
  mbean: string
  Name: string
  Size: number
  EstimatedBytes: number
  HitRatio: number
  ClearCount: number
  TrimCount: number
}

export interface CacheChange {
  cache: string
  sizeBefore: number
  sizeAfter: number
  removed: number
  estimatedBytesBefore: number
  estimatedBytesAfter: number
  releasedBytes: number
}

export interface Breaker {
  mbean: string
  Name: string
  State: 'CLOSED' | 'OPEN'
  LimitPercent: number
  LimitBytes: number
  HeapAfterGcBytes: number
  EstimatedInFlightBytes: number
  TripCount: number
  RefusedCount: number
  LastTripReason: string
}

/** One part of the process's memory, as io.memorymanager:type=MemoryBudget lists it; -1 where unknown. */
export interface BudgetComponent {
  name: string
  usedBytes: number
  committedBytes: number
  maxBytes: number
  source: string
}

export type BudgetLevel = 'NORMAL' | 'WARNING' | 'CRITICAL'

/** io.memorymanager:type=MemoryBudget: the whole process against its limit. */
export interface Budget {
  LimitBytes: number
  LimitSource: string
  ResidentBytes: number
  CountedBytes: number
  CountedSource: string
  Components: BudgetComponent[]
  HeadroomBytes: number
  HeadroomPercent: number
  WorstCaseBytes: number
  OvercommitBytes: number
  Level: BudgetLevel
  TimeToLimitSeconds: number
  Recommendations: string[]
  LastActions: string[]
}

/** One read of everything the page shows; a part that could not be read is null and its error is listed. */
export interface Snapshot {
  takenMillis: number
  health: Health | null
  leak: Leak | null
  jvm: Jvm | null
  system: SystemMemory | null
  monitor: Monitor | null
  optimizer: Optimizer | null
  profiler: Profiler | null
  /** Null also for an agent older than the memory budget. */
  budget: Budget | null
  pools: Pool[]
  caches: CacheView[]
  breakers: Breaker[]
  errors: string[]
}
