import { BudgetLevel, HealthStatus, PressureLevel, Severity } from './model'

/** PatternFly colours by meaning: green fine, blue for information, orange a warning, red trouble. */
export type Colour = 'green' | 'blue' | 'orange' | 'red' | 'grey'
export type AlertVariant = 'success' | 'info' | 'warning' | 'danger' | 'custom'

export function healthColour(status: HealthStatus | undefined): Colour {
  switch (status) {
    case 'UP':
      return 'green'
    case 'DEGRADED':
      return 'orange'
    case 'DOWN':
      return 'red'
    default:
      return 'grey'
  }
}

export function severityColour(severity: Severity | undefined): Colour {
  switch (severity) {
    case 'NONE':
      return 'green'
    case 'INFO':
      return 'blue'
    case 'WARNING':
      return 'orange'
    case 'CRITICAL':
      return 'red'
    default:
      return 'grey'
  }
}

export function pressureColour(level: PressureLevel | undefined): Colour {
  switch (level) {
    case 'NORMAL':
      return 'green'
    case 'ELEVATED':
      return 'blue'
    case 'HIGH':
      return 'orange'
    case 'CRITICAL':
      return 'red'
    default:
      return 'grey'
  }
}

export function budgetColour(level: BudgetLevel | undefined): Colour {
  switch (level) {
    case 'NORMAL':
      return 'green'
    case 'WARNING':
      return 'orange'
    case 'CRITICAL':
      return 'red'
    default:
      return 'grey'
  }
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
