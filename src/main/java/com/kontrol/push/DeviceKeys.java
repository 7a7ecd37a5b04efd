package com.kontrol.push;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * A device's keys from its browser's subscription: {@code p256dh}, its P-256 public key as an uncompressed point, and
 * {@code auth}, a 16-byte secret, both base64url. Checked when the device subscribes, so that a push never fails later
 * on a key that could not have worked.
 */
record DeviceKeys(byte[] p256dh, byte[] auth) {

    /** The keys, or why they cannot be a browser's. */
    static Result read(String p256dh, String auth) {
        var point = decode(p256dh);
        var secret = decode(auth);
        if (point.isEmpty() || point.get().length != 65 || point.get()[0] != 4) {
            return new Result(null, "keys.p256dh must be an uncompressed P-256 public key (65 bytes, base64url).");
        }
        if (secret.isEmpty() || secret.get().length != 16) {
            return new Result(null, "keys.auth must be 16 bytes, base64url.");
        }
        if (!onTheCurve(point.get())) {
            return new Result(null, "keys.p256dh is not a point on the P-256 curve.");
        }
        return new Result(new DeviceKeys(point.get(), secret.get()), null);
    }

    record Result(DeviceKeys keys, String problem) {}

    static Optional<byte[]> decode(String value) {
        if (value == null || value.length() > 200) {
            return Optional.empty();
        }
        try {
            var unpadded = value.strip().replace('+', '-').replace('/', '_').replace("=", "");
            return Optional.of(Base64.getUrlDecoder().decode(unpadded));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    // The JDK's ECDH refuses a point off the curve: the same agreement each push makes, tried once here.
    private static boolean onTheCurve(byte[] point) {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            var ours = generator.generateKeyPair();
            var params = ((ECPublicKey) ours.getPublic()).getParams();
            var x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
            var y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
            var theirs = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
            var agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ours.getPrivate());
            agreement.doPhase(theirs, true);
            agreement.generateSecret();
            return true;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    String p256dhText() {
        return PushKeys.base64url(p256dh);
    }

    String authText() {
        return PushKeys.base64url(auth);
    }
}
