/*
 * Load generator for Kontrol's inbound Twilio webhook (single-file Java 17 program, no dependencies).
 *
 *   java bench/InboundLoad.java --url http://127.0.0.1:8080/api/webhooks/twilio/inbound \
 *        --token <authToken> --seconds 20 --connections 20 --out bench/out/run.csv
 *   java bench/InboundLoad.java --self-test
 *
 * Every request is a form-encoded POST with the parameters Twilio sends for an inbound SMS
 * (docs/twilio/REFERENCE.md s.2) and a unique MessageSid, signed with X-Twilio-Signature =
 * Base64(HMAC-SHA1(authToken, url + concat(sorted(name) + value))) (REFERENCE.md s.1.1).
 *
 * The client shares the machine's cores with the server, so it is deliberately thin: one platform
 * thread per connection, raw HTTP/1.1 keep-alive over java.net.Socket, one request in flight per
 * connection (closed loop), no HTTP library. A connection that fails is reopened (with a 100 ms
 * pause while connecting is refused), so the run survives a server that is killed mid-run.
 *
 * Output: a CSV with one row per attempt (sid,status,latency_ms,phase,note), where status is the
 * HTTP status or "error" (no complete HTTP response: note says connect / io / timeout / eof), and a
 * summary on stdout (and, with --summary FILE, as key=value lines for scripts).
 * Only rows with status 200 are "acknowledged"; bench/verify-stored.sh checks those are stored once.
 *
 * With --mix the traffic is a realistic mix instead of 1,000 numbers that match no customer: most texts come
 * from a few dozen known customers (some of them texting in bursts of several texts within a second), the
 * rest from new numbers, and a share of the calls are forged (a bad X-Twilio-Signature; expected answer 403,
 * never acknowledged). Each request's part in the mix is encoded in its MessageSid, so a redelivery is still
 * byte-for-byte the same request; the CSV gets a sixth column, kind (known, burst, new, forged).
 */

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class InboundLoad {

    // ---------------------------------------------------------------- options

    static final class Options {
        String url;
        String signedUrl;
        String token;
        String accountSid;
        String to = "+14155550100";
        int fromNumbers = 1000;
        double seconds = 20;
        double warmup = 5;
        int connections = 20;
        long maxRequests = 0; // 0 = no limit
        int timeoutMs = 10_000;
        String out;
        String summary;
        String label = "load";
        String resendFrom; // CSV of an earlier run
        int resendAcked = 0;
        boolean selfTest;
        boolean quiet;
        // --mix
        boolean mix;
        int customers = 40;
        int burstCustomers = 10;
        double forgedPct = 5;
        double newPct = 20;
        boolean printCustomers;
    }

    static void usage(String error) {
        if (error != null) {
            System.err.println("error: " + error);
        }
        System.err.println("""
                usage: java bench/InboundLoad.java --url URL --token TOKEN [options]
                       java bench/InboundLoad.java --self-test

                  --url URL            webhook to POST to (plain http), e.g. http://127.0.0.1:8080/api/webhooks/twilio/inbound
                  --signed-url URL     URL to compute the signature over, if not --url (e.g. the configured public URL)
                  --token TOKEN        Twilio auth token the server validates with
                  --account-sid SID    AccountSid parameter (default: random AC + 32 hex)
                  --to NUMBER          To parameter (default +14155550100)
                  --from-numbers N     spread From over N numbers +14155551000.. (default 1000)
                  --seconds S          measured duration (default 20)
                  --warmup S           warm-up before the measured window; its SIDs are still recorded (default 5)
                  --connections N      concurrent keep-alive connections, one request in flight each (default 20)
                  --requests N         stop after N requests in total (default: no limit)
                  --timeout-ms MS      connect and read timeout (default 10000)
                  --out FILE           CSV: sid,status,latency_ms,phase,note (one row per attempt)
                  --summary FILE       also write the summary as key=value lines
                  --label NAME         name for the summary (default "load")
                  --resend-from CSV    instead of new messages, redeliver (as Twilio retries would) every SID of
                                       that CSV whose request was sent without an answer (status error, note != connect)
                  --resend-acked N     with --resend-from, also redeliver the first N SIDs acknowledged with 200
                  --quiet              no progress lines on stderr
                  --self-test          check the signing code against REFERENCE.md s.1.4 vectors and exit

                mix (--mix): texts from known customers and new numbers, and forged calls
                  --mix                instead of --from-numbers: of the genuine texts, 100-P% from --customers known
                                       customers (+14155552000..), P% (--new-pct) from new numbers (+1628..., each
                                       drawn at random from 8 million); --forged-pct of all calls forged (expect 403)
                  --customers N        known customers (default 40); create them first (see --print-customers)
                  --burst-customers K  the first K of them text in bursts: 3-8 texts, 0-150 ms apart (default 10)
                  --new-pct P          share of the genuine texts from new numbers (default 20)
                  --forged-pct F       share of all calls with a bad X-Twilio-Signature (default 5)
                  --print-customers    print the known customers' numbers, one a line, and exit
                """);
        System.exit(2);
    }

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--self-test")) {
                o.selfTest = true;
                continue;
            }
            if (a.equals("--quiet")) {
                o.quiet = true;
                continue;
            }
            if (a.equals("--mix")) {
                o.mix = true;
                continue;
            }
            if (a.equals("--print-customers")) {
                o.printCustomers = true;
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                usage(null);
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--url" -> o.url = v;
                    case "--signed-url" -> o.signedUrl = v;
                    case "--token" -> o.token = v;
                    case "--account-sid" -> o.accountSid = v;
                    case "--to" -> o.to = v;
                    case "--from-numbers" -> o.fromNumbers = Integer.parseInt(v);
                    case "--seconds" -> o.seconds = Double.parseDouble(v);
                    case "--warmup" -> o.warmup = Double.parseDouble(v);
                    case "--connections" -> o.connections = Integer.parseInt(v);
                    case "--requests" -> o.maxRequests = Long.parseLong(v);
                    case "--timeout-ms" -> o.timeoutMs = Integer.parseInt(v);
                    case "--out" -> o.out = v;
                    case "--summary" -> o.summary = v;
                    case "--label" -> o.label = v;
                    case "--resend-from" -> o.resendFrom = v;
                    case "--resend-acked" -> o.resendAcked = Integer.parseInt(v);
                    case "--customers" -> o.customers = Integer.parseInt(v);
                    case "--burst-customers" -> o.burstCustomers = Integer.parseInt(v);
                    case "--new-pct" -> o.newPct = Double.parseDouble(v);
                    case "--forged-pct" -> o.forgedPct = Double.parseDouble(v);
                    default -> usage("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                usage("bad number for " + a + ": " + v);
            }
        }
        if (o.customers < 1 || o.customers > 4000 || o.burstCustomers < 0 || o.burstCustomers > o.customers
                || o.newPct < 0 || o.newPct > 100 || o.forgedPct < 0 || o.forgedPct > 100) {
            usage("out-of-range mix option value");
        }
        if (o.selfTest || o.printCustomers) {
            return o;
        }
        if (o.url == null || o.token == null) {
            usage("--url and --token are required");
        }
        if (o.connections < 1 || o.seconds < 0 || o.warmup < 0 || o.fromNumbers < 1 || o.fromNumbers > 9000) {
            usage("out-of-range option value");
        }
        if (o.signedUrl == null) {
            o.signedUrl = o.url;
        }
        if (o.accountSid == null) {
            o.accountSid = "AC" + randomHex(32);
        }
        return o;
    }

    // ---------------------------------------------------------------- signing (REFERENCE.md s.1.1)

    static Mac hmacSha1(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signature over url + name1 + value1 + name2 + value2 ..., names sorted ordinally (String.compareTo). */
    static String sign(Mac mac, String url, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(url.length() + 512).append(url);
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            sb.append(e.getKey()).append(e.getValue() == null ? "" : e.getValue());
        }
        return Base64.getEncoder().encodeToString(mac.doFinal(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    static String formEncode(Map<String, String> params) {
        StringBuilder sb = new StringBuilder(512);
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- messages

    static final SecureRandom RANDOM = new SecureRandom();

    static String randomHex(int chars) {
        StringBuilder sb = new StringBuilder(chars);
        while (sb.length() < chars) {
            sb.append(Long.toHexString(RANDOM.nextLong() | Long.MIN_VALUE).substring(1));
        }
        return sb.substring(0, chars);
    }

    static String hex16(long v) {
        String s = Long.toHexString(v);
        return "0000000000000000".substring(s.length()) + s;
    }

    /** splitmix64 finaliser: a bijection on 64-bit values, so distinct sequence numbers give distinct SIDs. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Unique per run: SM + 16 hex that vary per request (random-looking, like real SIDs) + 16 hex run id. */
    static final class SidGenerator {
        final long salt = RANDOM.nextLong();
        final String runId = hex16(RANDOM.nextLong());

        String sid(long seq) {
            return "SM" + hex16(mix(seq + salt)) + runId;
        }

        /** --mix: the last 4 hex of the run id carry the request's part in the mix ({@link #plan}); still unique by seq. */
        String sid(long seq, int plan) {
            return "SM" + hex16(mix(seq + salt)) + runId.substring(0, 12) + String.format(Locale.ROOT, "%04x", plan);
        }
    }

    // ---------------------------------------------------------------- the mix (--mix)

    static final byte K_PLAIN = 0, K_KNOWN = 1, K_BURST = 2, K_NEW = 3, K_FORGED = 4;
    static final String[] KINDS = {"plain", "known", "burst", "new", "forged"};
    static final int FORGED_BIT = 8;

    /** plan = (kind nibble << 12) | customer index; the kind nibble is K_KNOWN, K_BURST or K_NEW, plus FORGED_BIT. */
    static int plan(String sid) {
        return Integer.parseInt(sid.substring(30, 34), 16);
    }

    static byte kindOf(Options o, String sid) {
        if (!o.mix) {
            return K_PLAIN;
        }
        int nibble = plan(sid) >>> 12;
        return (nibble & FORGED_BIT) != 0 ? K_FORGED : (byte) (nibble & 7);
    }

    static String customerNumber(int index) {
        return "+1415555" + (2000 + index);
    }

    /** A number that matches no customer: +1 628 [2-9]XX XXXX from the SID's random part (8 million of them). */
    static String newNumber(String sid) {
        long v = Long.parseUnsignedLong(sid.substring(2, 18), 16);
        return "+1628" + (2 + (v & 7)) + String.format(Locale.ROOT, "%06d", Long.remainderUnsigned(v >>> 3, 1_000_000));
    }

    /**
     * Draws the mix: forgedPct of all calls forged (from a known customer or a new number, like the rest); of the
     * others newPct from a new number and the rest from a known customer, picked uniformly. When one of the first
     * burstCustomers is picked, half the time it starts a burst: 3-8 texts, 0-140 ms apart (all within a second),
     * whose later texts take the next known-customer draws once they are due.
     */
    static final class MixSource implements SidSource {
        final Options o;
        final SidGenerator gen = new SidGenerator();
        final java.util.Random rnd = new java.util.Random(RANDOM.nextLong());
        final java.util.PriorityQueue<long[]> pending = new java.util.PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        final int[] burstLeft;
        long seq;
        long bursts;

        MixSource(Options o) {
            this.o = o;
            this.burstLeft = new int[o.customers];
        }

        @Override
        public synchronized String next() {
            if (o.maxRequests > 0 && seq >= o.maxRequests) {
                return null;
            }
            long now = System.nanoTime();
            int plan;
            if (rnd.nextDouble() * 100 < o.forgedPct) {
                boolean asNew = rnd.nextDouble() * 100 < o.newPct;
                plan = ((FORGED_BIT | (asNew ? K_NEW : K_KNOWN)) << 12) | (asNew ? 0 : rnd.nextInt(o.customers));
            } else if (rnd.nextDouble() * 100 < o.newPct) {
                plan = K_NEW << 12;
            } else {
                long[] due = pending.peek();
                if (due != null && due[0] - now <= 0) {
                    pending.poll();
                    int c = (int) due[1];
                    burstLeft[c]--;
                    plan = (K_BURST << 12) | c;
                } else {
                    int c = rnd.nextInt(o.customers);
                    if (c < o.burstCustomers && burstLeft[c] == 0 && rnd.nextBoolean()) {
                        int n = 3 + rnd.nextInt(6);
                        long t = now;
                        for (int i = 1; i < n; i++) {
                            t += rnd.nextInt(141) * 1_000_000L;
                            pending.add(new long[] {t, c});
                        }
                        burstLeft[c] = n - 1;
                        bursts++;
                        plan = (K_BURST << 12) | c;
                    } else {
                        plan = (K_KNOWN << 12) | c;
                    }
                }
            }
            return gen.sid(seq++, plan);
        }
    }

    /** The inbound-SMS parameters (REFERENCE.md s.2); From and Body are derived from the SID so a redelivery is identical. */
    static Map<String, String> inboundParams(Options o, String sid) {
        String from;
        if (o.mix) {
            int plan = plan(sid);
            from = ((plan >>> 12) & 7) == K_NEW ? newNumber(sid) : customerNumber((plan & 0xfff) % o.customers);
        } else {
            int h = sid.hashCode() & 0x7fffffff;
            from = "+1415555" + (1000 + h % o.fromNumbers);
        }
        String body = "Hi & welcome, \u00f1and\u00fa \u2713 \ud83d\ude00 msg " + sid.substring(2, 10) + " (a+b=c; 100%)";
        Map<String, String> p = new LinkedHashMap<>(); // in the order Twilio tends to send them; signing sorts
        p.put("SmsMessageSid", sid);
        p.put("NumMedia", "0");
        p.put("SmsSid", sid);
        p.put("SmsStatus", "received");
        p.put("Body", body);
        p.put("To", o.to);
        p.put("NumSegments", "1");
        p.put("MessageSid", sid);
        p.put("AccountSid", o.accountSid);
        p.put("From", from);
        p.put("ApiVersion", "2010-04-01");
        return p;
    }

    // ---------------------------------------------------------------- results

    static final byte WARMUP = 0, MEASURE = 1, RESEND = 2;
    static final String[] PHASES = {"warmup", "measure", "resend"};
    static final int ERROR = -1;
    static final String[] NOTES = {"", "connect", "io", "timeout", "eof", "badresponse"};
    static final byte N_NONE = 0, N_CONNECT = 1, N_IO = 2, N_TIMEOUT = 3, N_EOF = 4, N_BAD = 5;

    static final class Result {
        final String sid;
        final int status;
        final long startNs;
        final long latencyNs;
        final byte phase;
        final byte note;
        final byte kind;

        Result(String sid, int status, long startNs, long latencyNs, byte phase, byte note, byte kind) {
            this.sid = sid;
            this.status = status;
            this.startNs = startNs;
            this.latencyNs = latencyNs;
            this.phase = phase;
            this.note = note;
            this.kind = kind;
        }

        /** The answer a correct server gives: 403 to a forged call, 200 to any genuine text. */
        boolean expected() {
            return status == (kind == K_FORGED ? 403 : 200);
        }
    }

    // ---------------------------------------------------------------- HTTP/1.1 over a socket

    static final class BadResponse extends IOException {
        BadResponse(String m) {
            super(m);
        }
    }

    static final class Connection implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final byte[] buf = new byte[16 * 1024];
        int pos, lim;
        boolean closeAfter;

        Connection(InetSocketAddress addr, int timeoutMs) throws IOException {
            socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.setKeepAlive(true);
                socket.connect(addr, timeoutMs);
                socket.setSoTimeout(timeoutMs);
                out = socket.getOutputStream();
                in = socket.getInputStream();
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        int fill() throws IOException {
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                throw new EOFException("connection closed by server");
            }
            pos = 0;
            lim = n;
            return n;
        }

        /** Reads one CRLF-terminated line (ASCII). */
        String line() throws IOException {
            StringBuilder sb = null;
            while (true) {
                if (pos >= lim) {
                    fill();
                }
                int start = pos;
                while (pos < lim && buf[pos] != '\n') {
                    pos++;
                }
                boolean found = pos < lim;
                int end = pos;
                if (found) {
                    pos++; // skip \n
                }
                String part = new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
                if (sb == null && found) {
                    return stripCr(part);
                }
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(part);
                if (found) {
                    return stripCr(sb.toString());
                }
                if (sb.length() > 64 * 1024) {
                    throw new BadResponse("header line too long");
                }
            }
        }

        static String stripCr(String s) {
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                if (pos >= lim) {
                    fill();
                }
                int k = (int) Math.min(n, lim - pos);
                pos += k;
                n -= k;
            }
        }

        /** Sends one request and reads the whole response; returns the status code. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            while (true) {
                String statusLine = line();
                if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                    throw new BadResponse("bad status line: " + statusLine);
                }
                int status;
                try {
                    status = Integer.parseInt(statusLine.substring(9, 12));
                } catch (NumberFormatException e) {
                    throw new BadResponse("bad status line: " + statusLine);
                }
                long contentLength = -1;
                boolean chunked = false;
                boolean close = statusLine.startsWith("HTTP/1.0");
                String h;
                while (!(h = line()).isEmpty()) {
                    int colon = h.indexOf(':');
                    if (colon <= 0) {
                        continue;
                    }
                    String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                    String value = h.substring(colon + 1).trim();
                    switch (name) {
                        case "content-length" -> contentLength = Long.parseLong(value);
                        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                        case "connection" -> {
                            String v = value.toLowerCase(Locale.ROOT);
                            if (v.contains("close")) {
                                close = true;
                            } else if (v.contains("keep-alive")) {
                                close = false;
                            }
                        }
                        default -> { }
                    }
                }
                if (status >= 100 && status < 200) {
                    continue; // interim response (e.g. 100 Continue): the real one follows
                }
                if (status == 204 || status == 304) {
                    // no body
                } else if (chunked) {
                    while (true) {
                        String sizeLine = line();
                        int semi = sizeLine.indexOf(';');
                        long size = Long.parseLong((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                        if (size == 0) {
                            while (!line().isEmpty()) {
                                // trailers
                            }
                            break;
                        }
                        skip(size + 2); // data + CRLF
                    }
                } else if (contentLength >= 0) {
                    skip(contentLength);
                } else {
                    // body delimited by the end of the connection
                    try {
                        while (true) {
                            pos = lim;
                            fill();
                        }
                    } catch (EOFException expected) {
                        close = true;
                    }
                }
                closeAfter = close;
                return status;
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    // ---------------------------------------------------------------- load

    interface SidSource {
        /** Next SID to send, or null when there is nothing more to send. */
        String next();
    }

    static final class Target {
        final InetSocketAddress addr;
        final String requestTarget;
        final String hostHeader;

        Target(String url) {
            URI u = URI.create(url);
            if (!"http".equalsIgnoreCase(u.getScheme())) {
                throw new IllegalArgumentException("--url must be plain http://: " + url);
            }
            int port = u.getPort() == -1 ? 80 : u.getPort();
            addr = new InetSocketAddress(u.getHost(), port);
            String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
            requestTarget = u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
            hostHeader = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
        }
    }

    static byte[] buildRequest(Target t, Options o, Mac mac, String sid) {
        return buildRequest(t, o, mac, null, sid);
    }

    /**
     * A forged call (--mix) carries a bad X-Twilio-Signature of one of three kinds, picked from the SID: made with
     * another auth token (forgedMac), the right token over a different Body (a replay with the text changed), or the
     * right token over another URL (a call meant for another endpoint).
     */
    static byte[] buildRequest(Target t, Options o, Mac mac, Mac forgedMac, String sid) {
        Map<String, String> params = inboundParams(o, sid);
        byte[] body = formEncode(params).getBytes(StandardCharsets.US_ASCII);
        String signature;
        if (kindOf(o, sid) == K_FORGED) {
            switch ((sid.hashCode() & 0x7fffffff) % 3) {
                case 0 -> signature = sign(forgedMac != null ? forgedMac : hmacSha1(o.token + "-forged"), o.signedUrl, params);
                case 1 -> {
                    Map<String, String> other = new LinkedHashMap<>(params);
                    other.put("Body", "Please call me back");
                    signature = sign(mac, o.signedUrl, other);
                }
                default -> signature = sign(mac, o.signedUrl.replaceFirst("^http:", "https:"), params);
            }
        } else {
            signature = sign(mac, o.signedUrl, params);
        }
        String head = "POST " + t.requestTarget + " HTTP/1.1\r\n"
                + "Host: " + t.hostHeader + "\r\n"
                + "User-Agent: TwilioProxy/1.1\r\n"
                + "Accept: */*\r\n"
                + "Content-Type: application/x-www-form-urlencoded; charset=UTF-8\r\n"
                + "X-Twilio-Signature: " + signature + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: keep-alive\r\n"
                + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] req = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, req, h.length, body.length);
        return req;
    }

    static final LongAdder OK = new LongAdder();
    static final LongAdder NON_OK = new LongAdder();
    static final LongAdder ERRORS = new LongAdder();
    static final LongAdder FORGED_403 = new LongAdder();

    static List<Result> worker(Target t, Options o, SidSource sids, long warmupEndNs, long endNs, boolean resend) {
        List<Result> results = new ArrayList<>(1 << 14);
        Mac mac = hmacSha1(o.token);
        Mac forgedMac = o.mix ? hmacSha1(o.token + "-forged") : null;
        Connection conn = null;
        try {
            while (true) {
                long now = System.nanoTime();
                if (!resend && now - endNs >= 0) {
                    break;
                }
                String sid = sids.next();
                if (sid == null) {
                    break;
                }
                byte phase = resend ? RESEND : (now - warmupEndNs < 0 ? WARMUP : MEASURE);
                if (conn == null) {
                    try {
                        conn = new Connection(t.addr, o.timeoutMs);
                    } catch (IOException e) {
                        results.add(new Result(sid, ERROR, now, System.nanoTime() - now, phase, N_CONNECT, kindOf(o, sid)));
                        ERRORS.increment();
                        long pause = resend ? 100 : Math.min(100, Math.max(0, (endNs - System.nanoTime()) / 1_000_000));
                        sleep(pause);
                        continue;
                    }
                }
                byte kind = kindOf(o, sid);
                byte[] req = buildRequest(t, o, mac, forgedMac, sid);
                long t0 = System.nanoTime();
                try {
                    int status = conn.exchange(req);
                    Result r = new Result(sid, status, t0, System.nanoTime() - t0, phase, N_NONE, kind);
                    results.add(r);
                    if (kind == K_FORGED) {
                        (r.expected() ? FORGED_403 : NON_OK).increment();
                    } else {
                        (status == 200 ? OK : NON_OK).increment();
                    }
                    if (conn.closeAfter) {
                        conn.close();
                        conn = null;
                    }
                } catch (IOException | RuntimeException e) {
                    byte note = e instanceof SocketTimeoutException ? N_TIMEOUT
                            : e instanceof EOFException ? N_EOF
                            : e instanceof BadResponse || e instanceof NumberFormatException ? N_BAD
                            : N_IO;
                    results.add(new Result(sid, ERROR, t0, System.nanoTime() - t0, phase, note, kind));
                    ERRORS.increment();
                    conn.close();
                    conn = null;
                }
            }
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
        return results;
    }

    static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static List<String> readResendSids(Options o) throws IOException {
        List<String> unknown = new ArrayList<>();
        List<String> acked = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(o.resendFrom), StandardCharsets.UTF_8)) {
            String line = r.readLine(); // header
            while ((line = r.readLine()) != null) {
                String[] f = line.split(",", -1);
                if (f.length < 5) {
                    continue;
                }
                if (f[1].equals("error") && !f[4].equals("connect") && seen.add(f[0])) {
                    unknown.add(f[0]);
                } else if (f[1].equals("200") && acked.size() < o.resendAcked && seen.add(f[0])) {
                    acked.add(f[0]);
                }
            }
        }
        System.err.printf("resend: %d SIDs sent without an answer, %d acknowledged SIDs%n", unknown.size(), acked.size());
        unknown.addAll(acked);
        return unknown;
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        if (o.selfTest) {
            System.exit(selfTest() ? 0 : 1);
        }
        if (o.printCustomers) {
            for (int i = 0; i < o.customers; i++) {
                System.out.println(customerNumber(i));
            }
            return;
        }
        Target target = new Target(o.url);
        boolean resend = o.resendFrom != null;

        SidSource source;
        MixSource mixSource = null;
        if (resend) {
            List<String> list = readResendSids(o);
            ConcurrentLinkedQueue<String> q = new ConcurrentLinkedQueue<>(list);
            source = q::poll;
        } else if (o.mix) {
            mixSource = new MixSource(o);
            source = mixSource;
        } else {
            SidGenerator gen = new SidGenerator();
            AtomicLong seq = new AtomicLong();
            long max = o.maxRequests;
            source = () -> {
                long n = seq.getAndIncrement();
                return max > 0 && n >= max ? null : gen.sid(n);
            };
        }

        long startNs = System.nanoTime();
        long warmupEndNs = startNs + (long) (o.warmup * 1e9);
        long endNs = warmupEndNs + (long) (o.seconds * 1e9);

        @SuppressWarnings("unchecked")
        List<Result>[] perThread = new List[o.connections];
        Thread[] threads = new Thread[o.connections];
        for (int i = 0; i < o.connections; i++) {
            final int idx = i;
            threads[i] = new Thread(() -> perThread[idx] = worker(target, o, source, warmupEndNs, endNs, resend), "conn-" + i);
            threads[i].start();
        }
        Thread progress = null;
        if (!o.quiet) {
            progress = new Thread(() -> {
                long last = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    sleep(5000);
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                    long ok = OK.sum();
                    System.err.printf("  [%s] t=%4.0fs  200s=%d (+%d)  %snon-200=%d  errors=%d%n", o.label,
                            (System.nanoTime() - startNs) / 1e9, ok, ok - last,
                            o.mix ? "forged 403s=" + FORGED_403.sum() + "  unexpected " : "", NON_OK.sum(), ERRORS.sum());
                    last = ok;
                }
            }, "progress");
            progress.setDaemon(true);
            progress.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (progress != null) {
            progress.interrupt();
        }

        List<Result> all = new ArrayList<>();
        for (List<Result> l : perThread) {
            if (l != null) {
                all.addAll(l);
            }
        }
        all.sort((a, b) -> Long.compare(a.startNs, b.startNs));

        if (o.out != null) {
            Path p = Path.of(o.out);
            if (p.getParent() != null) {
                Files.createDirectories(p.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                w.write(o.mix ? "sid,status,latency_ms,phase,note,kind\n" : "sid,status,latency_ms,phase,note\n");
                for (Result r : all) {
                    w.write(r.sid);
                    w.write(',');
                    w.write(r.status == ERROR ? "error" : Integer.toString(r.status));
                    w.write(',');
                    w.write(String.format(Locale.ROOT, "%.3f", r.latencyNs / 1e6));
                    w.write(',');
                    w.write(PHASES[r.phase]);
                    w.write(',');
                    w.write(NOTES[r.note]);
                    if (o.mix) {
                        w.write(',');
                        w.write(KINDS[r.kind]);
                    }
                    w.write('\n');
                }
            }
        }

        Map<String, String> summary = summarize(o, all, resend ? startNs : warmupEndNs, resend);
        if (mixSource != null) {
            summary.put("bursts_started", Long.toString(mixSource.bursts));
        }
        StringBuilder text = new StringBuilder();
        summary.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        if (o.summary != null) {
            Files.writeString(Path.of(o.summary), text.toString(), StandardCharsets.UTF_8);
        }
        printSummary(summary);
    }

    static Map<String, String> summarize(Options o, List<Result> all, long windowStartNs, boolean resend) {
        byte phase = resend ? RESEND : MEASURE;
        long requests = 0, ok = 0, non200 = 0, errors = 0, connectErrors = 0;
        long totalOk = 0, totalNon200 = 0, totalErrors = 0;
        long forged = 0, forged403 = 0, forged200 = 0, totalForged403 = 0, totalForged200 = 0;
        long[] byKind = new long[KINDS.length];
        long lastEnd = windowStartNs;
        TreeMap<String, Long> statuses = new TreeMap<>();
        long[] lat = new long[all.size()];
        long[] latForged = new long[o.mix ? all.size() : 0];
        long[] latAll = new long[o.mix ? all.size() : 0];
        int n = 0, nf = 0, na = 0;
        // "ok" and "non200" are about genuine texts: 200 is the expected answer. A forged call's expected answer
        // is 403; any other answer to it counts as non-200 (unexpected), and a 200 to it also as forged_200.
        for (Result r : all) {
            boolean isForged = r.kind == K_FORGED;
            if (r.status == ERROR) {
                totalErrors++;
            } else if (isForged) {
                if (r.status == 403) {
                    totalForged403++;
                } else {
                    totalNon200++;
                    if (r.status == 200) {
                        totalForged200++;
                    }
                }
            } else if (r.status == 200) {
                totalOk++;
            } else {
                totalNon200++;
            }
            if (r.phase != phase) {
                continue;
            }
            requests++;
            byKind[r.kind]++;
            statuses.merge(r.status == ERROR ? "error" : Integer.toString(r.status), 1L, Long::sum);
            if (r.status == ERROR) {
                errors++;
                if (r.note == N_CONNECT) {
                    connectErrors++;
                }
            } else if (isForged) {
                forged++;
                if (r.status == 403) {
                    forged403++;
                    latForged[nf++] = r.latencyNs;
                    latAll[na++] = r.latencyNs;
                } else {
                    non200++;
                    if (r.status == 200) {
                        forged200++;
                    }
                }
            } else if (r.status == 200) {
                ok++;
                lat[n++] = r.latencyNs;
                if (o.mix) {
                    latAll[na++] = r.latencyNs;
                }
            } else {
                non200++;
            }
            if (isForged && r.status == ERROR) {
                forged++;
            }
            lastEnd = Math.max(lastEnd, r.startNs + r.latencyNs);
        }
        Arrays.sort(lat, 0, n);
        double window = Math.max(1e-9, (lastEnd - windowStartNs) / 1e9); // to the last answer of the window
        Map<String, String> s = new LinkedHashMap<>();
        s.put("label", o.label);
        s.put("url", o.url);
        s.put("connections", Integer.toString(o.connections));
        s.put("warmup_s", resend ? "0" : fmt(o.warmup));
        s.put("window_s", fmt(window));
        s.put("requests", Long.toString(requests));
        s.put("ok", Long.toString(ok));
        s.put("non200", Long.toString(non200));
        s.put("errors", Long.toString(errors));
        s.put("connect_errors", Long.toString(connectErrors));
        s.put("rps", fmt(ok / window));
        s.put("p50_ms", fmt(pct(lat, n, 0.50)));
        s.put("p90_ms", fmt(pct(lat, n, 0.90)));
        s.put("p99_ms", fmt(pct(lat, n, 0.99)));
        s.put("max_ms", fmt(n == 0 ? 0 : lat[n - 1] / 1e6));
        StringBuilder st = new StringBuilder();
        statuses.forEach((k, v) -> st.append(st.length() == 0 ? "" : " ").append(k).append(':').append(v));
        s.put("statuses", st.toString());
        s.put("total_attempts", Integer.toString(all.size()));
        s.put("total_ok", Long.toString(totalOk));
        s.put("total_non200", Long.toString(totalNon200));
        s.put("total_errors", Long.toString(totalErrors));
        if (o.mix) {
            Arrays.sort(latForged, 0, nf);
            Arrays.sort(latAll, 0, na);
            s.put("mix", String.format(Locale.ROOT, "customers=%d burst_customers=%d new_pct=%s forged_pct=%s",
                    o.customers, o.burstCustomers, fmt(o.newPct), fmt(o.forgedPct)));
            s.put("known", Long.toString(byKind[K_KNOWN]));
            s.put("burst", Long.toString(byKind[K_BURST]));
            s.put("new", Long.toString(byKind[K_NEW]));
            s.put("forged", Long.toString(forged));
            s.put("forged_403", Long.toString(forged403));
            s.put("forged_200", Long.toString(forged200));
            s.put("rps_all", fmt((ok + forged403) / window));
            s.put("all_p50_ms", fmt(pct(latAll, na, 0.50)));
            s.put("all_p99_ms", fmt(pct(latAll, na, 0.99)));
            s.put("forged_p50_ms", fmt(pct(latForged, nf, 0.50)));
            s.put("forged_p99_ms", fmt(pct(latForged, nf, 0.99)));
            s.put("total_forged_403", Long.toString(totalForged403));
            s.put("total_forged_200", Long.toString(totalForged200));
        }
        s.put("csv", o.out == null ? "" : o.out);
        return s;
    }

    static double pct(long[] sorted, int n, double q) {
        if (n == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(q * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, idx))] / 1e6;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static void printSummary(Map<String, String> s) {
        System.out.printf("%n== %s: %s, %s connections, %ss warm-up, measured window %ss%n",
                s.get("label"), s.get("url"), s.get("connections"), s.get("warmup_s"), s.get("window_s"));
        System.out.printf("requests %s | 200 %s | %s %s | errors %s (connect %s) | statuses {%s}%n",
                s.get("requests"), s.get("ok"), s.containsKey("mix") ? "unexpected answers" : "non-200", s.get("non200"),
                s.get("errors"), s.get("connect_errors"), s.get("statuses"));
        System.out.printf("throughput %s req/s (200s only) | latency of 200s: p50 %s ms, p90 %s ms, p99 %s ms, max %s ms%n",
                s.get("rps"), s.get("p50_ms"), s.get("p90_ms"), s.get("p99_ms"), s.get("max_ms"));
        if (s.containsKey("mix")) {
            System.out.printf("mix (%s): texts from known customers %s singly + %s in bursts, from new numbers %s; forged %s"
                            + " (403: %s, 200: %s) | answered as expected %s req/s, p50 %s ms, p99 %s ms | 403s: p50 %s ms, p99 %s ms%n",
                    s.get("mix"), s.get("known"), s.get("burst"), s.get("new"), s.get("forged"), s.get("forged_403"),
                    s.get("forged_200"), s.get("rps_all"), s.get("all_p50_ms"), s.get("all_p99_ms"),
                    s.get("forged_p50_ms"), s.get("forged_p99_ms"));
        }
        System.out.printf("all attempts incl. warm-up: %s (200: %s, non-200: %s, errors: %s)%s%n",
                s.get("total_attempts"), s.get("total_ok"), s.get("total_non200"), s.get("total_errors"),
                s.get("csv").isEmpty() ? "" : " -> " + s.get("csv"));
    }

    // ---------------------------------------------------------------- self-test (REFERENCE.md s.1.4)

    static boolean check(String name, String expected, String actual) {
        boolean ok = expected.equals(actual);
        System.out.printf("%s %-58s expected %s got %s%n", ok ? "PASS" : "FAIL", name, expected, actual);
        return ok;
    }

    static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static boolean selfTest() {
        Mac mac = hmacSha1("12345");
        String u = "https://mycompany.com/myapp.php?foo=1&bar=2";
        Map<String, String> p = map("Digits", "1234", "CallSid", "CA1234567890ABCDE", "To", "+18005551212",
                "Caller", "+14158675309", "From", "+14158675309");
        boolean ok = true;
        ok &= check("docs example (twilio.com webhooks-security)", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=",
                sign(mac, u, map("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030", "Digits", "1234",
                        "From", "+12349013030", "To", "+18005551212")));
        ok &= check("SDK #1 default params", "RSOYDt4T1cUTdK1PDd93/VVr8B8=", sign(mac, u, p));
        ok &= check("SDK #4 http with port kept", "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=",
                sign(mac, "http://mycompany.com:1234/myapp.php?foo=1&bar=2", p));
        ok &= check("SDK #7 no params", "zYQTYrRWXE7LtzbG4PfP7/bkkGo=", sign(mac, u, map()));
        ok &= check("SDK #11 special + unicode values", "dCPiR4WtQ6QFN6pJh81CtlCcWLQ=",
                sign(mac, u, map("Message", "Hello & goodbye! @#$%^*()", "From", "+1 (415) 867-5309",
                        "Special", "unicode: \u00f1\u00e1\u00e9\u00ed\u00f3\u00fa")));
        ok &= check("SDK #12 empty values", "9HHp/OqQMEwdrVebHDdA/+tqjX8=",
                sign(mac, u, map("Digits", "", "CallSid", "CA1234567890ABCDE", "EmptyParam", "")));
        ok &= check("SDK #14 sorting", "enveUe73ZTVLAekHxez3Qx6JuuQ=",
                sign(mac, u, map("Zebra", "last", "Alpha", "first", "Beta", "second", "Gamma", "third")));
        ok &= check("SDK #15 case-sensitive ordinal sort", "jDK7WKT8wiNrwggd4ceTv4e1MJ4=",
                sign(mac, u, map("callSid", "lowercase", "CallSid", "uppercase", "CALLSID", "allcaps")));
        String x32 = "X".repeat(32);
        ok &= check("project inbound-SMS vector (REFERENCE.md s.1.4)", "icu4DpfbHLc8q//lDejrAaaH3kU=",
                sign(mac, "https://sms.example.com/api/webhooks/twilio/inbound", map(
                        "AccountSid", "AC" + x32, "ApiVersion", "2010-04-01", "Body", "Hello & welcome \u00f1",
                        "From", "+14155550100", "MessageSid", "SM" + x32, "NumMedia", "0", "NumSegments", "1",
                        "SmsMessageSid", "SM" + x32, "SmsSid", "SM" + x32, "SmsStatus", "received",
                        "To", "+14155550199")));

        // The body we send decodes back to exactly the parameters we signed.
        Options o = new Options();
        o.accountSid = "AC" + randomHex(32);
        SidGenerator gen = new SidGenerator();
        String sid = gen.sid(42);
        Map<String, String> params = inboundParams(o, sid);
        Map<String, String> decoded = new LinkedHashMap<>();
        for (String pair : formEncode(params).split("&")) {
            int eq = pair.indexOf('=');
            decoded.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        ok &= check("form body round-trips to the signed params", "true", Boolean.toString(decoded.equals(params)));
        ok &= check("MessageSid shape SM + 32 hex", "true", Boolean.toString(sid.matches("SM[0-9a-f]{32}")));
        ok &= check("From is E.164 +1415555XXXX", "true",
                Boolean.toString(params.get("From").matches("\\+1415555\\d{4}")));
        ok &= check("Body has '&' and non-ASCII", "true",
                Boolean.toString(params.get("Body").contains("&") && params.get("Body").chars().anyMatch(c -> c > 127)));
        Set<String> seen = new HashSet<>();
        for (long i = 0; i < 200_000; i++) {
            seen.add(gen.sid(i));
        }
        ok &= check("200,000 generated SIDs are distinct", "200000", Integer.toString(seen.size()));

        // --mix: the plan survives the SID, numbers are well formed, forged signatures are not the genuine one.
        Options m = new Options();
        m.mix = true;
        m.accountSid = o.accountSid;
        m.token = "12345";
        m.signedUrl = "http://127.0.0.1:8080/api/webhooks/twilio/inbound";
        m.url = m.signedUrl;
        MixSource mix = new MixSource(m);
        long[] kinds = new long[KINDS.length];
        boolean fromOk = true, forgedOk = true, uniqueOk = true;
        Set<String> mixSeen = new HashSet<>();
        Target mt = new Target(m.url);
        for (int i = 0; i < 20_000; i++) {
            String msid = mix.next();
            byte k = kindOf(m, msid);
            kinds[k]++;
            uniqueOk &= mixSeen.add(msid) && msid.matches("SM[0-9a-f]{32}");
            String from = inboundParams(m, msid).get("From");
            int plan = plan(msid);
            boolean fromNew = ((plan >>> 12) & 7) == K_NEW;
            fromOk &= fromNew ? from.matches("\\+1628[2-9]\\d{6}") : from.matches("\\+14155552\\d{3}");
            if (k == K_FORGED && i < 4000) {
                String req = new String(buildRequest(mt, m, mac, msid), StandardCharsets.US_ASCII);
                String sent = req.replaceAll("(?s).*X-Twilio-Signature: ([^\r]*)\r.*", "$1");
                forgedOk &= !sent.equals(sign(mac, m.signedUrl, inboundParams(m, msid)));
            }
        }
        ok &= check("mix: 20,000 SIDs distinct, SM + 32 hex", "true", Boolean.toString(uniqueOk));
        ok &= check("mix: From is a customer's or a new number", "true", Boolean.toString(fromOk));
        ok &= check("mix: forged signatures differ from the genuine one", "true", Boolean.toString(forgedOk));
        ok &= check("mix: forged share ~5% (4-6%)", "true", Boolean.toString(kinds[K_FORGED] > 800 && kinds[K_FORGED] < 1200));
        ok &= check("mix: new numbers ~20% of texts (18-22%)", "true",
                Boolean.toString(kinds[K_NEW] > 0.18 * (20_000 - kinds[K_FORGED]) && kinds[K_NEW] < 0.22 * (20_000 - kinds[K_FORGED])));
        ok &= check("mix: some texts in bursts", "true", Boolean.toString(kinds[K_BURST] > 0 && mix.bursts > 0));
        System.out.println(ok ? "self-test: all passed" : "self-test: FAILED");
        return ok;
    }
}
