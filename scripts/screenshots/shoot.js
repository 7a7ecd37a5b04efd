// Screenshots of Kontrol's main screens, as a dispatcher sees them: scripts/screenshots.sh starts Kontrol with its demo
// data and runs this. Usage: node shoot.js BASE_URL USER PASSWORD OUT_DIR
const puppeteer = require('puppeteer-core');
const fs = require('fs');
const path = require('path');

const [base, user, password, out] = process.argv.slice(2);
const widths = [
  { name: 'desktop', width: 1366, height: 860, isMobile: false },
  { name: 'phone', width: 390, height: 844, isMobile: true },
];

async function shoot(page, url, file) {
  await page.goto(base + url, { waitUntil: 'networkidle2' });
  await page.screenshot({ path: path.join(out, file) });
  console.log('  ' + file + '  ' + url);
}

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless=new'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(base + '/login', { waitUntil: 'networkidle2' });
    await page.type('#username', user);
    await page.type('#password', password);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[type=submit]')]);
    if (page.url().includes('/login')) {
      throw new Error('could not log in as ' + user);
    }
    // The demo's customer who waits for an answer: the first row of Needs reply, opened beside the list.
    await page.goto(base + '/communication/messages?view=needs_reply', { waitUntil: 'networkidle2' });
    const open = await page.$eval('#conversation-list a.conv-open', (a) => a.getAttribute('href'));
    const id = open.replace(/^.*\/conversations\/(\d+).*$/, '$1');
    for (const w of widths) {
      await page.setViewport({ width: w.width, height: w.height, isMobile: w.isMobile, hasTouch: w.isMobile });
      await shoot(page, '/communication/messages', `messages-${w.name}.png`);
      await shoot(page, open, `workspace-${w.name}.png`);
      await shoot(page, `/customers/${id}/sms`, `sms-tab-${w.name}.png`);
      await shoot(page, '/customers', `customers-${w.name}.png`);
      await shoot(page, '/my-day', `my-day-${w.name}.png`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
