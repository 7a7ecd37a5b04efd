/*
 * Sends malformed input to a running Kontrol and counts the answers (single-file Java 17 program, no dependencies):
 * webhook calls to /api/webhooks/twilio/inbound and /status (half of them validly signed, so that they get past the
 * signature check and reach the parsing behind it) and JSON API calls (HTTP Basic as an admin). Every answer must be a
 * 2xx or a 4xx: a 5xx is a fault (bad input reported as the server's own failure, which Twilio would retry forever).
 *
 *   java bench/Fuzz.java --base http://127.0.0.1:8080 --token <Auth Token> --basic admin:secret \
 *        [--webhooks 10400] [--api 2500] [--seed 1]
 *
 * Output: the answers by status, and every 5xx with the request that caused it (at most 20). Exit 1 on any 5xx.
 */

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Fuzz {

    static final String[] KEYS = {
        "MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0",
        "MediaUrl1", "OptOutType", "MessageStatus", "ErrorCode", "ErrorMessage", "NumSegments", "ApiVersion"
    };

    final Random random;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String base;
    final String token;
    final String basic;
    final Map<Integer, Integer> statuses = new TreeMap<>();
    final List<String> faults = new ArrayList<>();
    int faultCount;

    Fuzz(String base, String token, String basic, long seed) {
        this.base = base;
        this.token = token;
        this.basic = "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8));
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        String base = null, token = null, basic = null;
        int webhooks = 10_400, api = 2_500;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--basic" -> basic = args[i + 1];
                case "--webhooks" -> webhooks = Integer.parseInt(args[i + 1]);
                case "--api" -> api = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (base == null || token == null || basic == null) {
            System.err.println("usage: java bench/Fuzz.java --base URL --token AUTH_TOKEN --basic USER:PASS"
                    + " [--webhooks N] [--api N] [--seed N]");
            System.exit(2);
        }
        var fuzz = new Fuzz(base, token, basic, seed);
        long t0 = System.nanoTime();
        for (int i = 0; i < webhooks; i++) {
            fuzz.webhook(i % 2 == 0);
        }
        for (int i = 0; i < api; i++) {
            fuzz.apiCall();
        }
        System.out.printf("sent %,d webhook calls (half signed) and %,d API calls in %.1f s%n", webhooks, api,
                (System.nanoTime() - t0) / 1e9);
        System.out.println("answers by status: " + fuzz.statuses);
        System.out.println("5xx answers: " + fuzz.faultCount);
        fuzz.faults.forEach(System.out::println);
        System.exit(fuzz.faultCount == 0 ? 0 : 1);
    }

    void webhook(boolean signed) throws Exception {
        var path = random.nextInt(4) == 0 ? "/api/webhooks/twilio/status" : "/api/webhooks/twilio/inbound";
        var params = new LinkedHashMap<String, String>();
        for (var key : KEYS) {
            if (random.nextInt(3) != 0) {
                params.put(key, value(key));
            }
        }
        if (random.nextInt(10) == 0) {
            params.put(garbage(20), garbage(50)); // an unknown parameter
        }
        var form = new StringBuilder();
        params.forEach((k, v) -> {
            if (form.length() > 0) form.append('&');
            form.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        var body = random.nextInt(20) == 0 ? garbage(300) : form.toString(); // now and then not a form at all
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", random.nextInt(15) == 0 ? "text/plain" : "application/x-www-form-urlencoded");
        if (signed) {
            request.header("X-Twilio-Signature", sign(base + path, params));
        } else if (random.nextBoolean()) {
            request.header("X-Twilio-Signature", Base64.getEncoder().encodeToString(hex(20).getBytes(StandardCharsets.UTF_8)));
        }
        switch (random.nextInt(8)) {
            case 0 -> request.header("X-Forwarded-Host", pick(",,,", "evil.example", "a b", "x".repeat(300)));
            case 1 -> request.header("X-Forwarded-Port", pick("abc", "-1", "99999999", ""));
            case 2 -> request.header("X-Forwarded-Proto", pick("gopher", "https,http", ""));
            default -> {}
        }
        send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(), "POST " + path + " " + cut(body));
    }

    void apiCall() throws Exception {
        var id = pick("1", "0", "-5", "999999999999", "abc", "1.5", "%00", "9223372036854775808");
        String[][] calls = {
            {"POST", "/api/v1/customers"},
            {"POST", "/api/v1/jobs"},
            {"PATCH", "/api/v1/jobs/" + id},
            {"POST", "/api/v1/jobs/" + id + "/approval-requests"},
            {"POST", "/api/v1/customers/" + id + "/messages"},
            {"GET", "/api/v1/customers/" + id + "/messages?limit=" + pick("0", "-1", "abc", "100000", "50")
                + "&before=" + pick("x", "-1", "1")},
            {"POST", "/api/v1/inbox/" + pick("%2B1415", "abc", "+14155550100", "%20") + "/assign"},
            {"POST", "/api/v1/users"},
            {"PATCH", "/api/v1/users/" + pick("admin", "nobody", "%2e%2e")},
            {"POST", "/api/v1/messages/" + id + "/resend"},
            {"GET", "/api/v1/audit?after=" + pick("x", "-1", "") + "&limit=" + pick("0", "abc", "100000")
                + "&action=" + pick("x", "message.sent", "") + "&from=" + pick("2026-13-40", "x", "")},
        };
        var call = calls[random.nextInt(calls.length)];
        var body = json();
        var request = HttpRequest.newBuilder(URI.create(base + call[1]))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", basic)
                .header("Content-Type", random.nextInt(12) == 0 ? "text/plain" : "application/json");
        if (call[0].equals("GET")) {
            request.GET();
        } else {
            request.method(call[0], HttpRequest.BodyPublishers.ofString(body));
        }
        send(request.build(), call[0] + " " + call[1] + " " + cut(body));
    }

    void send(HttpRequest request, String what) throws Exception {
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            status = 599; // the connection failed: as bad as a 5xx
        }
        statuses.merge(status, 1, Integer::sum);
        if (status >= 500) {
            faultCount++;
            if (faults.size() < 20) {
                faults.add(status + " for " + what);
            }
        }
    }

    String value(String key) {
        return switch (random.nextInt(9)) {
            case 0 -> "";
            case 1 -> garbage(1 + random.nextInt(40));
            case 2 -> "x".repeat(random.nextInt(120_000)); // past the body column (100,000)
            case 3 -> pick("+14155550100", "+1415555", "12345", "ACME", "+" + "9".repeat(40), "whatsapp:+14155550100");
            case 4 -> pick("SM" + hex(32), "SM", "MM" + hex(32), hex(100));
            case 5 -> pick("-1", "99999999999999999999", "1e10", "NaN", "3");
            case 6 -> pick("STOP", "START", "HELP", "stop all", "UNSTOP");
            case 7 -> pick("delivered", "failed", "bogus", "undelivered", "received");
            default -> pick("http://api.twilio.com:8080/x", "https://evil.example/m.png", "not a url", "file:///etc/passwd",
                    "image/png", "text/html");
        };
    }

    String json() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[1,2,3]";
            case 3 -> "{\"name\":" + pick("true", "12", "null", "[]", "{}", "\"" + "n".repeat(5000) + "\"")
                    + ",\"phone\":" + pick("\"+14155550123\"", "\"abc\"", "12", "null") + "}";
            case 4 -> "{\"customerId\":" + pick("\"x\"", "-1", "1e30", "99999999999999999999", "null")
                    + ",\"title\":" + pick("\"t\"", "false", "\"" + "t".repeat(1000) + "\"") + "}";
            case 5 -> "{\"summary\":" + pick("\"s\"", "true", "1.5") + ",\"amount\":"
                    + pick("1e10", "0.001", "-5", "\"12\"", "null", "1" + "0".repeat(400)) + "}";
            case 6 -> "{\"body\":" + pick("\"hi {{nope}}\"", "\"" + "b".repeat(2000) + "\"", "7", "null")
                    + ",\"jobId\":" + pick("\"x\"", "-1", "1") + ",\"status\":" + pick("\"done\"", "1", "\"completed\"")
                    + "}";
            default -> "{\"username\":" + pick("\"a\"", "\"" + "u".repeat(300) + "\"", "1") + ",\"password\":"
                    + pick("\"short\"", "\"copper pipe wrench 42\"", "null") + ",\"role\":" + pick("\"boss\"", "5", "\"staff\"")
                    + ",\"enabled\":" + pick("\"yes\"", "2", "false") + ",\"customerId\":" + pick("\"x\"", "1") + "}";
        };
    }

    String sign(String url, Map<String, String> params) throws Exception {
        var data = new StringBuilder(url);
        for (var key : new TreeSet<>(params.keySet())) {
            data.append(key).append(params.get(key));
        }
        var mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    String garbage(int n) {
        var b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = switch (random.nextInt(5)) {
                case 0 -> random.nextInt(32); // control characters
                case 1 -> 0x1F600 + random.nextInt(64); // emoji (surrogate pairs)
                case 2 -> 0xD800 + random.nextInt(0x800); // a lone surrogate
                default -> 32 + random.nextInt(95);
            };
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    String hex(int n) {
        var b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return b.toString();
    }

    String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    static String cut(String s) {
        var one = s.replaceAll("\\s", " ");
        return one.length() > 160 ? one.substring(0, 160) + "… (" + s.length() + " chars)" : one;
    }
}
