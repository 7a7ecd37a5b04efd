package com.kontrol.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/** A secret sealed as Kontrol sealed them before v2 (a fixed salt, 120,000 iterations), as old databases hold them. */
public final class SealedV1 {

    private SealedV1() {}

    public static String seal(String passphrase, String plain) throws Exception {
        var spec = new PBEKeySpec(
                passphrase.toCharArray(), "kontrol.secret-box.v1".getBytes(StandardCharsets.UTF_8), 120_000, 256);
        var key = new SecretKeySpec(
                SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                        .generateSecret(spec)
                        .getEncoded(),
                "AES");
        var iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        var cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        var sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        var out = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(sealed, 0, out, iv.length, sealed.length);
        return "v1:" + Base64.getEncoder().encodeToString(out);
    }
}
