/**
 * Every number the Memory page shows goes through here: bytes, rates, percentages, durations, times and Java class
 * names. No page formats a number by hand. The MBeans report "not known" as -1 (or NaN, or null over JSON): all of
 * these become {@link UNKNOWN}, never "-1 B".
 */

/** What an unknown or undefined value reads as. */
export const UNKNOWN = 'n/a'

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']

/** A finite, non-negative number; -1, NaN, null and text are not. */
export function isKnown(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/** Three significant digits at most, without trailing zeros after the point: 1.5, 12.3, 118, 1020. */
function significant(value: number): string {
  if (value >= 100) {
    return Math.round(value).toString()
  }
  const digits = value >= 10 ? 1 : 2
  return Number(value.toFixed(digits)).toString()
}

/**
 * Bytes in binary units, named as the JVM names them (-Xmx1g is 1024 MB): "512 B", "1.5 KB", "118 MB", "1 GB".
 */
export function bytes(value: unknown): string {
  if (!isKnown(value)) {
    return UNKNOWN
  }
  let unit = 0
  let v = value
  while (v >= 1024 && unit < UNITS.length - 1) {
    v /= 1024
    unit++
  }
  // 1023.9 KB would print as "1024 KB": carry it to the next unit
  if (unit < UNITS.length - 1 && Number(significant(v)) >= 1024) {
    v /= 1024
    unit++
  }
  return unit === 0 ? `${Math.round(v)} B` : `${significant(v)} ${UNITS[unit]}`
}

/** A signed byte count, for growth and deltas: "+12 MB", "-3.5 KB", "0 B". */
export function signedBytes(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return UNKNOWN
  }
  if (value === 0) {
    return '0 B'
  }
  return (value > 0 ? '+' : '-') + bytes(Math.abs(value))
}

/** Bytes per second: "35.2 MB/s". */
export function bytesPerSecond(value: unknown): string {
  return isKnown(value) ? `${bytes(value)}/s` : UNKNOWN
}

/** Bytes per minute, for growth: "18.1 MB/min"; "not growing" at 0. */
export function bytesPerMinute(value: unknown): string {
  if (!isKnown(value)) {
    return UNKNOWN
  }
  return value === 0 ? 'not growing' : `${bytes(value)}/min`
}

/** A count per minute: "120/min", "1.5/min". */
export function perMinute(value: unknown): string {
  return isKnown(value) ? `${significant(value)}/min` : UNKNOWN
}

/** A whole count with thousands separators: "12,345". */
export function count(value: unknown): string {
  return isKnown(value) ? Math.round(value).toLocaleString('en-US') : UNKNOWN
}

/** A value that is already in percent (0-100): "12.3%", "100%", "0.42%". */
export function percent(value: unknown): string {
  if (!isKnown(value)) {
    return UNKNOWN
  }
  if (value > 0 && value < 1) {
    return `${Number(value.toFixed(2))}%`
  }
  return `${Number(value.toFixed(1))}%`
}

/** A ratio of 0-1 as percent: 0.953 is "95.3%". */
export function ratio(value: unknown): string {
  return isKnown(value) && value <= 1 ? percent(value * 100) : UNKNOWN
}

/** A confidence of 0-1, in words people use: "99%". */
export function confidence(value: unknown): string {
  return isKnown(value) && value <= 1 ? `${Math.round(value * 100)}%` : UNKNOWN
}

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * A duration in the two largest units that matter: "45 s", "12 min", "3 h 20 min", "2 d 4 h". Seconds are dropped
 * past an hour, minutes past a day.
 */
export function duration(seconds: unknown): string {
  if (!isKnown(seconds)) {
    return UNKNOWN
  }
  const s = Math.round(seconds)
  if (s < MINUTE) {
    return `${s} s`
  }
  const parts: [number, string][] = [
    [Math.floor(s / DAY), 'd'],
    [Math.floor((s % DAY) / HOUR), 'h'],
    [Math.floor((s % HOUR) / MINUTE), 'min'],
    [s % MINUTE, 's'],
  ]
  const first = parts.findIndex(([n]) => n > 0)
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ')
}

/** When the heap runs out: "in 3 h 20 min"; "not growing" when the MBean says -1. */
export function timeToExhaustion(seconds: unknown): string {
  if (typeof seconds === 'number' && seconds === 0) {
    return 'now'
  }
  return isKnown(seconds) ? `in ${duration(seconds)}` : 'not growing'
}

/** Milliseconds: "0.4 ms", "12 ms", "1.2 s", "3 min 5 s". */
export function millis(value: unknown): string {
  if (!isKnown(value)) {
    return UNKNOWN
  }
  if (value < 1000) {
    return `${significant(value)} ms`
  }
  if (value < 60_000) {
    return `${Number((value / 1000).toFixed(1))} s`
  }
  return duration(value / 1000)
}

/** How long ago an epoch-millis instant was: "just now", "12 s ago", "3 min ago". */
export function ago(epochMillis: unknown, now: number): string {
  if (!isKnown(epochMillis) || epochMillis === 0) {
    return 'never'
  }
  const seconds = Math.max(0, (now - epochMillis) / 1000)
  return seconds < 1 ? 'just now' : `${duration(seconds)} ago`
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`
}

/** Wall-clock time of an epoch-millis instant, local time: "14:05:09". */
export function clock(epochMillis: unknown): string {
  if (!isKnown(epochMillis) || epochMillis === 0) {
    return UNKNOWN
  }
  const d = new Date(epochMillis)
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

/** Date and time of an epoch-millis instant, local time: "2026-12-01 14:05:09". */
export function dateTime(epochMillis: unknown): string {
  if (!isKnown(epochMillis) || epochMillis === 0) {
    return UNKNOWN
  }
  const d = new Date(epochMillis)
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${clock(epochMillis)}`
}

const PRIMITIVES: Record<string, string> = {
  B: 'byte',
  C: 'char',
  D: 'double',
  F: 'float',
  I: 'int',
  J: 'long',
  S: 'short',
  Z: 'boolean',
}

/**
 * A class name as Java source writes it: "[B" is "byte[]", "[Ljava.lang.String;" is "java.lang.String[]",
 * "[[I" is "int[][]"; "java.util.HashMap$Node" stays as it is. Names already in source form are returned unchanged.
 */
export function javaClassName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    return UNKNOWN
  }
  let dims = 0
  while (name[dims] === '[') {
    dims++
  }
  if (dims === 0) {
    return name
  }
  const element = name.slice(dims)
  let base: string | undefined
  if (element.startsWith('L') && element.endsWith(';')) {
    base = element.slice(1, -1)
  } else {
    base = PRIMITIVES[element]
  }
  return base === undefined ? name : base + '[]'.repeat(dims)
}

/**
 * The message a person reads from a refused or failed request: Jolokia's error text without the Java exception
 * class in front ("java.lang.IllegalStateException : too soon" is "too soon"), never JSON.
 */
export function refusal(error: unknown): string {
  if (error === null || error === undefined) {
    return 'the request failed without a message'
  }
  let text = typeof error === 'string' ? error : String((error as { error?: unknown }).error ?? error)
  text = text.trim()
  // "java.util.concurrent.RejectedExecutionException : forceGc ran 12 s ago" and nested "... : Cause: msg"
  const prefix = /^(?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*(?:Exception|Error)\s*:\s*/
  for (let i = 0; i < 3 && prefix.test(text); i++) {
    text = text.replace(prefix, '')
  }
  return text.length === 0 ? 'the request failed without a message' : text
}

/** A score of 0-100: "72 / 100". */
export function score(value: unknown): string {
  return isKnown(value) ? `${Math.round(value)} / 100` : UNKNOWN
}
