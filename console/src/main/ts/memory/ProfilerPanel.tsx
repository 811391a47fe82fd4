import { Alert, Button, Card, CardBody, CardTitle, Label, Stack, StackItem } from '@patternfly/react-core'
import React, { useCallback, useEffect, useState } from 'react'
import { bytes, count, dateTime, javaClassName, millis, percent, perMinute, signedBytes, bytesPerMinute } from '../format'
import { MBEANS, execute } from './memory-service'
import { AllocationSite, ClassGrowth, ClassHistogramEntry, ExportedFile, Profiler } from './model'
import { OutcomeView, Refusal, useAction } from './Outcome'
import { SortableTable } from './SortableTable'

const TOP = 20

/** Class histograms and their diff, allocation sites, heap dumps and JFR recordings with their files. */
export const ProfilerPanel: React.FunctionComponent<{ profiler: Profiler | null; reload: () => void }> = ({
  profiler,
  reload,
}) => {
  const [files, setFiles] = useState<ExportedFile[] | null>(null)
  const [filesError, setFilesError] = useState<string | null>(null)
  const listFiles = useCallback(async () => {
    const o = await execute<ExportedFile[]>(MBEANS.profiler, 'listDumps()')
    if (o.ok) {
      setFiles(o.value ?? [])
      setFilesError(null)
    } else {
      setFilesError(o.message)
    }
  }, [])
  useEffect(() => {
    listFiles()
  }, [listFiles])
  const afterFile = useCallback(() => {
    reload()
    listFiles()
  }, [reload, listFiles])

  const histogram = useAction<ClassHistogramEntry[]>()
  const diff = useAction<ClassGrowth[]>()
  const allocation = useAction<void>(reload)
  const dump = useAction<ExportedFile>(afterFile)
  const record = useAction<ExportedFile>(afterFile)

  if (!profiler) {
    return <p>The profiler (io.memorymanager:type=Profiler) could not be read.</p>
  }
  const pause = profiler.LastHistogramPauseMillis
  return (
    <Stack hasGutter>
      <StackItem>
        <Card isCompact>
          <CardTitle>Class histogram</CardTitle>
          <CardBody>
            <p className='mm-muted'>
              Both buttons force a full collection and pause the application
              {pause >= 0 ? ` (the last histogram paused it for ${millis(pause)})` : ''}; they may run once every{' '}
              {millis(profiler.HistogramMinIntervalMillis)}.
            </p>
            <span className='mm-inline'>
              <Button
                variant='secondary'
                isLoading={histogram.state?.running}
                onClick={() => histogram.run(`Class histogram`, MBEANS.profiler, 'classHistogram(int)', [TOP])}
              >
                Take a class histogram (top {TOP} by bytes)
              </Button>
              <Button
                variant='secondary'
                isLoading={diff.state?.running}
                onClick={() => diff.run(`Histogram diff`, MBEANS.profiler, 'classHistogramDiff(int)', [TOP])}
              >
                Take a histogram and show what grew since the last
              </Button>
            </span>
            <OutcomeView
              state={histogram.state}
              render={(rows: ClassHistogramEntry[]) => (
                <SortableTable
                  label='Class histogram'
                  testId='histogram-table'
                  rows={rows ?? []}
                  rowKey={r => r.className}
                  initial={3}
                  columns={[
                    { title: 'Rank', sortBy: r => -r.rank, render: r => r.rank },
                    { title: 'Class', sortBy: r => javaClassName(r.className), render: r => <code>{javaClassName(r.className)}</code> },
                    { title: 'Instances', sortBy: r => r.instances, render: r => count(r.instances) },
                    { title: 'Bytes', sortBy: r => r.bytes, render: r => bytes(r.bytes) },
                    { title: 'Share', sortBy: r => r.sharePercent, render: r => percent(r.sharePercent) },
                  ]}
                />
              )}
            />
            <OutcomeView
              state={diff.state}
              render={(rows: ClassGrowth[]) =>
                !rows || rows.length === 0 ? (
                  <Alert isInline variant='info' title='Baseline recorded' data-testid='diff-baseline'>
                    The first histogram only records the baseline: run it again later to see which classes grew.
                  </Alert>
                ) : (
                  <SortableTable
                    label='Histogram diff'
                    testId='diff-table'
                    rows={rows}
                    rowKey={r => r.className}
                    initial={1}
                    columns={[
                      { title: 'Class', sortBy: r => javaClassName(r.className), render: r => <code>{javaClassName(r.className)}</code> },
                      { title: 'Bytes grown', sortBy: r => r.bytesDelta, render: r => signedBytes(r.bytesDelta) },
                      { title: 'Per minute', sortBy: r => r.bytesPerMinute, render: r => bytesPerMinute(r.bytesPerMinute) },
                      { title: 'Instances grown', sortBy: r => r.instancesDelta, render: r => count(r.instancesDelta) },
                      { title: 'Instances per minute', sortBy: r => r.instancesPerMinute, render: r => perMinute(r.instancesPerMinute) },
                      { title: 'Bytes now', sortBy: r => r.bytes, render: r => bytes(r.bytes) },
                    ]}
                  />
                )
              }
            />
          </CardBody>
        </Card>
      </StackItem>
      <StackItem>
        <Card isCompact>
          <CardTitle>
            Allocation profiling{' '}
            <Label color={profiler.AllocationProfilingEnabled ? 'blue' : 'grey'}>
              {profiler.AllocationProfilingEnabled ? 'ON' : 'OFF'}
            </Label>
          </CardTitle>
          <CardBody>
            {profiler.AllocationProfilingEnabled ? (
              <Button
                variant='secondary'
                onClick={() => allocation.run('Stop allocation profiling', MBEANS.profiler, 'stopAllocationProfiling()')}
              >
                Stop sampling allocations
              </Button>
            ) : (
              <Button
                variant='secondary'
                onClick={() => allocation.run('Start allocation profiling', MBEANS.profiler, 'startAllocationProfiling()')}
              >
                Start sampling allocations with JFR (about 1% overhead)
              </Button>
            )}
            <OutcomeView state={allocation.state} render={() => null} />
            {(profiler.TopAllocationSites ?? []).length > 0 ? (
              <SortableTable
                label='Top allocation sites'
                rows={profiler.TopAllocationSites}
                rowKey={(s: AllocationSite) => `${s.className} ${s.frames.join(';')}`}
                initial={2}
                columns={[
                  { title: 'Where', sortBy: s => s.frames[0] ?? '', render: s => <code>{s.frames.slice(0, 3).join(' ← ')}</code> },
                  { title: 'Allocates', sortBy: s => javaClassName(s.className), render: s => <code>{javaClassName(s.className)}</code> },
                  { title: 'Bytes (estimated)', sortBy: s => s.estimatedBytes, render: s => bytes(s.estimatedBytes) },
                  { title: 'Share', sortBy: s => s.sharePercent, render: s => percent(s.sharePercent) },
                ]}
              />
            ) : (
              <p className='mm-muted'>No allocation sites sampled{profiler.AllocationProfilingEnabled ? ' yet' : ''}.</p>
            )}
          </CardBody>
        </Card>
      </StackItem>
      <StackItem>
        <Card isCompact>
          <CardTitle>Heap dumps and recordings</CardTitle>
          <CardBody>
            <span className='mm-inline'>
              <Button
                variant='secondary'
                isLoading={dump.state?.running}
                onClick={() => dump.run('Heap dump', MBEANS.profiler, 'dumpHeap(boolean)', [true])}
              >
                Write a heap dump of live objects (pauses the application)
              </Button>
              <Button
                variant='secondary'
                isLoading={record.state?.running}
                onClick={() => record.run('JFR recording', MBEANS.profiler, 'recordFor(int)', [60])}
              >
                Record JFR for 60 s
              </Button>
            </span>
            <OutcomeView
              state={dump.state}
              render={(f: ExportedFile) => (
                <Alert isInline variant='success' title='Heap dump written'>
                  {f.path} ({bytes(f.sizeBytes)})
                </Alert>
              )}
            />
            <OutcomeView
              state={record.state}
              render={(f: ExportedFile) => (
                <Alert isInline variant='success' title='Recording started'>
                  {f.path} appears when the recording ends.
                </Alert>
              )}
            />
            <p className='mm-muted'>
              Files are written to {profiler.OutputDirectory}, at most {count(profiler.MaxRetainedFiles)} of a kind.
            </p>
            {filesError ? (
              <Refusal label='List of files' message={filesError} />
            ) : files === null ? null : files.length === 0 ? (
              <p>No dumps or recordings yet.</p>
            ) : (
              <SortableTable
                label='Files'
                rows={files}
                rowKey={f => f.name}
                initial={2}
                columns={[
                  { title: 'File', sortBy: f => f.name, render: f => <code>{f.name}</code> },
                  { title: 'Size', sortBy: f => f.sizeBytes, render: f => (f.complete ? bytes(f.sizeBytes) : 'still recording') },
                  { title: 'Created', sortBy: f => f.createdMillis, render: f => dateTime(f.createdMillis) },
                  { title: 'Took', sortBy: f => f.durationMillis, render: f => millis(f.durationMillis) },
                ]}
              />
            )}
          </CardBody>
        </Card>
      </StackItem>
    </Stack>
  )
}
