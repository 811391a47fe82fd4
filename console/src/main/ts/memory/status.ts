import { BudgetLevel, HealthStatus, PressureLevel, Severity } from './model'

/** PatternFly colours by meaning: green fine, blue for information, orange a warning, red trouble. */
export type Colour = 'green' | 'blue' | 'orange' | 'red' | 'grey'
export type AlertVariant = 'success' | 'info' | 'warning' | 'danger' | 'custom'

const HEALTH: Record<HealthStatus, Colour> = { UP: 'green', DEGRADED: 'orange', DOWN: 'red' }
const SEVERITY: Record<Severity, Colour> = { NONE: 'green', INFO: 'blue', WARNING: 'orange', CRITICAL: 'red' }
const PRESSURE: Record<PressureLevel, Colour> = { NORMAL: 'green', ELEVATED: 'blue', HIGH: 'orange', CRITICAL: 'red' }
const BUDGET: Record<BudgetLevel, Colour> = { NORMAL: 'green', WARNING: 'orange', CRITICAL: 'red' }

/** The colour of a value by its table; grey for a value it does not know (an older or newer agent). */
function colour<T extends string>(table: Record<T, Colour>, value: T | undefined): Colour {
  return value !== undefined && Object.prototype.hasOwnProperty.call(table, value) ? table[value] : 'grey'
}

export function healthColour(status: HealthStatus | undefined): Colour {
  return colour(HEALTH, status)
}

export function severityColour(severity: Severity | undefined): Colour {
  return colour(SEVERITY, severity)
}

export function pressureColour(level: PressureLevel | undefined): Colour {
  return colour(PRESSURE, level)
}

export function budgetColour(level: BudgetLevel | undefined): Colour {
  return colour(BUDGET, level)
}

export function alertVariant(colour: Colour): AlertVariant {
  switch (colour) {
    case 'green':
      return 'success'
    case 'blue':
      return 'info'
    case 'orange':
      return 'warning'
    case 'red':
      return 'danger'
    default:
      return 'custom'
  }
}

/** The words for a leak verdict's status. */
export function severityText(severity: Severity | undefined): string {
  switch (severity) {
    case 'NONE':
      return 'No leak'
    case 'INFO':
      return 'Watching a trend'
    case 'WARNING':
      return 'Probable leak'
    case 'CRITICAL':
      return 'Leak'
    default:
      return 'Unknown'
  }
}
