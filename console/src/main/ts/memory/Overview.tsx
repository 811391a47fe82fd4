import {
  Alert,
  Card,
  CardBody,
  CardTitle,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Grid,
  GridItem,
  Label,
  List,
  ListItem,
} from '@patternfly/react-core'
import React from 'react'
import {
  bytes,
  bytesPerMinute,
  bytesPerSecond,
  count,
  javaClassName,
  percent,
  score,
  timeToExhaustion,
} from '../format'
import { LineChart } from './LineChart'
import { Budget, Leak, Sample, Snapshot } from './model'
import { alertVariant, budgetColour, healthColour, pressureColour, severityColour, severityText } from './status'

const BLUE = '#0066cc'
const ORANGE = '#ec7a08'
const RED = '#c9190b'
const GREEN = '#3e8635'
const PURPLE = '#5752d1'

/** Health as a banner: green UP, amber DEGRADED, red DOWN, with each reason in words. */
export const HealthBanner: React.FunctionComponent<{ snapshot: Snapshot }> = ({ snapshot }) => {
  const health = snapshot.health
  if (!health) {
    return (
      <Alert variant='custom' isInline title='Health: not readable' data-testid='health-banner'>
        This JVM has no io.memorymanager:type=Health MBean, or it could not be read.
      </Alert>
    )
  }
  const reasons = health.Reasons ?? []
  return (
    <Alert
      variant={alertVariant(healthColour(health.Status))}
      title={
        <span>
          Health: <span data-testid='health-status'>{health.Status}</span>
        </span>
      }
      data-testid='health-banner'
      data-status={health.Status}
    >
      {reasons.length === 0 ? (
        <p>Memory is healthy: no pressure, no leak suspected, no circuit breaker open.</p>
      ) : (
        <List data-testid='health-reasons'>
          {reasons.map(r => (
            <ListItem key={r}>{r}</ListItem>
          ))}
        </List>
      )}
    </Alert>
  )
}

function Figure({ term, value, raw, id, hint }: { term: string; value: string; raw?: number; id: string; hint?: string }) {
  return (
    <DescriptionListGroup>
      <DescriptionListTerm>{term}</DescriptionListTerm>
      <DescriptionListDescription>
        <span data-testid={id} data-value={raw} title={hint}>
          {value}
        </span>
      </DescriptionListDescription>
    </DescriptionListGroup>
  )
}

/** The headline figures of heap, GC and the machine. */
export const Headline: React.FunctionComponent<{ snapshot: Snapshot }> = ({ snapshot }) => {
  const { jvm, system, monitor } = snapshot
  return (
    <Card isCompact>
      <CardTitle>Heap and machine</CardTitle>
      <CardBody>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '2Col' }}>
          <Figure term='Heap used' id='heap-used' raw={jvm?.HeapUsedBytes} value={`${bytes(jvm?.HeapUsedBytes)} (${percent(jvm?.HeapUsedPercent)} of max)`} />
          <Figure term='Heap max' id='heap-max' raw={jvm?.HeapMaxBytes} value={bytes(jvm?.HeapMaxBytes)} />
          <Figure
            term='Live set after GC'
            id='heap-floor'
            raw={jvm?.OldGenUsedAfterGcBytes}
            value={`${bytes(jvm?.OldGenUsedAfterGcBytes)} (${percent(jvm?.HeapUsedAfterGcPercent)} of max)`}
            hint='Old generation in use right after the last collection: what the application really keeps'
          />
          <Figure term='Heap committed' id='heap-committed' raw={jvm?.HeapCommittedBytes} value={bytes(jvm?.HeapCommittedBytes)} />
          <Figure term='Allocation rate' id='allocation-rate' raw={jvm?.AllocationRateBytesPerSecond} value={bytesPerSecond(jvm?.AllocationRateBytesPerSecond)} />
          <Figure term='GC overhead' id='gc-overhead' raw={jvm?.GcOverheadPercent} value={percent(jvm?.GcOverheadPercent)} hint='Share of wall time spent collecting' />
          <Figure term='Non-heap used' id='non-heap' raw={jvm?.NonHeapUsedBytes} value={bytes(jvm?.NonHeapUsedBytes)} />
          <Figure term='Direct buffers' id='direct-buffers' raw={jvm?.DirectBufferBytes} value={bytes(jvm?.DirectBufferBytes)} />
          <Figure term='Threads' id='threads' raw={jvm?.ThreadCount} value={count(jvm?.ThreadCount)} />
          <Figure term='Loaded classes' id='classes' raw={jvm?.LoadedClassCount} value={count(jvm?.LoadedClassCount)} />
          <Figure
            term='System memory'
            id='system-used'
            raw={system?.UsedBytes}
            value={`${bytes(system?.UsedBytes)} of ${bytes(system?.TotalBytes)} (${percent(system?.UsedPercent)})`}
          />
          <Figure term='System total' id='system-total' raw={system?.TotalBytes} value={bytes(system?.TotalBytes)} />
          <Figure
            term='Container memory'
            id='container-used'
            raw={system?.ContainerUsedBytes}
            value={
              system && system.ContainerLimitBytes >= 0
                ? `${bytes(system.ContainerUsedBytes)} of ${bytes(system.ContainerLimitBytes)} (${percent(system.ContainerUsedPercent)})`
                : 'no limit'
            }
          />
          <Figure term='Process resident' id='process-rss' raw={system?.ProcessResidentBytes} value={bytes(system?.ProcessResidentBytes)} />
          <DescriptionListGroup>
            <DescriptionListTerm>Memory pressure</DescriptionListTerm>
            <DescriptionListDescription>
              <Label color={pressureColour(monitor?.PressureLevel)} data-testid='pressure'>
                {monitor?.PressureLevel ?? 'n/a'}
              </Label>{' '}
              {monitor?.PressureCause}
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
      </CardBody>
    </Card>
  )
}

/** The leak verdict in one card: status, score, growth, time to exhaustion and the first suspects. */
export const LeakVerdict: React.FunctionComponent<{ leak: Leak | null; maxSuspects?: number }> = ({ leak, maxSuspects = 3 }) => {
  if (!leak) {
    return (
      <Card isCompact>
        <CardTitle>Leak verdict</CardTitle>
        <CardBody>The leak detector (io.memorymanager:type=LeakDetector) could not be read.</CardBody>
      </Card>
    )
  }
  const suspects = leak.Suspects ?? []
  return (
    <Card isCompact data-testid='leak-verdict' data-status={leak.Status}>
      <CardTitle>
        Leak verdict{' '}
        <Label color={severityColour(leak.Status)} data-testid='leak-status'>
          {leak.Status}: {severityText(leak.Status)}
        </Label>
      </CardTitle>
      <CardBody>
        <DescriptionList isHorizontal isCompact>
          <Figure term='Score' id='leak-score' raw={leak.LeakScore} value={score(leak.LeakScore)} hint='20 or less: no leak; 50-79 warning; 80 and above critical' />
          <Figure term='Heap floor growth' id='leak-growth' raw={leak.HeapGrowthBytesPerMinute} value={bytesPerMinute(leak.HeapGrowthBytesPerMinute)} />
          <Figure term='Heap exhausted' id='leak-exhaustion' raw={leak.TimeToExhaustionSeconds} value={timeToExhaustion(leak.TimeToExhaustionSeconds)} />
          <Figure term='Evidence' id='leak-samples' raw={leak.SampleCount} value={`${count(leak.SampleCount)} ${leak.SampleCount === 1 ? 'sample' : 'samples'}`} />
        </DescriptionList>
        {suspects.length > 0 && maxSuspects > 0 && (
          <>
            <p className='mm-subhead'>Top suspects</p>
            <List data-testid='leak-suspects'>
              {suspects.slice(0, maxSuspects).map(s => (
                <ListItem key={s.className}>
                  <code>{javaClassName(s.className)}</code> grows {bytesPerMinute(s.bytesPerMinute)}
                  {s.heldBy ? <> — held by <code>{s.heldBy}</code></> : null}
                </ListItem>
              ))}
            </List>
          </>
        )}
        {(leak.Recommendations ?? []).length > 0 && (
          <>
            <p className='mm-subhead'>What to do</p>
            <List data-testid='leak-recommendations'>
              {leak.Recommendations.map(r => (
                <ListItem key={r}>{r}</ListItem>
              ))}
            </List>
          </>
        )}
      </CardBody>
    </Card>
  )
}

function series(history: Sample[], pick: (s: Sample) => number): [number, number][] {
  return history.map(s => [s.timestampMillis, pick(s)])
}

/** The charts, from the Monitor's History: the last minutes at once. */
export const Charts: React.FunctionComponent<{ snapshot: Snapshot }> = ({ snapshot }) => {
  const history = snapshot.monitor?.History ?? []
  const max = snapshot.jvm?.HeapMaxBytes ?? -1
  const interval = snapshot.monitor?.SampleIntervalMillis
  return (
    <Card isCompact>
      <CardTitle>
        The last {history.length} samples
        {interval ? ` (every ${interval >= 1000 ? `${interval / 1000} s` : `${interval} ms`})` : ''}
      </CardTitle>
      <CardBody>
        <Grid hasGutter md={6} xl={4}>
          <GridItem>
            <LineChart
              title='Heap: used, live set after GC, max'
              scale='bytes'
              format={bytes}
              series={[
                { name: 'Used', color: BLUE, points: series(history, s => s.heapUsedBytes) },
                { name: 'Live set', color: ORANGE, points: series(history, s => s.oldGenUsedAfterGcBytes) },
                { name: 'Max', color: RED, dashed: true, points: max > 0 ? series(history, () => max) : [] },
              ]}
            />
          </GridItem>
          <GridItem>
            <LineChart
              title='Allocation rate'
              scale='bytes'
              format={v => bytesPerSecond(v)}
              series={[{ name: 'Allocated', color: PURPLE, points: series(history, s => s.allocationRateBytesPerSecond) }]}
            />
          </GridItem>
          <GridItem>
            <LineChart
              title='GC overhead'
              scale='decimal'
              format={percent}
              series={[{ name: 'Time in GC', color: RED, points: series(history, s => s.gcOverheadPercent) }]}
            />
          </GridItem>
          <GridItem>
            <LineChart
              title='System and container memory'
              scale='decimal'
              format={percent}
              atLeast={100}
              series={[
                { name: 'System', color: GREEN, points: series(history, s => s.systemUsedPercent) },
                { name: 'Container', color: ORANGE, points: series(history, s => s.containerUsedPercent) },
              ]}
            />
          </GridItem>
          <GridItem>
            <LineChart
              title='Threads'
              scale='decimal'
              format={v => count(v)}
              series={[{ name: 'Live threads', color: BLUE, points: series(history, s => s.threadCount) }]}
            />
          </GridItem>
        </Grid>
      </CardBody>
    </Card>
  )
}

/**
 * The whole process against its memory limit: what the kernel counts, the room left, the worst case, when the
 * limit is reached at the trend, and where every byte goes.
 */
export const BudgetCard: React.FunctionComponent<{ budget: Budget | null }> = ({ budget }) => {
  if (!budget) {
    return null
  }
  const parts = budget.Components ?? []
  const advice = budget.Recommendations ?? []
  return (
    <Card isCompact data-testid='budget' data-level={budget.Level}>
      <CardTitle>
        Memory budget{' '}
        <Label color={budgetColour(budget.Level)} data-testid='budget-level'>
          {budget.Level}
        </Label>
      </CardTitle>
      <CardBody>
        <DescriptionList isHorizontal isCompact columnModifier={{ default: '2Col' }}>
          <Figure term='Limit' id='budget-limit' raw={budget.LimitBytes} value={bytes(budget.LimitBytes)} hint={budget.LimitSource} />
          <Figure term='Counted' id='budget-counted' raw={budget.CountedBytes} value={bytes(budget.CountedBytes)} hint={budget.CountedSource} />
          <Figure
            term='Headroom'
            id='budget-headroom'
            raw={budget.HeadroomBytes}
            value={`${bytes(budget.HeadroomBytes)} (${percent(budget.HeadroomPercent)})`}
          />
          <Figure term='Limit reached' id='budget-time-to-limit' raw={budget.TimeToLimitSeconds} value={timeToExhaustion(budget.TimeToLimitSeconds)} />
          <Figure
            term='Worst case'
            id='budget-worst-case'
            raw={budget.WorstCaseBytes}
            value={budget.OvercommitBytes > 0 ? `${bytes(budget.WorstCaseBytes)} (${bytes(budget.OvercommitBytes)} over the limit)` : bytes(budget.WorstCaseBytes)}
            hint='What the process may grow to when every bounded part reaches its maximum'
          />
          <Figure term='Resident' id='budget-resident' raw={budget.ResidentBytes} value={bytes(budget.ResidentBytes)} />
        </DescriptionList>
        <p className='mm-subhead'>Where it goes</p>
        <List isPlain data-testid='budget-components'>
          {parts.map(c => (
            <ListItem key={c.name} title={c.source}>
              {c.name}: {bytes(c.usedBytes)}
              {c.committedBytes >= 0 && c.committedBytes !== c.usedBytes ? `, ${bytes(c.committedBytes)} committed` : ''}
              {c.maxBytes >= 0 ? `, at most ${bytes(c.maxBytes)}` : ''}
            </ListItem>
          ))}
        </List>
        {advice.length > 0 && (
          <>
            <p className='mm-subhead'>What to change</p>
            <List data-testid='budget-recommendations'>
              {advice.map(r => (
                <ListItem key={r}>{r}</ListItem>
              ))}
            </List>
          </>
        )}
      </CardBody>
    </Card>
  )
}
