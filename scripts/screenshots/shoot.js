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
    // My day shows a technician's day: a technician is given a visit of today at that customer's, and their
    // conversation, as a dispatcher would (the demo data has no visit).
    const auth = 'Basic ' + Buffer.from(user + ':' + password).toString('base64');
    const api = async (url, body, method = 'POST') => {
      const response = await fetch(base + url, {
        method,
        headers: { Authorization: auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(url + ': ' + response.status + ' ' + (await response.text()));
      return response.json();
    };
    const tech = { username: 'sam', name: 'Sam Rivera', password: 'boiler-flush-copper-42', role: 'staff', mobile: '+14155550142' };
    await api('/api/v1/users', tech);
    const job = await api('/api/v1/jobs', { customerId: Number(id), title: 'Boiler service' });
    const today = new Date().toLocaleDateString('en-CA'); // the server's zone: it runs on this machine
    await api(`/api/v1/jobs/${job.id}/visits`, { date: today, window: '13:00-15:00', technician: tech.username });
    await api(`/api/v1/conversations/${id}/owner`, { username: tech.username });
    const techPage = await (await browser.createBrowserContext()).newPage();
    await techPage.goto(base + '/login', { waitUntil: 'networkidle2' });
    await techPage.type('#username', tech.username);
    await techPage.type('#password', tech.password);
    await Promise.all([techPage.waitForNavigation({ waitUntil: 'networkidle2' }), techPage.click('button[type=submit]')]);
    for (const w of widths) {
      await page.setViewport({ width: w.width, height: w.height, isMobile: w.isMobile, hasTouch: w.isMobile });
      await shoot(page, '/communication/messages', `messages-${w.name}.png`);
      await shoot(page, open, `workspace-${w.name}.png`);
      await shoot(page, `/customers/${id}/sms`, `sms-tab-${w.name}.png`);
      await shoot(page, '/customers', `customers-${w.name}.png`);
      await techPage.setViewport({ width: w.width, height: w.height, isMobile: w.isMobile, hasTouch: w.isMobile });
      await shoot(techPage, '/my-day', `my-day-${w.name}.png`);
    }
    // Reports once someone answered the waiting customer; waits on the clock, whatever the hour this runs at.
    await api(`/api/v1/customers/${id}/messages`, { body: 'Sorry for the wait: we can come in about two hours.' });
    for (const w of widths) {
      await page.setViewport({ width: w.width, height: w.height, isMobile: w.isMobile, hasTouch: w.isMobile });
      await shoot(page, '/reports?range=7&hours=all', `reports-${w.name}.png`);
    }
  } finally {
    await browser.close();
  }
})().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
