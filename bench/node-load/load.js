#!/usr/bin/env node
// Load generator for Kontrol's inbound Twilio webhook that costs a core itself: autocannon (9.0.0) driving the
// connections, every request signed with Twilio's official Node SDK (twilio 6.2.0,
// twilio.getExpectedTwilioSignature) in autocannon's setupRequest. The counterpart of bench/InboundLoad.java
// (which is deliberately thin); bench/inbound.sh --client autocannon runs it.
//
//   node bench/node-load/load.js --url http://127.0.0.1:8080/api/webhooks/twilio/inbound --token <authToken> \
//        --seconds 20 --warmup 15 --connections 20 --out run.csv --summary run.summary
//   node bench/node-load/load.js --self-test
//
// Same requests as InboundLoad: a form-encoded POST with the parameters Twilio sends for an inbound SMS, a unique
// MessageSid (SM + 32 hex) per request, the same From and Body (derived from the SID), signed over --signed-url.
// --mix draws the same mix (known customers, bursts, new numbers, forged calls; the SID carries the request's part
// in the mix as InboundLoad's does). Same output: a CSV with one row per request (sid,status,latency_ms,phase,note
// and, with --mix, kind), so bench/verify-stored.sh reads it unchanged, and the same summary (stdout, and with
// --summary the same key=value lines). Not here: --resend-from (redelivery; InboundLoad does it) and --requests.
//
// Latency is autocannon's own per-request time (from just before the request is written, after it was built and
// signed, to the end of the response). autocannon keeps one request in flight per connection (no pipelining), so
// like InboundLoad this is a closed loop. A request's phase (warmup or measure) is decided when it is built, and
// throughput is the 200s of the measured window divided by the time from the end of the warm-up to the last
// answer, as in InboundLoad. After --warmup + --seconds no new request is sent; each connection ends with the answer
// to its last request (or that request's timeout).
'use strict';

const path = require('path');
const fs = require('fs');
const crypto = require('crypto');
const { performance } = require('perf_hooks');

// ---------------------------------------------------------------- options

function usage(error) {
  if (error) process.stderr.write(`error: ${error}\n`);
  process.stderr.write(`usage: node bench/node-load/load.js --url URL --token TOKEN [options]
       node bench/node-load/load.js --self-test

  --url URL            webhook to POST to (plain http)
  --signed-url URL     URL to compute the signature over, if not --url
  --token TOKEN        Twilio auth token the server validates with
  --account-sid SID    AccountSid parameter (default: random AC + 32 hex)
  --to NUMBER          To parameter (default +14155550100)
  --from-numbers N     spread From over N numbers +14155551000.. (default 1000)
  --seconds S          measured duration (default 20)
  --warmup S           warm-up before the measured window; its SIDs are still recorded (default 5)
  --connections N      concurrent keep-alive connections, one request in flight each (default 20)
  --timeout-ms MS      request timeout (default 10000; autocannon's timeout is in whole seconds, rounded up)
  --out FILE           CSV: sid,status,latency_ms,phase,note (one row per request)
  --summary FILE       also write the summary as key=value lines
  --label NAME         name for the summary (default "load")
  --quiet              no progress lines on stderr
  --self-test          check the SDK's signatures against REFERENCE.md s.1.4 vectors and the SID/mix code, and exit

mix (--mix), as bench/InboundLoad.java:
  --mix, --customers N (40), --burst-customers K (10), --new-pct P (20), --forged-pct F (5)
`);
  process.exit(2);
}

function parse(argv) {
  const o = {
    url: null, signedUrl: null, token: null, accountSid: null, to: '+14155550100', fromNumbers: 1000,
    seconds: 20, warmup: 5, connections: 20, timeoutMs: 10000, out: null, summary: null, label: 'load',
    quiet: false, selfTest: false, mix: false, customers: 40, burstCustomers: 10, newPct: 20, forgedPct: 5,
  };
  const num = (a, v, int) => {
    const n = Number(v);
    if (v === '' || !Number.isFinite(n) || (int && !Number.isInteger(n))) usage(`bad number for ${a}: ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--self-test') { o.selfTest = true; continue; }
    if (a === '--quiet') { o.quiet = true; continue; }
    if (a === '--mix') { o.mix = true; continue; }
    if (a === '-h' || a === '--help') usage(null);
    if (i + 1 >= argv.length) usage(`missing value for ${a}`);
    const v = argv[++i];
    switch (a) {
      case '--url': o.url = v; break;
      case '--signed-url': o.signedUrl = v; break;
      case '--token': o.token = v; break;
      case '--account-sid': o.accountSid = v; break;
      case '--to': o.to = v; break;
      case '--from-numbers': o.fromNumbers = num(a, v, true); break;
      case '--seconds': o.seconds = num(a, v); break;
      case '--warmup': o.warmup = num(a, v); break;
      case '--connections': o.connections = num(a, v, true); break;
      case '--timeout-ms': o.timeoutMs = num(a, v, true); break;
      case '--out': o.out = v; break;
      case '--summary': o.summary = v; break;
      case '--label': o.label = v; break;
      case '--customers': o.customers = num(a, v, true); break;
      case '--burst-customers': o.burstCustomers = num(a, v, true); break;
      case '--new-pct': o.newPct = num(a, v); break;
      case '--forged-pct': o.forgedPct = num(a, v); break;
      default: usage(`unknown option ${a}`);
    }
  }
  if (o.customers < 1 || o.customers > 4000 || o.burstCustomers < 0 || o.burstCustomers > o.customers
      || o.newPct < 0 || o.newPct > 100 || o.forgedPct < 0 || o.forgedPct > 100) {
    usage('out-of-range mix option value');
  }
  if (o.selfTest) return o;
  if (!o.url || !o.token) usage('--url and --token are required');
  if (o.connections < 1 || o.seconds < 0 || o.warmup < 0 || o.fromNumbers < 1 || o.fromNumbers > 9000 || o.timeoutMs < 1) {
    usage('out-of-range option value');
  }
  if (!/^http:\/\//i.test(o.url)) usage(`--url must be plain http://: ${o.url}`);
  o.signedUrl = o.signedUrl || o.url;
  o.accountSid = o.accountSid || 'AC' + randomHex(32);
  return o;
}

// ---------------------------------------------------------------- messages (as InboundLoad.java)

function randomHex(chars) {
  return crypto.randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
}

const MASK64 = (1n << 64n) - 1n;
const hex16 = (v) => v.toString(16).padStart(16, '0');
// splitmix64 finaliser: a bijection on 64-bit values, so distinct sequence numbers give distinct SIDs
function mix64(z) {
  z &= MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

// Unique per run: SM + 16 hex that vary per request + 16 hex run id (with --mix, its last 4 hex carry the plan).
class SidGenerator {
  constructor() {
    this.salt = BigInt('0x' + randomHex(16));
    this.runId = randomHex(16);
  }

  sid(seq, plan) {
    const head = 'SM' + hex16(mix64(BigInt(seq) + this.salt));
    return plan === undefined ? head + this.runId : head + this.runId.slice(0, 12) + plan.toString(16).padStart(4, '0');
  }
}

const K_PLAIN = 0, K_KNOWN = 1, K_BURST = 2, K_NEW = 3, K_FORGED = 4;
const KINDS = ['plain', 'known', 'burst', 'new', 'forged'];
const FORGED_BIT = 8;

// Java's String.hashCode (UTF-16 code units), so From and the forged kind match InboundLoad's for the same SID
function javaHash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

const planOf = (sid) => parseInt(sid.slice(30, 34), 16);

function kindOf(o, sid) {
  if (!o.mix) return K_PLAIN;
  const nibble = planOf(sid) >>> 12;
  return (nibble & FORGED_BIT) !== 0 ? K_FORGED : (nibble & 7);
}

const customerNumber = (index) => '+1415555' + (2000 + index);

// A number that matches no customer: +1 628 [2-9]XX XXXX from the SID's random part (8 million of them).
function newNumber(sid) {
  const v = BigInt('0x' + sid.slice(2, 18));
  return '+1628' + (2n + (v & 7n)) + ((v >> 3n) % 1000000n).toString().padStart(6, '0');
}

// The mix, drawn as InboundLoad's MixSource: forgedPct of all calls forged (from a known customer or a new number);
// of the others newPct from a new number and the rest from a known customer, picked uniformly. When one of the first
// burstCustomers is picked, half the time it starts a burst: 3-8 texts, 0-140 ms apart, whose later texts take the
// next known-customer draws once they are due.
class MixSource {
  constructor(o) {
    this.o = o;
    this.gen = new SidGenerator();
    this.pending = []; // [dueMs, customer], few
    this.burstLeft = new Int32Array(o.customers);
    this.seq = 0;
    this.bursts = 0;
  }

  next() {
    const o = this.o;
    const now = performance.now();
    const rnd = Math.random;
    const int = (n) => Math.floor(rnd() * n);
    let plan;
    if (rnd() * 100 < o.forgedPct) {
      const asNew = rnd() * 100 < o.newPct;
      plan = ((FORGED_BIT | (asNew ? K_NEW : K_KNOWN)) << 12) | (asNew ? 0 : int(o.customers));
    } else if (rnd() * 100 < o.newPct) {
      plan = K_NEW << 12;
    } else {
      let due = -1;
      for (let i = 0; i < this.pending.length; i++) {
        if (due < 0 || this.pending[i][0] < this.pending[due][0]) due = i;
      }
      if (due >= 0 && this.pending[due][0] <= now) {
        const c = this.pending[due][1];
        this.pending.splice(due, 1);
        this.burstLeft[c]--;
        plan = (K_BURST << 12) | c;
      } else {
        const c = int(o.customers);
        if (c < o.burstCustomers && this.burstLeft[c] === 0 && rnd() < 0.5) {
          const n = 3 + int(6);
          let t = now;
          for (let i = 1; i < n; i++) {
            t += int(141);
            this.pending.push([t, c]);
          }
          this.burstLeft[c] = n - 1;
          this.bursts++;
          plan = (K_BURST << 12) | c;
        } else {
          plan = (K_KNOWN << 12) | c;
        }
      }
    }
    return this.gen.sid(this.seq++, plan);
  }
}

class PlainSource {
  constructor() {
    this.gen = new SidGenerator();
    this.seq = 0;
  }

  next() {
    return this.gen.sid(this.seq++);
  }
}

// The inbound-SMS parameters (REFERENCE.md s.2), in the order Twilio tends to send them; signing sorts.
function inboundParams(o, sid) {
  let from;
  if (o.mix) {
    const plan = planOf(sid);
    from = ((plan >>> 12) & 7) === K_NEW ? newNumber(sid) : customerNumber((plan & 0xfff) % o.customers);
  } else {
    from = '+1415555' + (1000 + (javaHash(sid) & 0x7fffffff) % o.fromNumbers);
  }
  return {
    SmsMessageSid: sid,
    NumMedia: '0',
    SmsSid: sid,
    SmsStatus: 'received',
    Body: 'Hi & welcome, \u00f1and\u00fa \u2713 \ud83d\ude00 msg ' + sid.slice(2, 10) + ' (a+b=c; 100%)',
    To: o.to,
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: o.accountSid,
    From: from,
    ApiVersion: '2010-04-01',
  };
}

// ---------------------------------------------------------------- signing: Twilio's SDK, every request

let twilioSdk = null;
function sdkSign(token, url, params) {
  if (!twilioSdk) twilioSdk = require('twilio');
  return twilioSdk.getExpectedTwilioSignature(token, url, params);
}

// A forged call (--mix) carries a bad signature of one of three kinds, picked from the SID as InboundLoad does:
// another auth token, the right token over a different Body, or the right token over another URL.
function signatureFor(o, sid, params) {
  if (kindOf(o, sid) !== K_FORGED) return sdkSign(o.token, o.signedUrl, params);
  switch ((javaHash(sid) & 0x7fffffff) % 3) {
    case 0: return sdkSign(o.token + '-forged', o.signedUrl, params);
    case 1: return sdkSign(o.token, o.signedUrl, { ...params, Body: 'Please call me back' });
    default: return sdkSign(o.token, o.signedUrl.replace(/^http:/, 'https:'), params);
  }
}

// ---------------------------------------------------------------- results and summary (as InboundLoad.java)

const WARMUP = 0, MEASURE = 1;
const PHASES = ['warmup', 'measure'];
const ERROR = -1;

const fmt = (d) => (Math.round(d * 100) / 100).toFixed(2);

function pct(sorted, q) {
  if (sorted.length === 0) return 0;
  const idx = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
}

function summarize(o, all, windowStart, bursts) {
  let requests = 0, ok = 0, non200 = 0, errors = 0, connectErrors = 0;
  let totalOk = 0, totalNon200 = 0, totalErrors = 0;
  let forged = 0, forged403 = 0, forged200 = 0, totalForged403 = 0, totalForged200 = 0;
  const byKind = new Array(KINDS.length).fill(0);
  let lastEnd = windowStart;
  const statuses = new Map();
  const lat = [], latForged = [], latAll = [];
  for (const r of all) {
    const isForged = r.kind === K_FORGED;
    if (r.status === ERROR) {
      totalErrors++;
    } else if (isForged) {
      if (r.status === 403) totalForged403++;
      else { totalNon200++; if (r.status === 200) totalForged200++; }
    } else if (r.status === 200) {
      totalOk++;
    } else {
      totalNon200++;
    }
    if (r.phase !== MEASURE) continue;
    requests++;
    byKind[r.kind]++;
    const key = r.status === ERROR ? 'error' : String(r.status);
    statuses.set(key, (statuses.get(key) || 0) + 1);
    if (r.status === ERROR) {
      errors++;
      if (r.note === 'connect') connectErrors++;
    } else if (isForged) {
      forged++;
      if (r.status === 403) {
        forged403++;
        latForged.push(r.latency);
        latAll.push(r.latency);
      } else {
        non200++;
        if (r.status === 200) forged200++;
      }
    } else if (r.status === 200) {
      ok++;
      lat.push(r.latency);
      if (o.mix) latAll.push(r.latency);
    } else {
      non200++;
    }
    if (isForged && r.status === ERROR) forged++;
    lastEnd = Math.max(lastEnd, r.start + r.latency);
  }
  const byNum = (a, b) => a - b;
  lat.sort(byNum);
  const window = Math.max(1e-9, (lastEnd - windowStart) / 1000); // to the last answer of the window
  const s = new Map();
  s.set('label', o.label);
  s.set('url', o.url);
  s.set('connections', String(o.connections));
  s.set('warmup_s', fmt(o.warmup));
  s.set('window_s', fmt(window));
  s.set('requests', String(requests));
  s.set('ok', String(ok));
  s.set('non200', String(non200));
  s.set('errors', String(errors));
  s.set('connect_errors', String(connectErrors));
  s.set('rps', fmt(ok / window));
  s.set('p50_ms', fmt(pct(lat, 0.50)));
  s.set('p90_ms', fmt(pct(lat, 0.90)));
  s.set('p99_ms', fmt(pct(lat, 0.99)));
  s.set('max_ms', fmt(lat.length === 0 ? 0 : lat[lat.length - 1]));
  s.set('statuses', [...statuses.keys()].sort().map((k) => `${k}:${statuses.get(k)}`).join(' '));
  s.set('total_attempts', String(all.length));
  s.set('total_ok', String(totalOk));
  s.set('total_non200', String(totalNon200));
  s.set('total_errors', String(totalErrors));
  if (o.mix) {
    latForged.sort(byNum);
    latAll.sort(byNum);
    s.set('mix', `customers=${o.customers} burst_customers=${o.burstCustomers} new_pct=${fmt(o.newPct)} forged_pct=${fmt(o.forgedPct)}`);
    s.set('known', String(byKind[K_KNOWN]));
    s.set('burst', String(byKind[K_BURST]));
    s.set('new', String(byKind[K_NEW]));
    s.set('forged', String(forged));
    s.set('forged_403', String(forged403));
    s.set('forged_200', String(forged200));
    s.set('rps_all', fmt((ok + forged403) / window));
    s.set('all_p50_ms', fmt(pct(latAll, 0.50)));
    s.set('all_p99_ms', fmt(pct(latAll, 0.99)));
    s.set('forged_p50_ms', fmt(pct(latForged, 0.50)));
    s.set('forged_p99_ms', fmt(pct(latForged, 0.99)));
    s.set('total_forged_403', String(totalForged403));
    s.set('total_forged_200', String(totalForged200));
  }
  s.set('csv', o.out || '');
  if (o.mix) s.set('bursts_started', String(bursts));
  s.set('client', `autocannon ${pkgVersion('autocannon')}, requests signed with twilio ${pkgVersion('twilio')} (node ${process.version})`);
  return s;
}

function pkgVersion(name) {
  try {
    return require(`${name}/package.json`).version;
  } catch (e) {
    return '?';
  }
}

function printSummary(s) {
  const g = (k) => s.get(k);
  const out = [];
  out.push('');
  out.push(`== ${g('label')}: ${g('url')}, ${g('connections')} connections, ${g('warmup_s')}s warm-up, measured window ${g('window_s')}s`);
  out.push(`requests ${g('requests')} | 200 ${g('ok')} | ${s.has('mix') ? 'unexpected answers' : 'non-200'} ${g('non200')} | errors ${g('errors')} (connect ${g('connect_errors')}) | statuses {${g('statuses')}}`);
  out.push(`throughput ${g('rps')} req/s (200s only) | latency of 200s: p50 ${g('p50_ms')} ms, p90 ${g('p90_ms')} ms, p99 ${g('p99_ms')} ms, max ${g('max_ms')} ms`);
  if (s.has('mix')) {
    out.push(`mix (${g('mix')}): texts from known customers ${g('known')} singly + ${g('burst')} in bursts, from new numbers ${g('new')}; forged ${g('forged')}`
      + ` (403: ${g('forged_403')}, 200: ${g('forged_200')}) | answered as expected ${g('rps_all')} req/s, p50 ${g('all_p50_ms')} ms, p99 ${g('all_p99_ms')} ms | 403s: p50 ${g('forged_p50_ms')} ms, p99 ${g('forged_p99_ms')} ms`);
  }
  out.push(`all attempts incl. warm-up: ${g('total_attempts')} (200: ${g('total_ok')}, non-200: ${g('total_non200')}, errors: ${g('total_errors')})${g('csv') ? ' -> ' + g('csv') : ''}`);
  out.push(`client: ${g('client')}; new connections after a "Connection: close": ${g('reconnects_on_close')}`);
  process.stdout.write(out.join('\n') + '\n');
}

// ---------------------------------------------------------------- the load

function run(o) {
  const autocannon = require('autocannon');
  require('twilio'); // loaded before the clock starts
  const u = new URL(o.url);
  const source = o.mix ? new MixSource(o) : new PlainSource();
  const all = []; // one record per request that was sent: {sid, status, start, latency, phase, note, kind}
  const t0 = performance.now();
  const warmupEnd = t0 + o.warmup * 1000;
  const end = warmupEnd + o.seconds * 1000;
  let stopping = false;
  let okCount = 0, nonOk = 0, errCount = 0, forged403Count = 0, reopened = 0;

  // autocannon builds a connection's next request (setupRequest) right before writing it: the first at the
  // connection's creation, the next ones when the previous is answered, or when it is given up (timeout, error, the
  // server closing the connection; autocannon then reconnects and moves on to a new request). Each connection
  // (client) knows its request in flight; a request superseded without an answer is an error.
  function lost(rec, note) {
    if (rec.status !== undefined) return;
    rec.status = ERROR;
    rec.note = note;
    rec.latency = performance.now() - rec.start;
    errCount++;
  }

  function setupRequest(req, context) {
    const client = context.client; // undefined for a connection's first request (built before setupClient)
    const now = performance.now();
    const sid = source.next();
    const params = inboundParams(o, sid);
    const rec = { sid, status: undefined, start: now, latency: 0, phase: now < warmupEnd ? WARMUP : MEASURE, note: '', kind: kindOf(o, sid) };
    if (client && client.kDone) {
      // autocannon builds one more request after a connection was closed at the end; it is never written
      rec.unsent = true;
    } else {
      all.push(rec);
    }
    if (client) {
      if (client.kRec) lost(client.kRec, client.kNote || 'eof');
      client.kNote = null;
      client.kRec = rec;
    }
    context.rec = rec;
    req.method = 'POST';
    req.path = u.pathname + u.search;
    req.headers = {
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
      'X-Twilio-Signature': signatureFor(o, sid, params),
    };
    req.body = new URLSearchParams(params).toString();
    return req;
  }

  let clientsOpen = 0;
  const clients = [];
  function setupClient(client) {
    clientsOpen++;
    clients.push(client);
    const it = client.requestIterator;
    // the first request was built with the iterator's initial context; from here on every request's context (reset
    // before each request) points back to its connection
    client.kRec = it.context.rec;
    it.resetContext = function () { this.context = { client }; };
    it.context = { client, rec: client.kRec };
    // The end: a connection that gets an answer after --warmup + --seconds sends nothing more (the decision is taken
    // here, before autocannon builds the next request, so a request is either recorded and sent or neither).
    const finish = () => {
      if (!client.kDone) {
        client.kDone = true;
        client.destroy();
        if (--clientsOpen === 0) instance.stop();
      }
    };
    const over = () => stopping || performance.now() >= end;
    // autocannon 9.0.0 ignores "Connection: close": it writes the next request on the connection the server is
    // closing (Tomcat does so after 100 requests on one connection, its maxKeepAliveRequests), loses it when the
    // connection ends and moves on. Like InboundLoad (and any HTTP client), open a new connection first: autocannon's
    // own _connect with no request, so the request it is about to build goes out on the new connection.
    client.on('headers', (info) => { client.kClose = info && info.shouldKeepAlive === false; });
    const reopen = () => {
      const pipelining = client.opts.pipelining;
      client._destroyConnection();
      client.opts.pipelining = 0;
      try {
        client._connect();
      } finally {
        client.opts.pipelining = pipelining;
      }
      reopened++;
    };
    client.on('response', (status, bytes, duration) => {
      const rec = client.kRec;
      if (rec && rec.status === undefined) {
        rec.status = status;
        rec.latency = duration;
        if (rec.kind === K_FORGED) {
          if (status === 403) forged403Count++; else nonOk++;
        } else if (status === 200) {
          okCount++;
        } else {
          nonOk++;
        }
      }
      if (over()) {
        finish();
      } else if (client.kClose) {
        client.kClose = false;
        reopen();
      }
    });
    client.on('connError', (err) => {
      // emitted before autocannon reconnects (and builds the next request)
      client.kNote = err && err.syscall === 'connect' ? 'connect' : 'io';
      if (over()) {
        if (client.kRec) lost(client.kRec, client.kNote);
        finish();
      }
    });
    client.on('timeout', () => {
      // emitted after autocannon reconnected and built the next request: the one that timed out is the previous
      if (client.kPrevTimedOut) client.kPrevTimedOut.note = 'timeout';
      if (over()) {
        // the request built on the new connection is still waiting for the connection: it never leaves
        if (client.kRec && client.kRec.status === undefined) client.kRec.unsent = true;
        finish();
      }
    });
    // remember the request in flight before a reconnect supersedes it, to mark it as a timeout above
    client.on('request', () => { client.kPrevTimedOut = client.kRec; });
  }

  const timeoutS = Math.ceil(o.timeoutMs / 1000);
  const instance = autocannon({
    url: o.url,
    connections: o.connections,
    pipelining: 1,
    // autocannon's own end is a backstop: the run ends when every connection has its last answer
    duration: o.warmup + o.seconds + timeoutS + 5,
    timeout: timeoutS,
    requests: [{ setupRequest }],
    setupClient,
  }, () => {});

  // the end of the window: every connection finishes with the answer to its request in flight (or its timeout)
  const endTimer = setTimeout(() => {
    stopping = true;
    if (clientsOpen <= 0) instance.stop();
  }, Math.max(0, end - performance.now()));

  let progress = null;
  if (!o.quiet) {
    let last = 0;
    progress = setInterval(() => {
      process.stderr.write(`  [${o.label}] t=${((performance.now() - t0) / 1000).toFixed(0).padStart(4)}s  200s=${okCount} (+${okCount - last})  `
        + `${o.mix ? `forged 403s=${forged403Count}  unexpected ` : ''}non-200=${nonOk}  errors=${errCount}\n`);
      last = okCount;
    }, 5000);
  }

  instance.on('done', () => {
    clearTimeout(endTimer);
    if (progress) clearInterval(progress);
    const sent = all.filter((r) => !r.unsent);
    for (const r of sent) {
      if (r.status === undefined) lost(r, 'timeout'); // still in flight when autocannon's backstop ended the run
    }
    sent.sort((a, b) => a.start - b.start);
    if (o.out) {
      fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
      const lines = [o.mix ? 'sid,status,latency_ms,phase,note,kind' : 'sid,status,latency_ms,phase,note'];
      for (const r of sent) {
        lines.push(`${r.sid},${r.status === ERROR ? 'error' : r.status},${r.latency.toFixed(3)},${PHASES[r.phase]},${r.note}`
          + (o.mix ? ',' + KINDS[r.kind] : ''));
      }
      fs.writeFileSync(o.out, lines.join('\n') + '\n');
    }
    const s = summarize(o, sent, warmupEnd, source.bursts || 0);
    s.set('reconnects_on_close', String(reopened));
    if (o.summary) {
      fs.writeFileSync(o.summary, [...s].map(([k, v]) => `${k}=${v}\n`).join(''));
    }
    printSummary(s);
    // autocannon's timers of the destroyed connections would keep the process alive
    process.exit(0);
  });
}

// ---------------------------------------------------------------- self-test (REFERENCE.md s.1.4)

function selfTest() {
  let ok = true;
  const check = (name, expected, actual) => {
    const pass = expected === actual;
    process.stdout.write(`${pass ? 'PASS' : 'FAIL'} ${name.padEnd(58)} expected ${expected} got ${actual}\n`);
    ok = ok && pass;
  };
  const u = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  check('docs example (twilio.com webhooks-security)', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', sdkSign('12345', u,
    { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' }));
  check('SDK #11 special + unicode values', 'dCPiR4WtQ6QFN6pJh81CtlCcWLQ=', sdkSign('12345', u,
    { Message: 'Hello & goodbye! @#$%^*()', From: '+1 (415) 867-5309', Special: 'unicode: \u00f1\u00e1\u00e9\u00ed\u00f3\u00fa' }));
  check('SDK #15 case-sensitive ordinal sort', 'jDK7WKT8wiNrwggd4ceTv4e1MJ4=', sdkSign('12345', u,
    { callSid: 'lowercase', CallSid: 'uppercase', CALLSID: 'allcaps' }));
  const x32 = 'X'.repeat(32);
  check('project inbound-SMS vector (REFERENCE.md s.1.4)', 'icu4DpfbHLc8q//lDejrAaaH3kU=',
    sdkSign('12345', 'https://sms.example.com/api/webhooks/twilio/inbound', {
      AccountSid: 'AC' + x32, ApiVersion: '2010-04-01', Body: 'Hello & welcome \u00f1', From: '+14155550100',
      MessageSid: 'SM' + x32, NumMedia: '0', NumSegments: '1', SmsMessageSid: 'SM' + x32, SmsSid: 'SM' + x32,
      SmsStatus: 'received', To: '+14155550199',
    }));
  check('javaHash matches Java String.hashCode', '-862545276', String(javaHash('Hello World')));

  const o = { mix: false, accountSid: 'AC' + randomHex(32), to: '+14155550100', fromNumbers: 1000 };
  const gen = new SidGenerator();
  const sid = gen.sid(42);
  const params = inboundParams(o, sid);
  const decoded = Object.fromEntries(new URLSearchParams(new URLSearchParams(params).toString()));
  check('form body round-trips to the signed params', 'true', String(JSON.stringify(decoded) === JSON.stringify(params)));
  check('MessageSid shape SM + 32 hex', 'true', String(/^SM[0-9a-f]{32}$/.test(sid)));
  check('From is E.164 +1415555XXXX', 'true', String(/^\+1415555\d{4}$/.test(params.From)));
  const seen = new Set();
  for (let i = 0; i < 200000; i++) seen.add(gen.sid(i));
  check('200,000 generated SIDs are distinct', '200000', String(seen.size));

  const m = { ...o, mix: true, customers: 40, burstCustomers: 10, newPct: 20, forgedPct: 5, token: '12345',
    signedUrl: 'http://127.0.0.1:8080/api/webhooks/twilio/inbound' };
  const mix = new MixSource(m);
  const kinds = new Array(KINDS.length).fill(0);
  let fromOk = true, forgedOk = true, uniqueOk = true;
  const mixSeen = new Set();
  for (let i = 0; i < 20000; i++) {
    const msid = mix.next();
    const k = kindOf(m, msid);
    kinds[k]++;
    uniqueOk = uniqueOk && !mixSeen.has(msid) && /^SM[0-9a-f]{32}$/.test(msid);
    mixSeen.add(msid);
    const p = inboundParams(m, msid);
    const fromNew = ((planOf(msid) >>> 12) & 7) === K_NEW;
    fromOk = fromOk && (fromNew ? /^\+1628[2-9]\d{6}$/.test(p.From) : /^\+14155552\d{3}$/.test(p.From));
    if (k === K_FORGED && i < 4000) {
      forgedOk = forgedOk && signatureFor(m, msid, p) !== sdkSign(m.token, m.signedUrl, p);
    }
  }
  const genuine = 20000 - kinds[K_FORGED];
  check('mix: 20,000 SIDs distinct, SM + 32 hex', 'true', String(uniqueOk));
  check('mix: From is a customer\'s or a new number', 'true', String(fromOk));
  check('mix: forged signatures differ from the genuine one', 'true', String(forgedOk));
  check('mix: forged share ~5% (4-6%)', 'true', String(kinds[K_FORGED] > 800 && kinds[K_FORGED] < 1200));
  check('mix: new numbers ~20% of texts (18-22%)', 'true', String(kinds[K_NEW] > 0.18 * genuine && kinds[K_NEW] < 0.22 * genuine));
  check('mix: some texts in bursts', 'true', String(kinds[K_BURST] > 0 && mix.bursts > 0));
  process.stdout.write(ok ? 'self-test: all passed\n' : 'self-test: FAILED\n');
  return ok;
}

module.exports = { inboundParams, kindOf, javaHash, signatureFor, SidGenerator, MixSource };

if (require.main === module) {
  const opts = parse(process.argv.slice(2));
  if (opts.selfTest) {
    process.exit(selfTest() ? 0 : 1);
  }
  run(opts);
}
