#!/usr/bin/env node
// A real browser login: Debian's chromium, headless, driven by playwright-core, from an
// authorization URL through the provider's own sign-in and consent pages to the page the
// daemon's loopback listener answers; a screenshot of that last page is kept.
//
//   node browser.mjs --url URL --user NAME --password PASSWORD --screenshot FILE.png
//
// Prints one JSON line: {"url": the last page's URL, "title", "text": its visible text}.
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, index, all) => {
    if (arg.startsWith('--')) pairs.push([arg.slice(2), all[index + 1]]);
    return pairs;
  }, []),
);
for (const key of ['url', 'user', 'password', 'screenshot']) {
  if (!args[key]) {
    console.error(`browser.mjs: --${key} is required`);
    process.exit(2);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // As root in CI, and on a machine whose network is closed: no sandbox, no background traffic.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(20000);
  await page.goto(args.url);
  // The provider's sign-in page.
  await page.fill('input[name="username"]', args.user);
  await page.fill('input[name="password"]', args.password);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  // Its consent page: authorize the client.
  await Promise.all([page.waitForNavigation(), page.click('input[name="allow"]')]);
  await page.waitForLoadState('load');
  await page.screenshot({ path: args.screenshot, fullPage: true });
  console.log(JSON.stringify({
    url: page.url(),
    title: await page.title(),
    text: await page.innerText('body'),
  }));
} finally {
  await browser.close();
}
