/*
 * Times GET requests to a few pages of a running Kontrol, interleaved, one request at a time over one keep-alive
 * connection (single-file Java 17 program, no dependencies).
 *
 *   java bench/PageTimer.java --base http://127.0.0.1:8080 --login admin:secret \
 *        --target big=/customers/1/sms --target small=/customers/2/sms --warmup 200 --requests 300
 *   java bench/PageTimer.java --base http://127.0.0.1:8080 --basic admin:secret \
 *        --target big=/api/v1/customers/1/messages?limit=50 ...
 *
 * --login logs in like a browser (GET /login, the _csrf hidden input, POST /login as a form, session cookie kept);
 * --basic sends HTTP Basic on every request (the JSON API is stateless: every request is authenticated again).
 *
 * The warm-up requests go round the targets in turn and are not in the figures. Then each round times every target
 * once, in an order that alternates from round to round (A B, B A, ...), so that a slow patch of the machine hits all
 * targets alike. The time of a request is from sending it to having read the whole response body.
 *
 * Every response must be 200 (a redirect means the session was lost) and pass the --expect / --expect-not checks,
 * made on the body of every timed response: --expect LABEL=TEXT must be in it (as is or HTML-escaped, since the page
 * escapes text), --expect-not LABEL=TEXT must not.
 *
 * Output: per target the count, median (p50), p90, p99, min, max, mean in ms on stdout; with --summary FILE the same
 * as key=value lines (LABEL_p50_ms=...); with --out FILE one CSV row per timed request (label,round,status,ms,bytes).
 * Exit 1 when a response was not 200 or a check failed.
 */

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class PageTimer {

    static final class Target {
        final String label;
        final String path;
        final List<String> expect = new ArrayList<>();
        final List<String> expectNot = new ArrayList<>();
        final List<long[]> rows = new ArrayList<>(); // round, status, nanos, bytes
        long failures;
        String firstFailure;

        Target(String label, String path) {
            this.label = label;
            this.path = path;
        }
    }

    static void usage(String error) {
        if (error != null) {
            System.err.println("error: " + error);
        }
        System.err.println("""
                usage: java bench/PageTimer.java --base URL (--login USER:PASS | --basic USER:PASS) --target LABEL=PATH... [options]

                  --base URL             e.g. http://127.0.0.1:8080
                  --login USER:PASS      form login first (GET /login, _csrf, POST /login), then use the session cookie
                  --basic USER:PASS      HTTP Basic on every request
                  --target LABEL=PATH    a page to time (repeat: the targets are interleaved)
                  --warmup N             warm-up requests in all, round-robin over the targets (default 200)
                  --requests N           timed requests per target (default 300)
                  --expect LABEL=TEXT    every timed response of LABEL contains TEXT (as is or HTML-escaped)
                  --expect-not LABEL=TEXT  ... does not contain TEXT
                  --timeout-ms MS        per request (default 30000)
                  --out FILE             CSV, one row per timed request: label,round,status,ms,bytes
                  --summary FILE         key=value lines: LABEL_n, LABEL_p50_ms, LABEL_p90_ms, LABEL_p99_ms, ...
                """);
        System.exit(2);
    }

    public static void main(String[] args) throws Exception {
        String base = null;
        String login = null;
        String basic = null;
        int warmup = 200;
        int requests = 300;
        int timeoutMs = 30_000;
        String out = null;
        String summary = null;
        Map<String, Target> targets = new LinkedHashMap<>();
        List<String[]> expects = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(null);
            }
            if (i + 1 >= args.length) {
                usage("missing value for " + a);
            }
            String v = args[++i];
            try {
                switch (a) {
                    case "--base" -> base = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                    case "--login" -> login = v;
                    case "--basic" -> basic = v;
                    case "--target" -> {
                        String[] kv = split(v);
                        targets.put(kv[0], new Target(kv[0], kv[1]));
                    }
                    case "--expect" -> expects.add(new String[] {"+", split(v)[0], split(v)[1]});
                    case "--expect-not" -> expects.add(new String[] {"-", split(v)[0], split(v)[1]});
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--requests" -> requests = Integer.parseInt(v);
                    case "--timeout-ms" -> timeoutMs = Integer.parseInt(v);
                    case "--out" -> out = v;
                    case "--summary" -> summary = v;
                    default -> usage("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                usage("bad number for " + a + ": " + v);
            }
        }
        if (base == null || targets.isEmpty() || (login == null) == (basic == null)) {
            usage("--base, one of --login / --basic and at least one --target are required");
        }
        if (requests < 1 || warmup < 0) {
            usage("out-of-range option value");
        }
        for (String[] e : expects) {
            Target t = targets.get(e[1]);
            if (t == null) {
                usage("no target " + e[1]);
            }
            (e[0].equals("+") ? t.expect : t.expectNot).add(e[2]);
        }

        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .cookieHandler(cookies)
                .build();
        Duration timeout = Duration.ofMillis(timeoutMs);
        String authorization = basic == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));

        if (login != null) {
            login(http, base, login, timeout);
        }

        List<Target> list = new ArrayList<>(targets.values());
        // warm-up: round-robin, statuses still checked (a lost session fails fast)
        for (int i = 0; i < warmup; i++) {
            Target t = list.get(i % list.size());
            HttpResponse<byte[]> r = get(http, base + t.path, authorization, timeout);
            if (r.statusCode() != 200) {
                System.err.printf("warm-up: %s answered %d (Location: %s)%n", t.path, r.statusCode(),
                        r.headers().firstValue("Location").orElse("-"));
                System.exit(1);
            }
        }

        long t0 = System.nanoTime();
        for (int round = 0; round < requests; round++) {
            for (int k = 0; k < list.size(); k++) {
                Target t = list.get(round % 2 == 0 ? k : list.size() - 1 - k);
                long start = System.nanoTime();
                HttpResponse<byte[]> r = get(http, base + t.path, authorization, timeout);
                long nanos = System.nanoTime() - start;
                t.rows.add(new long[] {round, r.statusCode(), nanos, r.body().length});
                String problem = check(t, r);
                if (problem != null) {
                    t.failures++;
                    if (t.firstFailure == null) {
                        t.firstFailure = "round " + round + ": " + problem;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        Map<String, String> s = new LinkedHashMap<>();
        s.put("auth", login != null ? "session" : "basic");
        s.put("warmup", Integer.toString(warmup));
        s.put("requests", Integer.toString(requests));
        s.put("seconds", fmt(seconds));
        long failures = 0;
        System.out.printf("%-8s %6s %9s %9s %9s %9s %9s %9s %9s  %s%n",
                "target", "n", "p50 ms", "p90 ms", "p99 ms", "min ms", "max ms", "mean ms", "bytes", "path");
        for (Target t : list) {
            long[] ns = t.rows.stream().mapToLong(r -> r[2]).sorted().toArray();
            long bytes = t.rows.isEmpty() ? 0 : t.rows.get(t.rows.size() - 1)[3];
            double mean = Arrays.stream(ns).average().orElse(0) / 1e6;
            String p = t.label + "_";
            s.put(p + "path", t.path);
            s.put(p + "n", Integer.toString(ns.length));
            s.put(p + "p50_ms", fmt(pct(ns, 0.50)));
            s.put(p + "p90_ms", fmt(pct(ns, 0.90)));
            s.put(p + "p99_ms", fmt(pct(ns, 0.99)));
            s.put(p + "min_ms", fmt(ns[0] / 1e6));
            s.put(p + "max_ms", fmt(ns[ns.length - 1] / 1e6));
            s.put(p + "mean_ms", fmt(mean));
            s.put(p + "bytes", Long.toString(bytes));
            s.put(p + "failures", Long.toString(t.failures));
            failures += t.failures;
            System.out.printf("%-8s %6d %9s %9s %9s %9s %9s %9s %9d  %s%n", t.label, ns.length,
                    s.get(p + "p50_ms"), s.get(p + "p90_ms"), s.get(p + "p99_ms"), s.get(p + "min_ms"),
                    s.get(p + "max_ms"), s.get(p + "mean_ms"), bytes, t.path);
            if (t.failures > 0) {
                System.out.printf("  %s: %d responses failed; first: %s%n", t.label, t.failures, t.firstFailure);
            }
        }
        s.put("failures", Long.toString(failures));

        if (out != null) {
            StringBuilder csv = new StringBuilder("label,round,status,ms,bytes\n");
            for (Target t : list) {
                for (long[] r : t.rows) {
                    csv.append(t.label).append(',').append(r[0]).append(',').append(r[1]).append(',')
                            .append(String.format(Locale.ROOT, "%.3f", r[2] / 1e6)).append(',').append(r[3])
                            .append('\n');
                }
            }
            Files.writeString(Path.of(out), csv.toString(), StandardCharsets.UTF_8);
        }
        if (summary != null) {
            StringBuilder text = new StringBuilder();
            s.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(Path.of(summary), text.toString(), StandardCharsets.UTF_8);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    static String[] split(String v) {
        int eq = v.indexOf('=');
        if (eq <= 0) {
            usage("expected LABEL=VALUE, got " + v);
        }
        return new String[] {v.substring(0, eq), v.substring(eq + 1)};
    }

    static HttpResponse<byte[]> get(HttpClient http, String url, String authorization, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static final Pattern CSRF = Pattern.compile(
            "<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    /** Logs in like a browser; the CookieManager keeps the session cookie. */
    static void login(HttpClient http, String base, String userPass, Duration timeout) throws Exception {
        int colon = userPass.indexOf(':');
        if (colon <= 0) {
            usage("--login wants USER:PASS");
        }
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login")).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        Matcher m = CSRF.matcher(page.body());
        if (page.statusCode() != 200 || !m.find()) {
            System.err.printf("GET /login answered %d without a _csrf input%n", page.statusCode());
            System.exit(1);
        }
        String csrf = m.group(1) != null ? m.group(1) : m.group(2);
        String form = "username=" + enc(userPass.substring(0, colon)) + "&password="
                + enc(userPass.substring(colon + 1)) + "&_csrf=" + enc(csrf);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .timeout(timeout)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String location = r.headers().firstValue("Location").orElse("");
        if (r.statusCode() != 302 || location.contains("/login")) {
            System.err.printf("POST /login answered %d, Location: %s (wrong password?)%n", r.statusCode(), location);
            System.exit(1);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String check(Target t, HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            return "status " + r.statusCode() + " (Location: " + r.headers().firstValue("Location").orElse("-") + ")";
        }
        if (t.expect.isEmpty() && t.expectNot.isEmpty()) {
            return null;
        }
        String body = new String(r.body(), StandardCharsets.UTF_8);
        for (String e : t.expect) {
            if (!body.contains(e) && !body.contains(escapeHtml(e))) {
                return "does not contain: " + e;
            }
        }
        for (String e : t.expectNot) {
            if (body.contains(e) || body.contains(escapeHtml(e))) {
                return "contains: " + e;
            }
        }
        return null;
    }

    /** As Thymeleaf's th:text escapes (HTML5/XML: the five specials). */
    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** Nearest-rank percentile of sorted nanos, in ms (as InboundLoad.java). */
    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
