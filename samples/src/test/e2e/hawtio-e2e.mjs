// Drives the demo's console in Debian's Chromium the way a person would: open it (the Memory page), go to Hawtio's
// JMX page, find the io.memorymanager tree, read attributes, look at a chart, run operations, and try a denied one.
// Usage: node hawtio-e2e.mjs <start page URL> <screenshot directory> [stock]
// With "stock", the start page is that of a stock Hawtio (no Memory page, no token): the tree and reads only.
// Prints one line "RESULT <json>" for DemoHawtioIT to check; any step that fails exits non-zero.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [startUrl, shots, mode] = process.argv.slice(2);
const stock = mode === 'stock';
mkdirSync(shots, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(30000);
  await page.goto(startUrl);

  // The start page presets the connection and lands on the console's Memory page; Hawtio's JMX tree is a click away.
  // A stock Hawtio lands on its JMX page.
  if (!stock) {
    await page.getByTestId('memory-page').waitFor();
    await page.getByTestId('health-status').waitFor();
    result.landedOn = new URL(page.url()).pathname;
    result.health = (await page.getByTestId('health-status').innerText()).trim();
    await page.screenshot({ path: `${shots}/demo-memory.png`, fullPage: true });
  }
  await page.getByRole('link', { name: 'JMX', exact: true }).first().click();
  await page.getByText('io.memorymanager', { exact: true }).waitFor();
  await select(page, ['io.memorymanager']);
  for (const kind of ['SystemMemory', 'JvmMemory', 'Monitor', 'LeakDetector', 'Profiler', 'Optimizer', 'Health']) {
    await treeItem(page, ['io.memorymanager', kind]).waitFor();
  }
  result.treeShown = true;
  await page.screenshot({ path: `${shots}/${stock ? 'stock-' : ''}hawtio-tree.png` });

  result.systemTotalBytes = await attribute(page, ['io.memorymanager', 'SystemMemory'], 'TotalBytes');
  await page.screenshot({ path: `${shots}/hawtio-system-memory.png` });
  result.jvmHeapMaxBytes = await attribute(page, ['io.memorymanager', 'JvmMemory'], 'HeapMaxBytes');
  result.jvmThreadCount = await attribute(page, ['io.memorymanager', 'JvmMemory'], 'ThreadCount');
  if (stock) {
    result.url = page.url();
    await browser.close();
    console.log('RESULT ' + JSON.stringify(result));
    process.exit(0);
  }

  await page.getByRole('tab', { name: 'Chart' }).or(page.getByText('Chart', { exact: true })).first().click();
  // One card per numeric attribute, titled "JvmMemory: <attribute>: <value>", each with a chart of its values.
  const heapChart = page.getByRole('heading', { name: /^JvmMemory: HeapUsedBytes: \d+/ });
  await heapChart.waitFor();
  await page.waitForTimeout(4000);
  result.chartTitle = (await heapChart.innerText()).trim();
  result.chartCards = await page.getByRole('heading', { name: /^JvmMemory: / }).count();
  await page.screenshot({ path: `${shots}/hawtio-chart.png` });

  result.trimPools = await operation(page, ['io.memorymanager', 'Optimizer'], 'trimPools()', []);
  await page.screenshot({ path: `${shots}/hawtio-operation.png` });
  result.classHistogram = await operation(page, ['io.memorymanager', 'Profiler'], 'classHistogram(int)', ['5']);
  result.startLeak = await operation(page, ['io.memorymanager', 'Demo', 'workload'], 'startLeak()', []);
  result.resize = await operation(page, ['io.memorymanager', 'ObjectPool', 'demo-connections'], 'resize(int)', ['6']);
  result.denied = await operation(page, ['java.lang', 'Memory'], 'gc()', []);
  await page.screenshot({ path: `${shots}/hawtio-denied.png` });
} finally {
  await browser.close();
}
console.log('RESULT ' + JSON.stringify(result));

/** The tree item at `path` (domain, then type, then name), found level by level. */
function treeItem(page, path) {
  let scope = page.locator('ul[role="tree"]');
  let item = null;
  for (const name of path) {
    item = scope.locator(':scope > li[role="treeitem"]').filter({
      has: page.locator(':scope > div button.pf-v5-c-tree-view__node-text', { hasText: new RegExp('^' + escape(name) + '$') }),
    }).first();
    scope = item.locator(':scope > ul');
  }
  return item;
}

/** Expands the tree down to `path` and selects its last node. */
async function select(page, path) {
  for (let i = 1; i <= path.length; i++) {
    const item = treeItem(page, path.slice(0, i));
    await item.waitFor();
    if (i < path.length) {
      const toggle = item.locator(':scope > div button.pf-v5-c-tree-view__node-toggle');
      if ((await item.getAttribute('aria-expanded')) === 'false' && (await toggle.count()) > 0) {
        await toggle.click();
      }
    } else {
      await item.locator(':scope > div button.pf-v5-c-tree-view__node-text').click();
    }
  }
  // a folder is expanded too, to show what it holds
  const last = treeItem(page, path);
  const toggle = last.locator(':scope > div button.pf-v5-c-tree-view__node-toggle');
  if ((await last.getAttribute('aria-expanded')) === 'false' && (await toggle.count()) > 0) {
    await toggle.click();
  }
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Selects the MBean at `path` and reads one attribute's value from the Attributes table. */
async function attribute(page, path, attr) {
  await select(page, path);
  await page.getByRole('tab', { name: 'Attributes' }).or(page.getByText('Attributes', { exact: true })).first().click();
  const row = page.locator('tr', { has: page.getByText(attr, { exact: true }) });
  const value = row.locator('td').nth(1);
  await value.waitFor();
  return (await value.innerText()).trim();
}

/** Selects the MBean at `path`, runs `signature` with `args` from the Operations tab, returns the result text. */
async function operation(page, path, signature, args) {
  await select(page, path);
  await page.getByText('Operations', { exact: true }).first().click();
  const op = page.locator(`li[aria-labelledby="operation ${signature}"]`);
  await op.getByRole('button', { name: 'Details' }).click();
  const inputs = op.locator('section input');
  for (let i = 0; i < args.length; i++) {
    await inputs.nth(i).fill(args[i]);
  }
  await op.getByRole('button', { name: 'Execute' }).click();
  await op.getByText('Result', { exact: true }).waitFor();
  await page.waitForTimeout(500);
  const text = await op.innerText();
  return text.slice(text.indexOf('Result') + 'Result'.length).trim();
}
