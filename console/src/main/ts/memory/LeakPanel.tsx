import { Card, CardBody, CardTitle, Label, Stack, StackItem } from '@patternfly/react-core'
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table'
import React from 'react'
import { ago, bytesPerMinute, confidence, count, duration, javaClassName, perMinute, score } from '../format'
import { Finding, Leak } from './model'
import { LeakVerdict } from './Overview'
import { Section } from './Section'
import { severityColour } from './status'

/** Growth per minute in the finding's own unit: bytes for the heap and buffers, a count for threads and classes. */
function growth(f: Finding): string {
  const kind = f.kind.toLowerCase()
  return kind.includes('heap') || kind.includes('buffer') || kind.includes('memory')
    ? bytesPerMinute(f.growthPerMinute)
    : perMinute(f.growthPerMinute)
}

/** The leak detector in full: verdict, one row per signal, the suspects with what holds them. */
export const LeakPanel: React.FunctionComponent<{ leak: Leak | null; now: number }> = ({ leak, now }) => {
  if (!leak) {
    return <LeakVerdict leak={leak} />
  }
  return (
    <Stack hasGutter>
      <StackItem>
        <LeakVerdict leak={leak} maxSuspects={0} />
      </StackItem>
      <StackItem>
        <Card isCompact>
          <CardTitle>
            Findings per signal (window {duration(leak.WindowSeconds)}, {count(leak.SampleCount)} samples)
          </CardTitle>
          <CardBody>
            {(leak.Findings ?? []).length === 0 ? (
              <p>No signal is growing.</p>
            ) : (
              <Table aria-label='Leak findings' variant='compact' data-testid='leak-findings'>
                <Thead>
                  <Tr>
                    <Th>Signal</Th>
                    <Th>Severity</Th>
                    <Th>Score</Th>
                    <Th>Growth</Th>
                    <Th>Confidence</Th>
                    <Th>Since</Th>
                    <Th>What it means</Th>
                    <Th>What to do</Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {leak.Findings.map(f => (
                    <Tr key={f.kind}>
                      <Td dataLabel='Signal'>{f.kind}</Td>
                      <Td dataLabel='Severity'>
                        <Label color={severityColour(f.severity)}>{f.severity}</Label>
                      </Td>
                      <Td dataLabel='Score'>{score(f.score)}</Td>
                      <Td dataLabel='Growth'>{growth(f)}</Td>
                      <Td dataLabel='Confidence'>{confidence(f.confidence)}</Td>
                      <Td dataLabel='Since'>{ago(f.sinceMillis, now)}</Td>
                      <Td dataLabel='What it means'>{f.message}</Td>
                      <Td dataLabel='What to do'>{f.recommendation}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </CardBody>
        </Card>
      </StackItem>
      <Section title='Suspects: classes growing with the heap floor' empty={(leak.Suspects ?? []).length === 0} emptyText='No suspect classes: the detector takes class histograms only once it suspects a leak.'>
        <Table aria-label='Leak suspects' variant='compact' data-testid='suspects-table'>
          <Thead>
            <Tr>
              <Th>Class</Th>
              <Th>Growth</Th>
              <Th>Instances</Th>
              <Th>Instances now</Th>
              <Th>Confidence</Th>
              <Th>Held by</Th>
            </Tr>
          </Thead>
          <Tbody>
            {leak.Suspects.map(s => (
              <Tr key={s.className}>
                <Td dataLabel='Class'>
                  <code>{javaClassName(s.className)}</code>
                  {s.application ? (
                    <>
                      {' '}
                      <Label color='blue' isCompact>
                        application
                      </Label>
                    </>
                  ) : null}
                </Td>
                <Td dataLabel='Growth'>{bytesPerMinute(s.bytesPerMinute)}</Td>
                <Td dataLabel='Instances'>{perMinute(s.instancesPerMinute)}</Td>
                <Td dataLabel='Instances now'>{count(s.instances)}</Td>
                <Td dataLabel='Confidence'>{confidence(s.confidence)}</Td>
                <Td dataLabel='Held by'>{s.heldBy ? <code>{s.heldBy}</code> : 'not known yet'}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </Section>
    </Stack>
  )
}
