package com.kontrol.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets for storage (the Twilio Auth Token) with AES-256-GCM under a key stretched from
 * {@code kontrol.secret-key} (or a passphrase generated once into the data dir) with PBKDF2-SHA256 at 600,000
 * iterations and a random salt stored beside each ciphertext ({@code v2:}). Values sealed by earlier versions
 * ({@code v1:}, a fixed salt and 120,000 iterations) still open, and {@link #isCurrent} tells their owner to seal
 * them again.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final String VERSION = "v2:";
    private static final String V1 = "v1:";
    private static final int ITERATIONS = 600_000; // OWASP's figure for PBKDF2-HMAC-SHA256 (2023)
    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] V1_SALT = "kontrol.secret-box.v1".getBytes(StandardCharsets.UTF_8);
    private static final int V1_ITERATIONS = 120_000;
    private static final int MAX_KEYS = 16;

    private final char[] passphrase;
    private final SecureRandom random = new SecureRandom();
    // Stretching takes about half a second on purpose: each salt's key is stretched once per process.
    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private volatile byte[] salt;

    SecretBox(SecretSettings settings) {
        this.passphrase = passphrase(settings).toCharArray();
    }

    public String encrypt(String plain) {
        try {
            var saltNow = sealingSalt();
            var iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(saltNow, ITERATIONS), new GCMParameterSpec(TAG_BITS, iv));
            var sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            var out = new byte[SALT_BYTES + IV_BYTES + sealed.length];
            System.arraycopy(saltNow, 0, out, 0, SALT_BYTES);
            System.arraycopy(iv, 0, out, SALT_BYTES, IV_BYTES);
            System.arraycopy(sealed, 0, out, SALT_BYTES + IV_BYTES, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /** True when {@code sealed} is in the current form; else decrypt it and encrypt it again. */
    public boolean isCurrent(String sealed) {
        return sealed != null && sealed.startsWith(VERSION);
    }

    /**
     * @throws IllegalStateException when the text was sealed under another key (the secret key changed)
     */
    public String decrypt(String sealed) {
        if (sealed == null || !(sealed.startsWith(VERSION) || sealed.startsWith(V1))) {
            throw new IllegalStateException("Not a sealed secret");
        }
        try {
            var bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            byte[] saltOf;
            int offset;
            int iterations;
            if (sealed.startsWith(V1)) {
                saltOf = V1_SALT;
                offset = 0;
                iterations = V1_ITERATIONS;
            } else {
                saltOf = Arrays.copyOfRange(bytes, 0, SALT_BYTES);
                offset = SALT_BYTES;
                iterations = ITERATIONS;
            }
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key(saltOf, iterations),
                    new GCMParameterSpec(TAG_BITS, bytes, offset, IV_BYTES));
            var plain = cipher.doFinal(bytes, offset + IV_BYTES, bytes.length - offset - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalStateException(
                    "A stored secret cannot be decrypted: was kontrol.secret-key changed since it was saved?", e);
        }
    }

    /** One random salt per process for what it seals, so that sealing again does not stretch again. */
    private byte[] sealingSalt() {
        var current = salt;
        if (current == null) {
            current = new byte[SALT_BYTES];
            random.nextBytes(current);
            salt = current;
        }
        return current;
    }

    private SecretKey key(byte[] saltOf, int iterations) {
        var id = iterations + ":" + Base64.getEncoder().encodeToString(saltOf);
        var key = keys.get(id);
        if (key == null) {
            key = derive(passphrase, saltOf, iterations);
            if (keys.size() < MAX_KEYS) {
                keys.put(id, key);
            }
        }
        return key;
    }

    private static String passphrase(SecretSettings settings) {
        var given = settings.secretKey();
        ShippedExamples.refuse("kontrol.secret-key", "KONTROL_SECRET_KEY", given);
        if (given != null && !given.isBlank()) {
            if (given.length() < 32) {
                throw new IllegalStateException("kontrol.secret-key must be at least 32 characters long.");
            }
            return given;
        }
        var file = settings.dataDir().resolve("secret.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            Files.createDirectories(settings.dataDir());
            var bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            var generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            writeOwnerOnly(file, generated);
            log.info(
                    "Generated the key for stored secrets into {}; back it up, apart from the database",
                    file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    /**
     * Writes the key into a file that is the owner's alone from its creation (never readable by others in between),
     * then moves it into place in one step.
     */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(
                    file.getParent(),
                    "secret",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(file.getParent(), "secret", ".tmp"); // not POSIX: the folder's own rights
        }
        Files.writeString(temp, content, StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static SecretKey derive(char[] passphrase, byte[] salt, int iterations) {
        try {
            var spec = new PBEKeySpec(passphrase, salt, iterations, 256);
            var bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            return new SecretKeySpec(bytes, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the secret key", e);
        }
    }
}
