package com.kontrol.push;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A browser's push service on a local port, with the browser's side of each device: it holds each device's private
 * key and auth secret, so it **decrypts** every push as the browser would (RFC 8291, {@code aes128gcm}), and checks the
 * VAPID signature (RFC 8292: an ES256 JWT whose audience is this service's origin, which expires within a day, signed
 * by the key in {@code k=}). A push that fails either is answered 400 and recorded as a failure; a device can be made
 * to answer something else (410, 429, 503) instead.
 */
final class PushStandIn implements AutoCloseable {

    /** A push as the device's browser would show it: its decrypted payload, and the headers it came with. */
    record Delivery(String device, JsonNode payload, String ttl, String topic, String urgency, String vapidKey) {
        String title() {
            return payload.path("title").asString();
        }

        String body() {
            return payload.path("body").asString();
        }
    }

    /** One browser's subscription: where it takes pushes and the keys it decrypts them with. */
    final class Device {
        final String id;
        final KeyPair keys;
        final byte[] auth = new byte[16];

        Device(String id) {
            this.id = id;
            try {
                var generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                keys = generator.generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
            random.nextBytes(auth);
        }

        String endpoint() {
            return origin() + "/push/" + id;
        }

        String p256dh() {
            return url(uncompressed((ECPublicKey) keys.getPublic()));
        }

        String auth() {
            return url(auth);
        }

        /** As the browser's {@code PushSubscription.toJSON()} gives it. */
        String json() {
            return "{\"endpoint\":\"" + endpoint() + "\",\"keys\":{\"p256dh\":\"" + p256dh() + "\",\"auth\":\"" + auth()
                    + "\"}}";
        }

        List<Delivery> deliveries() {
            return delivered.stream().filter(d -> d.device().equals(id)).toList();
        }

        /** From now on this device's service answers {@code status} (with Retry-After when given), not 201. */
        void answer(int status, String retryAfter) {
            answers.put(id, new int[] {status});
            retryAfters.put(id, retryAfter == null ? "" : retryAfter);
        }

        void accept() {
            answers.remove(id);
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final AtomicInteger devices = new AtomicInteger();
    private final List<Delivery> delivered = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, Device> byId = new ConcurrentHashMap<>();
    private final Map<String, int[]> answers = new ConcurrentHashMap<>();
    private final Map<String, String> retryAfters = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    /** One for the test JVM, as a browser's push service is one for all its devices. */
    static PushStandIn shared() {
        return Shared.INSTANCE;
    }

    private static final class Shared {
        static final PushStandIn INSTANCE = start();

        private static PushStandIn start() {
            try {
                var service = new PushStandIn();
                Runtime.getRuntime().addShutdownHook(new Thread(service::close));
                return service;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private PushStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/push/", this::take);
        server.start();
    }

    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Device newDevice() {
        var device = new Device("d" + devices.incrementAndGet() + "-" + Long.toHexString(random.nextLong()));
        byId.put(device.id, device);
        return device;
    }

    /** Pushes that failed to decrypt or to verify, with why: none, in a test that passes. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    int requests() {
        return requests.get();
    }

    private void take(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            var id = exchange.getRequestURI().getPath().substring("/push/".length());
            var device = byId.get(id);
            var body = exchange.getRequestBody().readAllBytes();
            if (device == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            var answer = answers.get(id);
            if (answer != null) {
                var retryAfter = retryAfters.getOrDefault(id, "");
                if (!retryAfter.isEmpty()) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(answer[0], -1);
                return;
            }
            var headers = exchange.getRequestHeaders();
            try {
                var vapidKey = verify(headers.getFirst("Authorization"));
                if (!"aes128gcm".equals(headers.getFirst("Content-Encoding"))) {
                    throw new IllegalStateException("Content-Encoding is " + headers.getFirst("Content-Encoding"));
                }
                var plain = decrypt(device, body);
                delivered.add(new Delivery(
                        id,
                        JsonMapper.shared().readTree(plain),
                        headers.getFirst("TTL"),
                        headers.getFirst("Topic"),
                        headers.getFirst("Urgency"),
                        vapidKey));
                exchange.sendResponseHeaders(201, -1);
            } catch (RuntimeException | GeneralSecurityException e) {
                failures.add(id + ": " + e);
                exchange.sendResponseHeaders(400, -1);
            }
        }
    }

    /** Checks the VAPID header (RFC 8292) and answers the server's public key it names. */
    private String verify(String authorization) throws GeneralSecurityException {
        if (authorization == null || !authorization.startsWith("vapid ")) {
            throw new IllegalStateException("No VAPID authorization: " + authorization);
        }
        String token = null;
        String key = null;
        for (var part : authorization.substring(6).split(",")) {
            var kv = part.strip().split("=", 2);
            if (kv[0].equals("t")) token = kv[1];
            if (kv[0].equals("k")) key = kv[1];
        }
        var pieces = token.split("\\.");
        var header = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(pieces[0]));
        var claims = JsonMapper.shared().readTree(Base64.getUrlDecoder().decode(pieces[1]));
        if (!"ES256".equals(header.path("alg").asString())) {
            throw new IllegalStateException("alg " + header);
        }
        if (!origin().equals(claims.path("aud").asString())) {
            throw new IllegalStateException("audience " + claims.path("aud") + ", not " + origin());
        }
        long exp = claims.path("exp").asLong();
        long now = Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) {
            throw new IllegalStateException("expiry " + exp + " at " + now);
        }
        if (!claims.path("sub").asString().startsWith("mailto:")
                && !claims.path("sub").asString().startsWith("https:")) {
            throw new IllegalStateException("subject " + claims.path("sub"));
        }
        var verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(publicKey(Base64.getUrlDecoder().decode(key)));
        verifier.update((pieces[0] + "." + pieces[1]).getBytes(StandardCharsets.US_ASCII));
        if (!verifier.verify(Base64.getUrlDecoder().decode(pieces[2]))) {
            throw new IllegalStateException("the JWT's signature does not verify with k");
        }
        return key;
    }

    /** RFC 8291 §3.4 and RFC 8188: as the device's browser decrypts a push. */
    private static byte[] decrypt(Device device, byte[] body) throws GeneralSecurityException {
        var in = ByteBuffer.wrap(body);
        var salt = new byte[16];
        in.get(salt);
        int recordSize = in.getInt();
        int idLength = in.get() & 0xff;
        var serverKey = new byte[idLength];
        in.get(serverKey);
        var cipherText = new byte[in.remaining()];
        in.get(cipherText);
        if (recordSize < 18 || cipherText.length + 16 + 4 + 1 + idLength > body.length) {
            throw new IllegalStateException("bad record size " + recordSize);
        }
        var agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(device.keys.getPrivate());
        agreement.doPhase(publicKey(serverKey), true);
        var ecdh = agreement.generateSecret();
        var deviceKey = uncompressed((ECPublicKey) device.keys.getPublic());
        var keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), deviceKey, serverKey);
        var ikm = expand(hmac(device.auth, ecdh), keyInfo, 32);
        var prk = hmac(salt, ikm);
        var cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        var nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        var padded = cipher.doFinal(cipherText);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) end--;
        if (end < 0 || padded[end] != 2) {
            throw new IllegalStateException("no last-record delimiter");
        }
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    private static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ArrayList<Byte>();
        for (var part : parts) for (var b : part) out.add(b);
        var bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) bytes[i] = out.get(i);
        return bytes;
    }

    static ECPublicKey publicKey(byte[] point) throws GeneralSecurityException {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) generator.generateKeyPair().getPublic()).getParams();
        var x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
        var y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
        return (ECPublicKey)
                KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
    }

    static byte[] uncompressed(ECPublicKey key) {
        var out = new byte[65];
        out[0] = 4;
        copy(key.getW().getAffineX(), out, 1);
        copy(key.getW().getAffineY(), out, 33);
        return out;
    }

    private static void copy(BigInteger value, byte[] out, int at) {
        var bytes = value.toByteArray();
        int from = Math.max(0, bytes.length - 32);
        int length = bytes.length - from;
        System.arraycopy(bytes, from, out, at + 32 - length, length);
    }

    static String url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
