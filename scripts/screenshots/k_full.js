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
  await page.goto(base + '/communication/messages?view=all', { waitUntil: 'networkidle2' });
  const open = await page.$eval('#conversation-list a.conv-open', (a) => a.getAttribute('href'));
  await page.goto(base + open, { waitUntil: 'networkidle2' });
  await page.click('details.export summary');
  await page.screenshot({ path: out + '/card.png' });
  const id = open.replace(/^.*\/conversations\/(\d+).*$/, '$1');
  const r = await page.evaluate(async (u) => { const x = await fetch(u); return x.status + ' ' + x.headers.get('content-type') + ' ' + (await x.arrayBuffer()).byteLength; }, '/customers/' + id + '/export?format=pdf');
  console.log('export', r);
  const pdf = await page.evaluate(async (u) => { const x = await fetch(u); const b = new Uint8Array(await x.arrayBuffer()); let s=''; for (const c of b) s += String.fromCharCode(c); return btoa(s); }, '/customers/' + id + '/export?format=pdf');
  require('fs').writeFileSync(out + '/thread.pdf', Buffer.from(pdf, 'base64'));
  await page.goto(base + '/reports?range=7&hours=all', { waitUntil: 'networkidle2' });
  await page.screenshot({ path: out + '/reports-full.png', fullPage: true });
  const d = new Date().toISOString().slice(0, 10);
  await page.goto(base + '/reports/rows?kind=closed&from=2026-12-01&to=' + d, { waitUntil: 'networkidle2' });
  await page.screenshot({ path: out + '/rows.png' });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
