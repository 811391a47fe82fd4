import { Alert, Button, Label, Stack, TextInput } from '@patternfly/react-core'
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table'
import React, { useState } from 'react'
import { ago, bytes, clock, count, millis, percent, ratio, signedBytes } from '../format'
import { Breaker, CacheChange, CacheView, Pool, PoolResize, PoolSizes, Reaction } from './model'
import { OutcomeView, useAction } from './Outcome'
import { Section } from './Section'

/** How the pool is sized now, in words. */
function sizing(pool: Pool): string {
  if (pool.AutoSize) {
    return `auto, ${count(pool.AutoSizeFloor)} to ${count(pool.AutoSizeCeiling)}`
  }
  const last = pool.ResizeHistory?.[pool.ResizeHistory.length - 1]
  return last?.by === 'operator' ? 'set by an operator' : 'fixed'
}

const SHOWN_RESIZES = 3

/** The last resizes, newest first: when, by whom, the sizes, and why. */
const Resizes: React.FunctionComponent<{ resizes: PoolResize[]; heldBack?: string }> = ({ resizes, heldBack }) => (
  <ul className='mm-resizes' data-testid='pool-resizes'>
    {heldBack && <li>{heldBack}</li>}
    {resizes
      .slice(-SHOWN_RESIZES)
      .reverse()
      .map(r => (
        <li key={`${r.timeMillis} ${r.fromMaxSize} ${r.toMaxSize}`}>
          {clock(r.timeMillis)} by {r.by}: max size {count(r.fromMaxSize)} → {count(r.toMaxSize)}
          {r.fromMinIdle !== r.toMinIdle ? `, min idle ${count(r.fromMinIdle)} → ${count(r.toMinIdle)}` : ''}. {r.reason}
        </li>
      ))}
  </ul>
)

const PoolRow: React.FunctionComponent<{ pool: Pool; reload: () => void }> = ({ pool, reload }) => {
  const [size, setSize] = useState(String(pool.MaxSize))
  const { state, run } = useAction<PoolSizes>(reload)
  const n = Number(size)
  const valid = Number.isInteger(n) && n >= 1
  return (
    <>
      <Tr data-testid={`pool-${pool.Name}`}>
        <Td dataLabel='Pool'>{pool.Name}</Td>
        <Td dataLabel='Max size' data-testid='pool-max-size'>
          {count(pool.MaxSize)}
        </Td>
        <Td dataLabel='Size'>{count(pool.Size)}</Td>
        <Td dataLabel='Active'>{count(pool.Active)}</Td>
        <Td dataLabel='Idle'>{count(pool.Idle)}</Td>
        <Td dataLabel='Waiters'>{count(pool.Waiters)}</Td>
        <Td dataLabel='Hits'>{percent(pool.HitPercent)}</Td>
        <Td dataLabel='Mean wait'>{millis(pool.MeanBorrowWaitMillis)}</Td>
        <Td dataLabel='Max wait'>{millis(pool.MaxBorrowWaitMillis)}</Td>
        <Td dataLabel='Leaked'>{count(pool.LeakedCount)}</Td>
        <Td dataLabel='Sizing' data-testid='pool-sizing'>
          {sizing(pool)}
        </Td>
        <Td dataLabel='Resize'>
          <span className='mm-inline'>
            <span style={{ width: '6em' }}>
              <TextInput
                type='number'
                aria-label={`New maximum size of ${pool.Name}`}
                value={size}
                onChange={(_e, v) => setSize(v)}
              />
            </span>
            <Button
              variant='secondary'
              isDisabled={!valid || state?.running}
              isLoading={state?.running}
              onClick={() => run(`Resize ${pool.Name} to ${n}`, pool.mbean, 'resize(int)', [n])}
            >
              Resize to {valid ? n : '?'}
            </Button>
          </span>
        </Td>
      </Tr>
      {((pool.ResizeHistory?.length ?? 0) > 0 || pool.AutoSizeHeldBack) && (
        <Tr>
          <Td colSpan={12}>
            <Resizes resizes={pool.ResizeHistory ?? []} heldBack={pool.AutoSizeHeldBack} />
          </Td>
        </Tr>
      )}
      {state?.outcome && (
        <Tr>
          <Td colSpan={12}>
            <OutcomeView
              state={state}
              render={(s: PoolSizes) => (
                <Alert isInline variant='success' title={`${pool.Name} resized`} data-testid='resize-result'>
                  Maximum size {count(s.previousMaxSize)} → {count(s.maxSize)}; now {count(s.size)} objects ({count(s.active)} on
                  loan, {count(s.idle)} idle). Lowering it retires objects as they come back. An operator&apos;s size turns
                  auto-sizing off.
                </Alert>
              )}
            />
          </Td>
        </Tr>
      )}
    </>
  )
}

const CacheRow: React.FunctionComponent<{ cache: CacheView; reload: () => void }> = ({ cache, reload }) => {
  const { state, run } = useAction<CacheChange>(reload)
  return (
    <>
      <Tr>
        <Td dataLabel='Cache'>{cache.Name}</Td>
        <Td dataLabel='Entries'>{count(cache.Size)}</Td>
        <Td dataLabel='Holds'>{bytes(cache.EstimatedBytes)}</Td>
        <Td dataLabel='Hits'>{ratio(cache.HitRatio)}</Td>
        <Td dataLabel='Cleared'>{count(cache.ClearCount)}</Td>
        <Td dataLabel='Trimmed'>{count(cache.TrimCount)}</Td>
        <Td dataLabel='Actions'>
          <span className='mm-inline'>
            <Button variant='secondary' isDanger onClick={() => run(`Clear ${cache.Name}`, cache.mbean, 'clear()')}>
              Clear all entries
            </Button>
            <Button variant='secondary' onClick={() => run(`Trim ${cache.Name}`, cache.mbean, 'trim(int)', [50])}>
              Trim half the entries
            </Button>
          </span>
        </Td>
      </Tr>
      {state?.outcome && (
        <Tr>
          <Td colSpan={7}>
            <OutcomeView
              state={state}
              render={(c: CacheChange) => (
                <Alert isInline variant='success' title={state.label}>
                  {count(c.removed)} entries removed ({count(c.sizeBefore)} → {count(c.sizeAfter)}), about{' '}
                  {bytes(c.releasedBytes)} released ({bytes(c.estimatedBytesBefore)} → {bytes(c.estimatedBytesAfter)}).
                </Alert>
              )}
            />
          </Td>
        </Tr>
      )}
    </>
  )
}

/** Pools, caches, circuit breakers and pressure reactions, with the verbs that steer them. */
export const ResourcesPanel: React.FunctionComponent<{
  pools: Pool[]
  caches: CacheView[]
  breakers: Breaker[]
  reactions: Reaction[]
  now: number
  reload: () => void
}> = ({ pools, caches, breakers, reactions, now, reload }) => (
  <Stack hasGutter>
    <Section title='Object pools' empty={pools.length === 0} emptyText='No object pools are registered in this JVM.'>
      <Table aria-label='Object pools' variant='compact' data-testid='pools-table'>
        <Thead>
          <Tr>
            <Th>Pool</Th>
            <Th>Max size</Th>
            <Th>Size</Th>
            <Th>Active</Th>
            <Th>Idle</Th>
            <Th>Waiters</Th>
            <Th>Hits</Th>
            <Th>Mean wait</Th>
            <Th>Max wait</Th>
            <Th>Leaked</Th>
            <Th>Sizing</Th>
            <Th>Set the maximum size</Th>
          </Tr>
        </Thead>
        <Tbody>
          {pools.map(p => (
            <PoolRow key={p.mbean} pool={p} reload={reload} />
          ))}
        </Tbody>
      </Table>
    </Section>
    <Section title='Caches' empty={caches.length === 0} emptyText='No caches are registered with Memory Manager in this JVM.'>
      <Table aria-label='Caches' variant='compact' data-testid='caches-table'>
        <Thead>
          <Tr>
            <Th>Cache</Th>
            <Th>Entries</Th>
            <Th>Holds</Th>
            <Th>Hits</Th>
            <Th>Cleared</Th>
            <Th>Trimmed</Th>
            <Th>Release memory</Th>
          </Tr>
        </Thead>
        <Tbody>
          {caches.map(c => (
            <CacheRow key={c.mbean} cache={c} reload={reload} />
          ))}
        </Tbody>
      </Table>
    </Section>
    <Section title='Circuit breakers' empty={breakers.length === 0} emptyText='No memory circuit breakers in this JVM.'>
      <Table aria-label='Circuit breakers' variant='compact' data-testid='breakers-table'>
        <Thead>
          <Tr>
            <Th>Breaker</Th>
            <Th>State</Th>
            <Th>Limit</Th>
            <Th>Heap after GC</Th>
            <Th>In flight</Th>
            <Th>Trips</Th>
            <Th>Refused</Th>
            <Th>Last trip</Th>
          </Tr>
        </Thead>
        <Tbody>
          {breakers.map(b => (
            <Tr key={b.mbean}>
              <Td dataLabel='Breaker'>{b.Name}</Td>
              <Td dataLabel='State'>
                <Label color={b.State === 'OPEN' ? 'red' : 'green'}>
                  {b.State === 'OPEN' ? 'OPEN: refusing work' : 'CLOSED: work goes through'}
                </Label>
              </Td>
              <Td dataLabel='Limit'>
                {percent(b.LimitPercent)} of max heap ({bytes(b.LimitBytes)})
              </Td>
              <Td dataLabel='Heap after GC'>{bytes(b.HeapAfterGcBytes)}</Td>
              <Td dataLabel='In flight'>{signedBytes(b.EstimatedInFlightBytes)}</Td>
              <Td dataLabel='Trips'>{count(b.TripCount)}</Td>
              <Td dataLabel='Refused'>{count(b.RefusedCount)}</Td>
              <Td dataLabel='Last trip'>{b.LastTripReason || 'never tripped'}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Section>
    <Section title='Pressure reactions' empty={reactions.length === 0} emptyText='No pressure reactions are registered.'>
      <Table aria-label='Pressure reactions' variant='compact'>
        <Thead>
          <Tr>
            <Th>Reaction</Th>
            <Th>At level</Th>
            <Th>Runs</Th>
            <Th>Last run</Th>
            <Th>Failures</Th>
            <Th>Last error</Th>
          </Tr>
        </Thead>
        <Tbody>
          {reactions.map(r => (
            <Tr key={`${r.level} ${r.name}`}>
              <Td dataLabel='Reaction'>{r.name}</Td>
              <Td dataLabel='At level'>{r.level}</Td>
              <Td dataLabel='Runs'>{count(r.runCount)}</Td>
              <Td dataLabel='Last run'>{ago(r.lastRunMillis, now)}</Td>
              <Td dataLabel='Failures'>{count(r.failureCount)}</Td>
              <Td dataLabel='Last error'>{r.lastError || 'none'}</Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Section>
  </Stack>
)
