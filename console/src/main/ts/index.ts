import { HawtioPlugin, Logger, hawtio, workspace } from '@hawtio/react'
import { MemoryPage } from './memory/MemoryPage'
import { DOMAIN } from './memory/memory-service'

const log = Logger.get('memory-manager')

/**
 * The plugin's entry point, which Hawtio calls once its /plugin endpoint has listed the plugin MBean
 * (hawtio:type=plugin,name=memoryManager: scope memoryManager, module ./plugin). The Memory page shows in the
 * navigation only for a connection whose JVM has Memory Manager's MBeans.
 */
export const plugin: HawtioPlugin = () => {
  log.info('Loading the Memory Manager plugin')
  hawtio.addPlugin({
    id: 'memory-manager',
    title: 'Memory',
    path: '/memory',
    // after JMX (order 10ish) and Runtime (16): Hawtio keeps 0-30 for its own plugins
    order: 31,
    component: MemoryPage,
    isActive: async () => workspace.treeContainsDomainAndProperties(DOMAIN),
  })
}
