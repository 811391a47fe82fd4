import { Alert } from '@patternfly/react-core'
import React, { useCallback, useState } from 'react'
import { Outcome, execute } from './memory-service'

export interface ActionState<T> {
  /** what ran, in words ("Resize demo-buffers to 6") */
  label: string
  running: boolean
  outcome?: Outcome<T>
}

/**
 * Runs MBean operations for a control and keeps the last outcome to show next to it. After a success the page
 * reloads its data (onDone), so that what the operation changed shows at once.
 */
export function useAction<T = unknown>(onDone?: () => void) {
  const [state, setState] = useState<ActionState<T> | null>(null)
  const run = useCallback(
    async (label: string, mbean: string, operation: string, args: unknown[] = []) => {
      setState({ label, running: true })
      const outcome = await execute<T>(mbean, operation, args)
      setState({ label, running: false, outcome })
      if (outcome.ok) {
        onDone?.()
      }
      return outcome
    },
    [onDone],
  )
  return { state, run, clear: () => setState(null) }
}

/** A refusal as its message, in an inline danger alert (never JSON). */
export const Refusal: React.FunctionComponent<{ label: string; message: string; status?: number }> = ({
  label,
  message,
  status,
}) => (
  <Alert
    isInline
    variant={status === 429 ? 'warning' : 'danger'}
    title={`${label}: ${status === 429 ? 'not now' : 'refused'}`}
    className='mm-refusal'
    data-testid='refusal'
  >
    {message}
  </Alert>
)

/** The outcome of an action: a refusal, or what the caller renders from its value. */
export function OutcomeView<T>({
  state,
  render,
}: {
  state: ActionState<T> | null
  render: (value: T) => React.ReactNode
}): React.ReactElement | null {
  if (!state || state.running || !state.outcome) {
    return null
  }
  const o = state.outcome
  if (!o.ok) {
    return <Refusal label={state.label} message={o.message} status={o.status} />
  }
  return <>{render(o.value)}</>
}
