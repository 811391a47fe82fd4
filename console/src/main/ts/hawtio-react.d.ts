/**
 * The part of @hawtio/react 1.5.0 (the version the Hawtio 4.2.0 war ships and shares as a Module Federation
 * singleton) that this plugin uses, as declared in hawtio/hawtio-next at tag v1.5.0:
 * packages/hawtio/src/core/core.ts (hawtio, Plugin, HawtioPlugin), core/logging.ts (Logger),
 * plugins/shared/jolokia-service.ts (jolokiaService), plugins/shared/workspace.ts (workspace) and
 * help/registry.ts (helpRegistry).
 *
 * The plugin never bundles @hawtio/react (webpack.config.cjs shares it with import: false): at run time it is the
 * host's own instance, the one that holds the selected connection. The npm registry this project builds from has no
 * 1.5.x release, so the types are declared here rather than taken from a different version's package.
 */
declare module '@hawtio/react' {
  import type { ComponentType } from 'react'

  export type HawtioPlugin = () => void

  export interface Plugin {
    id: string
    title?: string
    path?: string
    order?: number
    isLogin?: boolean
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    component?: ComponentType<any>
    isActive: () => Promise<boolean>
  }

  export const hawtio: {
    addPlugin(plugin: Plugin): unknown
  }

  export interface JolokiaRequest {
    type: 'read' | 'exec' | 'write' | 'search' | 'list' | 'version'
    mbean?: string
    attribute?: string | string[]
    operation?: string
    arguments?: unknown[]
    value?: unknown
    path?: string
  }

  export interface JolokiaSuccessResponse {
    request: JolokiaRequest
    value: unknown
    status: number
    timestamp: number
  }

  export interface JolokiaErrorResponse {
    request?: JolokiaRequest
    status: number
    error: string
    error_type?: string
    stacktrace?: string
  }

  export const jolokiaService: {
    bulkRequest(requests: JolokiaRequest[]): Promise<(JolokiaSuccessResponse | JolokiaErrorResponse)[]>
    loadUpdateRate(): number
  }

  export const workspace: {
    treeContainsDomainAndProperties(domainName: string, properties?: Record<string, unknown>): Promise<boolean>
  }

  export interface HawtioLogger {
    debug(...args: unknown[]): void
    info(...args: unknown[]): void
    warn(...args: unknown[]): void
    error(...args: unknown[]): void
  }

  export const Logger: {
    get(name: string): HawtioLogger
  }

  export const helpRegistry: {
    add(id: string, title: string, content: string, order?: number): void
  }
}
