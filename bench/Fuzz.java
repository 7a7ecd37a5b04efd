/*
 * Sends malformed input to a running Kontrol and counts the answers (single-file Java 17 program, no dependencies):
 * webhook calls to /api/webhooks/twilio/inbound and /status (half of them validly signed, so that they get past the
 * signature check and reach the parsing behind it), JSON API calls (HTTP Basic as an admin), multipart file uploads
 * to a customer's thread (decompression bombs among them: tiny JPEGs, PNGs and GIFs that declare gigapixels, HEIC
 * junk, damaged files, odd names and boundaries) and the outgoing-webhook settings, signed in as the admin in a
 * browser session (URLs aimed at this machine in every spelling, odd events, ids that do not exist). Every answer must
 * be a 2xx, 3xx or 4xx: a 5xx is a fault (bad input reported as the server's own failure, which Twilio would retry
 * forever).
 *
 *   java bench/Fuzz.java --base http://127.0.0.1:8080 --token <Auth Token> --basic admin:secret \
 *        [--webhooks 10400] [--api 2500] [--uploads 600] [--settings 400] [--customer 1] [--seed 1]
 *
 * Output: the answers by status, and every 5xx with the request that caused it (at most 20). Exit 1 on any 5xx.
 */

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
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
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.imageio.ImageIO;
import javax.crypto.spec.SecretKeySpec;

public class Fuzz {

    static final String[] KEYS = {
        "MessageSid", "SmsSid", "AccountSid", "From", "To", "Body", "NumMedia", "MediaUrl0", "MediaContentType0",
        "MediaUrl1", "OptOutType", "MessageStatus", "ErrorCode", "ErrorMessage", "NumSegments", "ApiVersion"
    };

    final Random random;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The admin's browser session, for the settings pages (a form login and the CSRF token, as a browser has). */
    final HttpClient browser = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .cookieHandler(new CookieManager())
            .build();
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
        int webhooks = 10_400, api = 2_500, uploads = 600, settings = 400;
        long customer = 1;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--base" -> base = args[i + 1];
                case "--token" -> token = args[i + 1];
                case "--basic" -> basic = args[i + 1];
                case "--webhooks" -> webhooks = Integer.parseInt(args[i + 1]);
                case "--api" -> api = Integer.parseInt(args[i + 1]);
                case "--uploads" -> uploads = Integer.parseInt(args[i + 1]);
                case "--settings" -> settings = Integer.parseInt(args[i + 1]);
                case "--customer" -> customer = Long.parseLong(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (base == null || token == null || basic == null) {
            System.err.println("usage: java bench/Fuzz.java --base URL --token AUTH_TOKEN --basic USER:PASS"
                    + " [--webhooks N] [--api N] [--uploads N] [--settings N] [--customer ID] [--seed N]");
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
        for (int i = 0; i < uploads; i++) {
            fuzz.upload(customer);
        }
        if (settings > 0) {
            fuzz.logIn(basic);
            for (int i = 0; i < settings; i++) {
                fuzz.webhookSetting();
            }
        }
        System.out.printf("sent %,d webhook calls (half signed), %,d API calls, %,d uploads and %,d webhook settings"
                + " in %.1f s%n", webhooks, api, uploads, settings, (System.nanoTime() - t0) / 1e9);
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

    /** A multipart upload to the customer's thread: files of every kind, size and shape, and some that lie. */
    void upload(long customer) throws Exception {
        var boundary = "----fuzz" + hex(16);
        var body = new ByteArrayOutputStream();
        int files = random.nextInt(10) == 0 ? 11 : random.nextInt(4);
        var what = new StringBuilder();
        for (int i = 0; i < files; i++) {
            var name = pick("media", "media", "media", "body", garbage(8));
            var fileName = pick("photo.jpg", "IMG_0001.HEIC", "", "../../etc/passwd", "x".repeat(3000), garbage(30),
                    "quote.pdf", "a\"b.png");
            var kind = random.nextInt(10);
            var data = file(kind);
            what.append(kind).append(':').append(data.length).append(' ');
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + fileName + "\"\r\nContent-Type: " + pick("image/jpeg", "application/octet-stream", "", "text/html")
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(data);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (random.nextBoolean()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\n"
                    + pick("see attached", "", "x".repeat(2000), garbage(40)) + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (random.nextInt(15) != 0) { // now and then the request ends mid-way
            body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        var id = random.nextInt(8) == 0 ? pick("0", "-1", "abc", "999999999") : Long.toString(customer);
        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/customers/" + id + "/messages"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic)
                .header("Content-Type", random.nextInt(12) == 0
                        ? "multipart/form-data; boundary=" + pick("", "other", "\"" + boundary)
                        : "multipart/form-data; boundary=" + boundary);
        if (random.nextInt(10) != 0) { // without it: 415, the cross-site guard
            request.header("X-Requested-With", "fuzz");
        }
        send(request.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                "POST /api/v1/customers/" + id + "/messages (multipart, files " + what + ")");
    }

    /** A file's bytes: pictures that declare huge sizes, damaged ones, junk behind a right signature, random bytes. */
    byte[] file(int kind) throws Exception {
        return switch (kind) {
            case 0 -> jpeg(pick("14000", "30000", "65535", "100", "0").equals("0") ? 0 : 1 + random.nextInt(65535),
                    1 + random.nextInt(65535));
            case 1 -> png(1 + random.nextInt(Integer.MAX_VALUE), 1 + random.nextInt(100_000));
            case 2 -> concat(new byte[] {'G', 'I', 'F', '8', '9', 'a', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                    bytes(random.nextInt(500)));
            case 3 -> concat(new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0},
                    bytes(random.nextInt(5000)));
            case 4 -> concat("%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII), bytes(random.nextInt(600_000)));
            case 5 -> {
                var jpeg = jpeg(16, 16);
                yield java.util.Arrays.copyOf(jpeg, random.nextInt(jpeg.length)); // cut short
            }
            case 6 -> new byte[0];
            case 7 -> jpeg(16 + random.nextInt(3000), 16 + random.nextInt(3000)); // a real, small picture
            default -> bytes(random.nextInt(200_000));
        };
    }

    /** A 16×16 JPEG whose header says it is {@code width × height} (or a real one of that size when it is small). */
    static byte[] jpeg(int width, int height) throws Exception {
        var real = width <= 3016 && height <= 3016;
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(real ? Math.max(1, width) : 16, real ? Math.max(1, height) : 16,
                BufferedImage.TYPE_INT_RGB), "jpeg", out);
        var jpeg = out.toByteArray();
        for (int i = 2; !real && i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                break;
            }
        }
        return jpeg;
    }

    /** A 16×16 PNG whose header says it is {@code width × height}, its checksum made to match. */
    static byte[] png(int width, int height) throws Exception {
        var out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", out);
        var png = out.toByteArray();
        putInt(png, 16, width);
        putInt(png, 20, height);
        var crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17);
        putInt(png, 29, (int) crc.getValue());
        return png;
    }

    static void putInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    byte[] bytes(int n) {
        var b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        var out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*>");
    static final Pattern VALUE = Pattern.compile("value=\"([^\"]+)\"");

    /** Signs in on the login page as a browser does, with the CSRF token the page gives. */
    void logIn(String userAndPassword) throws Exception {
        var colon = userAndPassword.indexOf(':');
        var form = "username=" + URLEncoder.encode(userAndPassword.substring(0, colon), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(userAndPassword.substring(colon + 1), StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf("/login"), StandardCharsets.UTF_8);
        var answer = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        var location = answer.headers().firstValue("Location").orElse("");
        if (answer.statusCode() != 302 || location.contains("error")) {
            throw new IllegalStateException("could not sign in: " + answer.statusCode() + " → " + location);
        }
    }

    String csrf(String path) throws Exception {
        var page = browser.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var input = CSRF.matcher(page);
        if (!input.find()) {
            throw new IllegalStateException("no CSRF token on " + path);
        }
        var value = VALUE.matcher(input.group());
        if (!value.find()) {
            throw new IllegalStateException("no CSRF token on " + path);
        }
        return value.group(1);
    }

    String csrf;

    /** A change on Settings › Integrations › Webhooks: subscribe an unlikely URL, or act on an id that may not exist. */
    void webhookSetting() throws Exception {
        if (csrf == null || random.nextInt(50) == 0) {
            csrf = csrf("/settings/integrations/webhooks");
        }
        var page = "/settings/integrations/webhooks";
        var id = pick("1", "2", "0", "-1", "abc", "99999999999999999999", "%2e%2e");
        String path;
        var form = new StringBuilder("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8));
        switch (random.nextInt(5)) {
            case 0 -> path = page + "/" + id + "/rotate";
            case 1 -> path = page + "/" + id + "/delete";
            case 2 -> path = page + "/deliveries/" + id + "/send-again";
            default -> {
                path = page;
                form.append("&url=").append(URLEncoder.encode(pick(
                        "http://127.0.0.1:8080/hooks", "http://[::127.0.0.1]/", "http://[::ffff:127.0.0.1]/",
                        "http://[64:ff9b::7f00:1]/", "http://[2002:7f00:1::]/", "http://192.0.0.8/", "http://0177.0.0.1/",
                        "http://2130706433/", "http://127.1/", "http://0x7f.0.0.1/", "http://169.254.169.254/latest/",
                        "http://[fe80::1%25eth0]/", "gopher://127.0.0.1/", "file:///etc/passwd", "https://" + "a".repeat(3000),
                        "https://user:pw@93.184.216.34/", "https://93.184.216.34/hooks#x", "", " ", garbage(40),
                        "https://93.184.216.34:99999/", "http://[::1]:8080/", "https://93.184.216.34/" + garbage(20)),
                        StandardCharsets.UTF_8));
                for (int i = random.nextInt(4); i > 0; i--) {
                    form.append("&event=").append(URLEncoder.encode(
                            pick("message.received", "message.status", "bogus", "", garbage(10), "x".repeat(500)),
                            StandardCharsets.UTF_8));
                }
            }
        }
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        send(browser, request, "POST " + path + " " + cut(form.toString()));
    }

    void send(HttpRequest request, String what) throws Exception {
        send(http, request, what);
    }

    void send(HttpClient client, HttpRequest request, String what) throws Exception {
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
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
