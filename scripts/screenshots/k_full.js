const puppeteer = require('puppeteer-core');
const [base, user, password, out] = process.argv.slice(2);
(async () => {
  const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless=new'] });
  const page = await browser.newPage();
  await page.setViewport({ width: 1366, height: 860 });
  await page.goto(base + '/login', { waitUntil: 'networkidle2' });
  await page.type('#username', user);
  await page.type('#password', password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle2' }), page.click('button[type=submit]')]);
  const auth = 'Basic ' + Buffer.from(user + ':' + password).toString('base64');
  const convs = await (await fetch(base + '/api/v1/conversations', { headers: { Authorization: auth } })).json();
  const list = convs.conversations || convs;
  for (const c of list.slice(0, 2)) {
    await fetch(base + '/api/v1/conversations/' + c.customerId + '/close', { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json' } });
  }
  await page.goto(base + '/reports?range=7&hours=all', { waitUntil: 'networkidle2' });
  await page.screenshot({ path: out + '/reports-full.png', fullPage: true });
  const d = new Date().toISOString().slice(0, 10);
  await page.goto(base + '/reports/rows?kind=closed&from=2026-12-01&to=' + d, { waitUntil: 'networkidle2' });
  await page.screenshot({ path: out + '/rows.png' });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
