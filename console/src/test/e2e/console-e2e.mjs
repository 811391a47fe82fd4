// Drives the console in Debian's Chromium as an on-call engineer would: open the printed URL, read the Memory
// page, resize a pool, take a histogram diff, hit the optimizer's cooldown, watch the banner turn amber as the
// application leaks, see a lowered threshold in the events feed, and try a platform operation the agent's policy
// denies (from Hawtio's own JMX page).
// Usage: node console-e2e.mjs <console URL> <agent Jolokia URL> <screenshot directory> <compiled format.js>
//        <agent token file>
// Prints one line "RESULT <json>" for ConsoleBrowserIT to check; a step that fails exits non-zero.
import { chromium } from 'playwright-core'
import { mkdirSync, readFileSync } from 'node:fs'
import { request } from 'node:http'
import { createRequire } from 'node:module'

const [consoleUrl, jolokiaUrl, shots, formatJs, tokenFile] = process.argv.slice(2)
const format = createRequire(import.meta.url)(formatJs)
mkdirSync(shots, { recursive: true })

/**
 * What the MBean server says, from the agent directly (reads need no token; no browser Origin either); with
 * `act`, as an operator with the access token.
 */
function jolokia(requests, act = false) {
  const headers = { 'Content-Type': 'application/json' }
  if (act) {
    headers.Authorization = 'Bearer ' + readFileSync(tokenFile, 'utf8').trim()
  }
  return new Promise((resolve, reject) => {
    const req = request(jolokiaUrl, { method: 'POST', headers }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { body += chunk })
      res.on('end', () => {
        try {
          resolve(JSON.parse(body).map(r => r.value))
        } catch (e) {
          reject(new Error(`agent answered ${res.statusCode}: ${body}`))
        }
      })
    })
    req.on('error', reject)
    req.end(JSON.stringify(requests))
  })
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const result = {}
const console_ = []
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
  page.setDefaultTimeout(60000)
  page.on('console', m => { if (m.type() === 'error') console_.push(m.text()) })

  // 1. The printed URL lands on the Memory page of the agent, fully drawn.
  const opened = Date.now()
  await page.goto(consoleUrl)
  await page.getByTestId('memory-page').waitFor()
  await page.getByTestId('health-status').waitFor()
  await page.locator('figure.mm-chart svg').first().waitFor()
  result.renderMillis = Date.now() - opened
  result.url = page.url()
  await page.waitForTimeout(500)
  await page.screenshot({ path: `${shots}/console-memory.png`, fullPage: true })

  const [healthBefore] = await jolokia([{ type: 'read', mbean: 'io.memorymanager:type=Health', attribute: 'Status' }])
  result.healthStatus = (await page.getByTestId('health-status').innerText()).trim()
  const [healthAfter, heapMax, systemTotal] = await jolokia([
    { type: 'read', mbean: 'io.memorymanager:type=Health', attribute: 'Status' },
    { type: 'read', mbean: 'io.memorymanager:type=JvmMemory', attribute: 'HeapMaxBytes' },
    { type: 'read', mbean: 'io.memorymanager:type=SystemMemory', attribute: 'TotalBytes' },
  ])
  result.healthFromMBean = [healthBefore, healthAfter]
  result.bannerStatus = await page.getByTestId('health-banner').getAttribute('data-status')
  result.heapMaxBytes = Number(await page.getByTestId('heap-max').getAttribute('data-value'))
  result.heapMaxText = (await page.getByTestId('heap-max').innerText()).trim()
  result.heapMaxExpected = format.bytes(Number(heapMax))
  result.heapMaxFromMBean = Number(heapMax)
  result.systemTotalBytes = Number(await page.getByTestId('system-total').getAttribute('data-value'))
  result.systemTotalText = (await page.getByTestId('system-total').innerText()).trim()
  result.systemTotalExpected = format.bytes(Number(systemTotal))
  result.systemTotalFromMBean = Number(systemTotal)
  result.chartCount = await page.locator('figure.mm-chart svg').count()
  // the memory budget card: the limit and level the MBean has, formatted
  const [limitBytes, budgetLevel] = await jolokia([
    { type: 'read', mbean: 'io.memorymanager:type=MemoryBudget', attribute: 'LimitBytes' },
    { type: 'read', mbean: 'io.memorymanager:type=MemoryBudget', attribute: 'Level' },
  ])
  result.budgetLimitBytes = Number(await page.getByTestId('budget-limit').getAttribute('data-value'))
  result.budgetLimitFromMBean = Number(limitBytes)
  result.budgetLimitText = (await page.getByTestId('budget-limit').innerText()).trim()
  result.budgetLimitExpected = format.bytes(Number(limitBytes))
  result.budgetLevel = (await page.getByTestId('budget-level').innerText()).trim()
  result.budgetLevelFromMBean = budgetLevel
  result.budgetComponents = (await page.getByTestId('budget-components').innerText()).trim()
  result.leakStatus = (await page.getByTestId('leak-status').innerText()).trim()
  result.exhaustionText = (await page.getByTestId('leak-exhaustion').innerText()).trim()

  // 2. Resize a pool and see the new size.
  await page.getByRole('tab', { name: 'Pools, caches, breakers' }).click()
  const row = page.getByTestId('pool-e2e-pool')
  await row.waitFor()
  result.poolMaxBefore = (await row.getByTestId('pool-max-size').innerText()).trim()
  result.poolSizingBefore = (await row.getByTestId('pool-sizing').innerText()).trim()
  await row.getByLabel('New maximum size of e2e-pool').fill('6')
  await row.getByRole('button', { name: 'Resize to 6' }).click()
  result.resizeText = (await page.getByTestId('resize-result').innerText()).trim()
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="pool-e2e-pool"] [data-testid="pool-max-size"]')?.textContent?.trim() === '6')
  result.poolMaxAfter = (await row.getByTestId('pool-max-size').innerText()).trim()
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="pool-resizes"]')?.textContent?.includes('by operator'))
  result.poolResizes = (await page.getByTestId('pool-resizes').first().innerText()).trim()
  result.poolSizingAfter = (await row.getByTestId('pool-sizing').innerText()).trim()
  const [maxSize] = await jolokia([{ type: 'read', mbean: 'io.memorymanager:type=ObjectPool,name=e2e-pool', attribute: 'MaxSize' }])
  result.poolMaxFromMBean = maxSize
  await page.screenshot({ path: `${shots}/console-pools.png`, fullPage: true })

  // 3. A histogram diff: the baseline, then (after the profiler's 10 s between histograms) the growing class first.
  await page.getByRole('tab', { name: 'Profiler' }).click()
  const diffButton = page.getByRole('button', { name: 'Take a histogram and show what grew since the last' })
  // The leak detector takes histograms too (they share the profiler's 10 s limit): a refusal says when to try
  // again, and a person would.
  await diffButton.click()
  await page.getByTestId('diff-baseline').or(page.getByTestId('diff-table')).or(page.getByTestId('refusal')).first().waitFor()
  result.diffTries = 1
  for (;;) {
    await page.waitForTimeout(11000)
    await diffButton.click()
    await page.getByTestId('diff-table').or(page.getByTestId('refusal')).first().waitFor()
    if (await page.getByTestId('diff-table').count() > 0 || result.diffTries >= 4) {
      break
    }
    result.diffTries++
  }
  await page.getByTestId('diff-table').waitFor()
  result.diffFirstClass = (await page.getByTestId('diff-table').locator('tbody tr').first().locator('td').first().innerText()).trim()
  await page.screenshot({ path: `${shots}/console-histogram-diff.png`, fullPage: true })

  // 4. The optimizer: a report, then the cooldown's refusal in words.
  await page.getByRole('tab', { name: 'Optimizer' }).click()
  await page.getByRole('button', { name: 'Trim the object pools' }).click()
  await page.getByTestId('optimizer-report').waitFor()
  result.reportText = (await page.getByTestId('optimizer-report').innerText()).trim()
  await page.screenshot({ path: `${shots}/console-optimizer-report.png`, fullPage: true })
  await page.getByRole('button', { name: 'Trim the object pools' }).click()
  await page.getByTestId('refusal').waitFor()
  result.cooldownText = (await page.getByTestId('refusal').innerText()).trim()
  await page.screenshot({ path: `${shots}/console-optimizer-refusal.png`, fullPage: true })

  // 5. The application leaks (a short leak window, set on its agent): the banner turns amber and the Overview
  // names the leaking class. Before the next step, whose lowered thresholds would make Health DOWN.
  await page.getByRole('tab', { name: 'Overview' }).click()
  await page.waitForFunction(() =>
    document.querySelector('[data-testid="health-banner"]')?.getAttribute('data-status') === 'DEGRADED' &&
    (document.querySelector('[data-testid="health-reasons"]')?.textContent ?? '').includes('leak detector: HEAP'),
  null, { timeout: 300000, polling: 1000 })
  result.leakAmberAfterMillis = Date.now() - opened
  await page.getByTestId('leak-suspects').filter({ hasText: 'com.acme.orders.OrderRecord' }).waitFor({ timeout: 120000 })
  result.leakNamedAfterMillis = Date.now() - opened
  result.leakBanner = await page.getByTestId('health-banner').getAttribute('data-status')
  result.leakBannerClass = await page.getByTestId('health-banner').getAttribute('class')
  result.leakReasons = (await page.getByTestId('health-reasons').innerText()).trim()
  result.leakTopSuspect = (await page.getByTestId('leak-suspects').locator('li').first().innerText()).trim()
  result.leakVerdict = (await page.getByTestId('leak-status').innerText()).trim()
  // The MBean names the alarm too. Read apart from the page's poll, a moment later: on this one-minute window the
  // detector judges every second, and its last quarter (11-15 s) can fall between two collections that move the
  // floor, which then reads "growth has stopped" (INFO) for some seconds (seen: 8); up to 20 s. The default
  // window's quarter is 2.5 minutes.
  let leakStatus, leakSuspects
  result.leakStatusReadsBeforeAlarm = 0
  for (let tries = 0; tries < 20; tries++) {
    ;[leakStatus, leakSuspects] = await jolokia([
      { type: 'read', mbean: 'io.memorymanager:type=LeakDetector', attribute: 'Status' },
      { type: 'read', mbean: 'io.memorymanager:type=LeakDetector', attribute: 'Suspects' },
    ])
    if (leakStatus === 'WARNING' || leakStatus === 'CRITICAL') break
    result.leakStatusReadsBeforeAlarm++
    await new Promise(resolve => setTimeout(resolve, 1000))
  }
  result.leakStatusFromMBean = leakStatus
  result.leakTopSuspectFromMBean = leakSuspects.length > 0 ? leakSuspects[0].className : ''
  await page.screenshot({ path: `${shots}/console-leak.png`, fullPage: true })

  // 6. Somebody lowers a Monitor threshold: the events feed says what happened, in words.
  await page.getByRole('tab', { name: /^Events/ }).click()
  const [lowered] = await jolokia([{ type: 'exec', mbean: 'io.memorymanager:type=Monitor', operation: 'setThresholds',
    arguments: ['system', 1, 2] }], true)
  result.thresholdsLowered = lowered === null
  const pressure = page.getByTestId('events').locator('li', { hasText: 'Memory pressure NORMAL → CRITICAL' })
  await pressure.waitFor()
  result.pressureEvent = (await pressure.innerText()).trim()
  await page.screenshot({ path: `${shots}/console-events.png`, fullPage: true })

  // 7. A platform operation the agent's policy denies, from Hawtio's JMX page of the same connection.
  await page.goto(new URL('/hawtio/jmx', consoleUrl).href)
  await page.getByText('java.lang', { exact: true }).first().waitFor()
  result.denied = await operation(page, ['java.lang', 'Memory'], 'gc()', [])
  await page.screenshot({ path: `${shots}/console-denied.png` })
} finally {
  await browser.close()
}
result.consoleErrors = console_.slice(0, 10)
console.log('RESULT ' + JSON.stringify(result))

/** The tree item at `path` (domain, then type, then name), found level by level. */
function treeItem(page, path) {
  let scope = page.locator('ul[role="tree"]')
  let item = null
  for (const name of path) {
    item = scope.locator(':scope > li[role="treeitem"]').filter({
      has: page.locator(':scope > div button.pf-v5-c-tree-view__node-text', { hasText: new RegExp('^' + escape(name) + '$') }),
    }).first()
    scope = item.locator(':scope > ul')
  }
  return item
}

/** Expands the tree down to `path` and selects its last node. */
async function select(page, path) {
  for (let i = 1; i <= path.length; i++) {
    const item = treeItem(page, path.slice(0, i))
    await item.waitFor()
    if (i < path.length) {
      const toggle = item.locator(':scope > div button.pf-v5-c-tree-view__node-toggle')
      if ((await item.getAttribute('aria-expanded')) === 'false' && (await toggle.count()) > 0) {
        await toggle.click()
      }
    } else {
      await item.locator(':scope > div button.pf-v5-c-tree-view__node-text').click()
    }
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Selects the MBean at `path`, runs `signature` with `args` from the Operations tab, returns the result text. */
async function operation(page, path, signature, args) {
  await select(page, path)
  await page.getByText('Operations', { exact: true }).first().click()
  const op = page.locator(`li[aria-labelledby="operation ${signature}"]`)
  await op.getByRole('button', { name: 'Details' }).click()
  const inputs = op.locator('section input')
  for (let i = 0; i < args.length; i++) {
    await inputs.nth(i).fill(args[i])
  }
  await op.getByRole('button', { name: 'Execute' }).click()
  await op.getByText('Result', { exact: true }).waitFor()
  await page.waitForTimeout(500)
  const text = await op.innerText()
  return text.slice(text.indexOf('Result') + 'Result'.length).trim()
}
