package com.kontrol.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
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
 * Encrypts secrets for storage (the Twilio Auth Token) with AES-256-GCM under a key derived from
 * {@code kontrol.secret-key}, or from a passphrase generated once into the data dir when none is given.
 */
@Component
public class SecretBox {

    private static final Logger log = LoggerFactory.getLogger(SecretBox.class);
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    // A fixed salt is fine here: the passphrase is already random (generated) or required to be long.
    private static final byte[] SALT = "kontrol.secret-box.v1".getBytes(StandardCharsets.UTF_8);

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    SecretBox(SecretSettings settings) {
        this.key = derive(passphrase(settings));
    }

    public String encrypt(String plain) {
        try {
            var iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            var sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            var out = new byte[iv.length + sealed.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(sealed, 0, out, iv.length, sealed.length);
            return VERSION + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt", e);
        }
    }

    /**
     * @throws IllegalStateException when the text was sealed under another key (the secret key changed)
     */
    public String decrypt(String sealed) {
        if (sealed == null || !sealed.startsWith(VERSION)) {
            throw new IllegalStateException("Not a sealed secret");
        }
        try {
            var bytes = Base64.getDecoder().decode(sealed.substring(VERSION.length()));
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            var plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "A stored secret cannot be decrypted: was kontrol.secret-key changed since it was saved?", e);
        }
    }

    private static String passphrase(SecretSettings settings) {
        var given = settings.secretKey();
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
            Files.writeString(file, generated, StandardCharsets.US_ASCII);
            restrictToOwner(file);
            log.info("Generated the key for stored secrets into {}; keep it with the database", file.toAbsolutePath());
            return generated;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            log.debug("Could not restrict permissions of {}", file, e);
        }
    }

    private static SecretKey derive(String passphrase) {
        try {
            var spec = new PBEKeySpec(passphrase.toCharArray(), SALT, 120_000, 256);
            var bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            return new SecretKeySpec(bytes, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the secret key", e);
        }
    }
}
