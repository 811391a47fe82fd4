import { Card, CardBody, CardTitle, StackItem } from '@patternfly/react-core'
import React from 'react'

/** One card of a tab: its title, and what it holds or, when there is nothing, a sentence saying so. */
export const Section: React.FunctionComponent<{
  title: React.ReactNode
  empty: boolean
  emptyText: React.ReactNode
  children: React.ReactNode
}> = ({ title, empty, emptyText, children }) => (
  <StackItem>
    <Card isCompact>
      <CardTitle>{title}</CardTitle>
      <CardBody>{empty ? <p>{emptyText}</p> : children}</CardBody>
    </Card>
  </StackItem>
)
