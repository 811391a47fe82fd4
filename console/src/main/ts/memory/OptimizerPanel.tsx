import { Alert, Button, Card, CardBody, CardTitle, Stack, StackItem } from '@patternfly/react-core'
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table'
import React from 'react'
import { bytes, dateTime, duration, millis, percent, signedBytes } from '../format'
import { MBEANS } from './memory-service'
import { OptimizationReport, Optimizer } from './model'
import { OutcomeView, useAction } from './Outcome'

const OPERATIONS: { operation: string; label: string; does: string }[] = [
  {
    operation: 'forceGc()',
    label: 'Run System.gc()',
    does: 'A full collection as this JVM runs System.gc() (concurrent on ZGC and Shenandoah).',
  },
  {
    operation: 'compact()',
    label: 'Compact the heap',
    does: 'A full, stop-the-world, compacting collection: pauses the application for as long as it takes.',
  },
  { operation: 'trimPools()', label: 'Trim the object pools', does: 'Destroys idle pooled objects above each pool’s MinIdle.' },
  { operation: 'clearAllCaches()', label: 'Clear every cache', does: 'Removes every entry of every registered cache.' },
  {
    operation: 'trimNativeHeap()',
    label: 'Return native memory to the OS',
    does: 'Gives free malloc memory back to the operating system (JDK 17.0.9+ on glibc).',
  },
  {
    operation: 'optimize()',
    label: 'Trim, clear, then compact',
    does: 'Trims pools, clears caches, then compacts, so that what they released shows in the heap after.',
  },
]

/** A before/after report as a table: heap, every memory pool, and each step. */
export const Report: React.FunctionComponent<{ report: OptimizationReport }> = ({ report }) => (
  <div data-testid='optimizer-report'>
    <p>
      <strong>{report.operation}</strong> at {dateTime(report.startedMillis)}, took {millis(report.durationMillis)}:
      heap {bytes(report.heapUsedBeforeBytes)} → {bytes(report.heapUsedAfterBytes)}, freed{' '}
      <span data-testid='optimizer-freed'>{bytes(Math.max(0, report.freedBytes))}</span> ({percent(Math.max(0, report.freedPercent))}).
      {report.message ? ` ${report.message}` : ''}
    </p>
    {(report.pools ?? []).length > 0 && (
      <Table aria-label='Memory pools before and after' variant='compact'>
        <Thead>
          <Tr>
            <Th>Memory pool</Th>
            <Th>Before</Th>
            <Th>After</Th>
            <Th>Change</Th>
          </Tr>
        </Thead>
        <Tbody>
          {report.pools.map(p => (
            <Tr key={p.pool}>
              <Td dataLabel='Memory pool'>{p.pool}</Td>
              <Td dataLabel='Before'>{bytes(p.usedBeforeBytes)}</Td>
              <Td dataLabel='After'>{bytes(p.usedAfterBytes)}</Td>
              <Td dataLabel='Change'>{signedBytes(p.usedAfterBytes - p.usedBeforeBytes)}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    )}
    {(report.steps ?? []).length > 0 && (
      <Table aria-label='Steps' variant='compact'>
        <Thead>
          <Tr>
            <Th>Step</Th>
            <Th>Released</Th>
            <Th>Detail</Th>
          </Tr>
        </Thead>
        <Tbody>
          {report.steps.map((s, i) => (
            <Tr key={`${i} ${s.step}`}>
              <Td dataLabel='Step'>{s.step}</Td>
              <Td dataLabel='Released'>{s.releasedBytes >= 0 ? bytes(s.releasedBytes) : 'n/a'}</Td>
              <Td dataLabel='Detail'>{s.detail}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    )}
  </div>
)

const OperationButton: React.FunctionComponent<{
  op: (typeof OPERATIONS)[number]
  run: (label: string, mbean: string, operation: string) => void
  running: boolean
}> = ({ op, run, running }) => (
  <Tr>
    <Td dataLabel='Action'>
      <Button variant='secondary' isDisabled={running} onClick={() => run(op.label, MBEANS.optimizer, op.operation)}>
        {op.label}
      </Button>
    </Td>
    <Td dataLabel='What it does'>{op.does}</Td>
  </Tr>
)

/** The optimizer's verbs, each with what it does; the report of the last one, or its refusal. */
export const OptimizerPanel: React.FunctionComponent<{ optimizer: Optimizer | null; reload: () => void }> = ({
  optimizer,
  reload,
}) => {
  const { state, run } = useAction<OptimizationReport>(reload)
  if (!optimizer) {
    return <p>The optimizer (io.memorymanager:type=Optimizer) could not be read.</p>
  }
  return (
    <Stack hasGutter>
      <StackItem>
        <Card isCompact>
          <CardTitle>Release memory</CardTitle>
          <CardBody>
            <p className='mm-muted'>
              Each action may run once every {duration(optimizer.CooldownSeconds)}; sooner, it is refused.
            </p>
            <Table aria-label='Optimizer actions' variant='compact'>
              <Tbody>
                {OPERATIONS.map(op => (
                  <OperationButton key={op.operation} op={op} run={run} running={state?.running ?? false} />
                ))}
              </Tbody>
            </Table>
          </CardBody>
        </Card>
      </StackItem>
      {state && (
        <StackItem>
          <Card isCompact>
            <CardTitle>{state.running ? `${state.label}…` : state.label}</CardTitle>
            <CardBody>
              <OutcomeView state={state} render={(r: OptimizationReport) => <Report report={r} />} />
            </CardBody>
          </Card>
        </StackItem>
      )}
      {!state && optimizer.LastReport && (
        <StackItem>
          <Card isCompact>
            <CardTitle>The last report</CardTitle>
            <CardBody>
              <Alert isInline variant='info' title='From an earlier action'>
                <Report report={optimizer.LastReport} />
              </Alert>
            </CardBody>
          </Card>
        </StackItem>
      )}
    </Stack>
  )
}
