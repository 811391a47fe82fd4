import {
  Alert,
  Button,
  Grid,
  GridItem,
  Label,
  List,
  ListItem,
  PageSection,
  PageSectionVariants,
  Spinner,
  Stack,
  StackItem,
  Tab,
  TabTitleText,
  Tabs,
  Title,
} from '@patternfly/react-core'
import { jolokiaService } from '@hawtio/react'
import React, { useCallback, useEffect, useRef, useState } from 'react'
import { ago, clock, refusal } from '../format'
import { MemoryEvent, changes } from './events'
import { LeakPanel } from './LeakPanel'
import { loadSnapshot } from './memory-service'
import { Snapshot } from './model'
import { OptimizerPanel } from './OptimizerPanel'
import { BudgetCard, Charts, Headline, HealthBanner, LeakVerdict } from './Overview'
import { ProfilerPanel } from './ProfilerPanel'
import { ResourcesPanel } from './ResourcesPanel'
import './memory.css'

const MAX_EVENTS = 100

/** Reads the snapshot now and then every update period (Hawtio's setting, 5 s unless changed). */
function useSnapshot() {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [events, setEvents] = useState<MemoryEvent[]>([])
  const last = useRef<Snapshot | null>(null)
  const busy = useRef(false)
  const again = useRef(false)
  const once = useCallback(async () => {
    try {
      const next = await loadSnapshot()
      const news = changes(last.current, next)
      last.current = next
      setSnapshot(next)
      setError(null)
      if (news.length > 0) {
        setEvents(old => [...news.reverse(), ...old].slice(0, MAX_EVENTS))
      }
    } catch (e) {
      setError(e ? refusal(e) : 'the agent could not be reached through Hawtio')
    }
  }, [])
  // one read at a time; a reload asked for meanwhile (after an action) runs as soon as the current one ends
  const reload = useCallback(async () => {
    if (busy.current) {
      again.current = true
      return
    }
    busy.current = true
    try {
      do {
        again.current = false
        await once()
      } while (again.current)
    } finally {
      busy.current = false
    }
  }, [once])
  useEffect(() => {
    reload()
    const period = Math.max(1000, jolokiaService.loadUpdateRate() || 5000)
    const timer = setInterval(reload, period)
    return () => clearInterval(timer)
  }, [reload])
  return { snapshot, error, events, reload }
}

const EventsPanel: React.FunctionComponent<{ events: MemoryEvent[]; now: number }> = ({ events, now }) =>
  events.length === 0 ? (
    <p>Nothing has changed since the page opened.</p>
  ) : (
    <List isPlain data-testid='events'>
      {events.map((e, i) => (
        <ListItem key={`${e.atMillis} ${i}`}>
          <Label color={e.colour} isCompact>
            {clock(e.atMillis)}
          </Label>{' '}
          {e.text} <span className='mm-muted'>({ago(e.atMillis, now)})</span>
        </ListItem>
      ))}
    </List>
  )

/** The Memory page: know within five seconds whether this JVM's memory is healthy, what is wrong, what to do. */
export const MemoryPage: React.FunctionComponent = () => {
  const { snapshot, error, events, reload } = useSnapshot()
  const [tab, setTab] = useState<string | number>('overview')

  if (!snapshot) {
    return (
      <PageSection variant={PageSectionVariants.light}>
        {error ? (
          <Alert variant='danger' title='Memory Manager could not be read' data-testid='load-error'>
            {error}
          </Alert>
        ) : (
          <Spinner aria-label='Reading Memory Manager' />
        )}
      </PageSection>
    )
  }
  const now = snapshot.takenMillis
  return (
    <PageSection variant={PageSectionVariants.light} className='mm-page' data-testid='memory-page'>
      <Stack hasGutter>
        <StackItem>
          <div className='mm-inline mm-header'>
            <Title headingLevel='h1'>Memory</Title>
            <span className='mm-muted' data-testid='updated'>
              read at {clock(snapshot.takenMillis)}
            </span>
            <Button variant='link' onClick={reload}>
              Read again now
            </Button>
          </div>
        </StackItem>
        <StackItem>
          <HealthBanner snapshot={snapshot} />
        </StackItem>
        {(error || snapshot.errors.length > 0) && (
          <StackItem>
            <Alert variant='warning' isInline title='Some of Memory Manager could not be read'>
              <List>
                {error && <ListItem>{error}</ListItem>}
                {snapshot.errors.map(e => (
                  <ListItem key={e}>{e}</ListItem>
                ))}
              </List>
            </Alert>
          </StackItem>
        )}
        <StackItem>
          <Tabs activeKey={tab} onSelect={(_e, key) => setTab(key)} aria-label='Memory sections' mountOnEnter unmountOnExit>
            <Tab eventKey='overview' title={<TabTitleText>Overview</TabTitleText>}>
              <Grid hasGutter className='mm-tab'>
                <GridItem lg={7} lgRowSpan={snapshot.budget ? 2 : 1}>
                  <Headline snapshot={snapshot} />
                </GridItem>
                <GridItem lg={5}>
                  <LeakVerdict leak={snapshot.leak} />
                </GridItem>
                {snapshot.budget && (
                  <GridItem lg={5}>
                    <BudgetCard budget={snapshot.budget} />
                  </GridItem>
                )}
                <GridItem>
                  <Charts snapshot={snapshot} />
                </GridItem>
              </Grid>
            </Tab>
            <Tab eventKey='leak' title={<TabTitleText>Leak</TabTitleText>}>
              <div className='mm-tab'>
                <LeakPanel leak={snapshot.leak} now={now} />
              </div>
            </Tab>
            <Tab eventKey='resources' title={<TabTitleText>Pools, caches, breakers</TabTitleText>}>
              <div className='mm-tab'>
                <ResourcesPanel
                  pools={snapshot.pools}
                  caches={snapshot.caches}
                  breakers={snapshot.breakers}
                  reactions={snapshot.health?.Reactions ?? []}
                  now={now}
                  reload={reload}
                />
              </div>
            </Tab>
            <Tab eventKey='profiler' title={<TabTitleText>Profiler</TabTitleText>}>
              <div className='mm-tab'>
                <ProfilerPanel profiler={snapshot.profiler} reload={reload} />
              </div>
            </Tab>
            <Tab eventKey='optimizer' title={<TabTitleText>Optimizer</TabTitleText>}>
              <div className='mm-tab'>
                <OptimizerPanel optimizer={snapshot.optimizer} reload={reload} />
              </div>
            </Tab>
            <Tab eventKey='events' title={<TabTitleText>Events ({events.length})</TabTitleText>}>
              <div className='mm-tab'>
                <EventsPanel events={events} now={now} />
              </div>
            </Tab>
          </Tabs>
        </StackItem>
      </Stack>
    </PageSection>
  )
}
