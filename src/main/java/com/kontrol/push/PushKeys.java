package com.kontrol.push;

import com.interaso.webpush.VapidKeys;
import com.kontrol.security.SecretBox;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The server's VAPID key pair, made once into {@code push_keys} by whichever instance asks first and read by all: a
 * browser subscribes with the public key, and every push is signed with the private one, so they must be the same
 * wherever a push is sent from. The private key is sealed with the {@link SecretBox}, like the Twilio Auth Token.
 */
@Component
class PushKeys {

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final Clock clock;
    private volatile Pair pair;

    /** The keys, and the public one as browsers take it ({@code applicationServerKey}: base64url, no padding). */
    record Pair(VapidKeys keys, String publicKey) {}

    PushKeys(JdbcClient jdbc, SecretBox secrets, Clock clock) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.clock = clock;
    }

    Pair pair() {
        var known = pair;
        if (known == null) {
            synchronized (this) {
                known = pair;
                if (known == null) {
                    known = loadOrMake();
                    pair = known;
                }
            }
        }
        return known;
    }

    String publicKey() {
        return pair().publicKey();
    }

    private Pair loadOrMake() {
        var stored = load();
        if (stored != null) {
            return stored;
        }
        var made = VapidKeys.generate();
        // Two instances starting together may both make a pair: the first insert wins and both read it back.
        jdbc.sql("""
                        insert into push_keys (id, public_key, x509_public, private_sealed, created_at)
                        values (1, :publicKey, :x509, :sealed, :now)
                        on conflict (id) do nothing
                        """)
                .param("publicKey", base64url(made.getApplicationServerKey()))
                .param("x509", made.getX509PublicKey())
                .param("sealed", secrets.encrypt(made.getPkcs8PrivateKey()))
                .param("now", OffsetDateTime.now(clock))
                .update();
        return load();
    }

    private Pair load() {
        return jdbc.sql("select public_key, x509_public, private_sealed from push_keys where id = 1")
                .query((rs, n) ->
                        new Pair(VapidKeys.create(rs.getString(2), secrets.decrypt(rs.getString(3))), rs.getString(1)))
                .optional()
                .orElse(null);
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
