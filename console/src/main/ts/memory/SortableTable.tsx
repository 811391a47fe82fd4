import { Table, Tbody, Td, Th, Thead, ThProps, Tr } from '@patternfly/react-table'
import React, { useState } from 'react'

export interface Column<R> {
  title: string
  /** what the column sorts by */
  sortBy: (row: R) => number | string
  render: (row: R) => React.ReactNode
}

/** A compact table whose columns sort on a click; it starts sorted by {@code initial}, largest first. */
export function SortableTable<R>({
  label,
  columns,
  rows,
  rowKey,
  initial = 0,
  testId,
}: {
  label: string
  columns: Column<R>[]
  rows: R[]
  rowKey: (row: R) => string
  initial?: number
  testId?: string
}): React.ReactElement {
  const [index, setIndex] = useState(initial)
  const [direction, setDirection] = useState<'asc' | 'desc'>('desc')
  const sorted = [...rows].sort((a, b) => {
    const x = columns[index].sortBy(a)
    const y = columns[index].sortBy(b)
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))
    return direction === 'asc' ? c : -c
  })
  const sort = (columnIndex: number): ThProps['sort'] => ({
    sortBy: { index, direction },
    onSort: (_event, i, d) => {
      setIndex(i)
      setDirection(String(d) === 'asc' ? 'asc' : 'desc')
    },
    columnIndex,
  })
  return (
    <Table aria-label={label} variant='compact' data-testid={testId}>
      <Thead>
        <Tr>
          {columns.map((c, i) => (
            <Th key={c.title} sort={sort(i)}>
              {c.title}
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {sorted.map(r => (
          <Tr key={rowKey(r)}>
            {columns.map(c => (
              <Td key={c.title} dataLabel={c.title}>
                {c.render(r)}
              </Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  )
}
