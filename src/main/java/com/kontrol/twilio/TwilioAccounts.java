package com.kontrol.twilio;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.security.SecretBox;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where the Twilio account is kept: saved from the settings page (the token sealed by {@link SecretBox}), else taken
 * from {@code kontrol.twilio.*}. What the settings page saved wins.
 */
@Repository
public class TwilioAccounts {

    private final JdbcClient jdbc;
    private final SecretBox secrets;
    private final TwilioProperties properties;

    private final Clock clock;

    private final AuditLog audit;
    private final TwilioConnections connections;

    TwilioAccounts(
            JdbcClient jdbc,
            SecretBox secrets,
            TwilioProperties properties,
            Clock clock,
            AuditLog audit,
            TwilioConnections connections) {
        this.audit = audit;
        this.connections = connections;
        this.clock = clock;
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.properties = properties;
    }

    private static final String FIND = """
            select account_sid, auth_token_encrypted, phone_number, public_url, updated_by, updated_at
            from twilio_settings
            where id = 1
            """;

    // Every webhook needs the token: keep it in memory for a few seconds rather than decrypting it per request. Other
    // instances on the same database see a change made here within that time.
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Cached(Optional<TwilioAccount> account, long loadedAt) {}

    private volatile Cached cached;

    /** An account given in configuration counts as connected from the first start with it. */
    @EventListener(ApplicationReadyEvent.class)
    void rememberConfiguredAccount() {
        if (isSetUp()) {
            connections.connected();
        }
    }

    /** A token sealed by an earlier version is sealed again in the current form, once, at start. */
    @EventListener(ApplicationReadyEvent.class)
    @Transactional
    void sealStoredTokenAgain() {
        var sealed = jdbc.sql("select auth_token_encrypted from twilio_settings where id = 1")
                .query(String.class)
                .optional();
        if (sealed.isEmpty() || sealed.get() == null || secrets.isCurrent(sealed.get())) {
            return;
        }
        jdbc.sql(
                        "update twilio_settings set auth_token_encrypted = :token where id = 1 and auth_token_encrypted = :old")
                .param("token", secrets.encrypt(secrets.decrypt(sealed.get())))
                .param("old", sealed.get())
                .update();
        cached = null;
    }

    /** True once an account is set up; until then Kontrol uses sandbox SMS. */
    public boolean isSetUp() {
        return current().isPresent();
    }

    /** The account in use, or empty while none is set up (Kontrol then uses sandbox SMS). */
    Optional<TwilioAccount> current() {
        var c = cached;
        if (c == null || System.nanoTime() - c.loadedAt() > CACHE_NANOS) {
            try {
                c = new Cached(load(), System.nanoTime());
            } catch (DataAccessResourceFailureException e) {
                if (c == null) {
                    throw e;
                }
                // The database is away: webhooks are still checked with the account last seen (and texts spooled),
                // rather than each waiting for a connection that will not come; asked again after CACHE_NANOS.
                c = new Cached(c.account(), System.nanoTime());
            }
            cached = c;
        }
        return c.account();
    }

    private Optional<TwilioAccount> load() {
        var saved = jdbc.sql(FIND)
                .query((rs, n) -> new TwilioAccount(
                        rs.getString("account_sid"),
                        secrets.decrypt(rs.getString("auth_token_encrypted")),
                        rs.getString("phone_number"),
                        rs.getString("public_url"),
                        TwilioAccount.Source.SETTINGS_PAGE,
                        rs.getString("updated_by"),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .optional();
        if (saved.isPresent()) {
            return saved;
        }
        if (properties.isComplete()) {
            return Optional.of(new TwilioAccount(
                    properties.accountSid().strip(),
                    properties.authToken().strip(),
                    properties.phoneNumber().strip(),
                    null,
                    TwilioAccount.Source.CONFIGURATION,
                    null,
                    null));
        }
        return Optional.empty();
    }

    private static final String UPDATE = """
            update twilio_settings
            set account_sid = :accountSid, auth_token_encrypted = :token, phone_number = :phone,
                public_url = :publicUrl, updated_by = :updatedBy, updated_at = :now
            where id = 1
            """;

    private static final String INSERT = """
            insert into twilio_settings (id, account_sid, auth_token_encrypted, phone_number, public_url, updated_by,
                                         updated_at)
            values (1, :accountSid, :token, :phone, :publicUrl, :updatedBy, :now)
            """;

    /** Saves the account with the public URL the admin confirmed (null: none); the token is stored only encrypted. */
    @Transactional
    void save(String accountSid, String authToken, String phoneNumber, String publicUrl, String updatedBy) {
        var before = load().filter(a -> a.source() == TwilioAccount.Source.SETTINGS_PAGE);
        cached = null;
        var sealed = secrets.encrypt(authToken);
        var now = OffsetDateTime.now(clock);
        int updated = jdbc.sql(UPDATE)
                .param("accountSid", accountSid)
                .param("token", sealed)
                .param("phone", phoneNumber)
                .param("publicUrl", publicUrl)
                .param("updatedBy", updatedBy)
                .param("now", now)
                .update();
        if (updated == 0) {
            jdbc.sql(INSERT)
                    .param("accountSid", accountSid)
                    .param("token", sealed)
                    .param("phone", phoneNumber)
                    .param("publicUrl", publicUrl)
                    .param("updatedBy", updatedBy)
                    .param("now", now)
                    .update();
        }
        connections.connected();
        audit.record(
                updatedBy,
                AuditAction.SETTINGS_CHANGED,
                null,
                changes(before, accountSid, authToken, phoneNumber, publicUrl));
        cached = null;
    }

    /**
     * Forgets the account saved on the settings page (a configured one stays): Kontrol returns to sandbox SMS. The
     * texts and threads are not touched. False when nothing was saved.
     */
    @Transactional
    boolean disconnect(String by) {
        var before = load().filter(a -> a.source() == TwilioAccount.Source.SETTINGS_PAGE);
        cached = null;
        if (before.isEmpty()
                || jdbc.sql("delete from twilio_settings where id = 1").update() == 0) {
            return false;
        }
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Twilio disconnected (account " + before.get().accountSid() + ", number "
                        + before.get().phoneNumber() + "): back to sandbox SMS");
        cached = null;
        return true;
    }

    /** What the save changed, in words; the token only as "changed", never its value. */
    private static String changes(
            Optional<TwilioAccount> before, String accountSid, String authToken, String phoneNumber, String publicUrl) {
        if (before.isEmpty()) {
            return "Twilio connected: account " + accountSid + ", number " + phoneNumber + ", public URL "
                    + (publicUrl == null ? "none" : publicUrl);
        }
        var was = before.get();
        var what = new ArrayList<String>();
        if (!Objects.equals(was.accountSid(), accountSid)) {
            what.add("account " + was.accountSid() + " → " + accountSid);
        }
        if (!Objects.equals(was.authToken(), authToken)) {
            what.add("Auth Token changed");
        }
        if (!Objects.equals(was.phoneNumber(), phoneNumber)) {
            what.add("number " + was.phoneNumber() + " → " + phoneNumber);
        }
        if (!Objects.equals(was.publicUrl(), publicUrl)) {
            what.add("public URL " + (was.publicUrl() == null ? "none" : was.publicUrl()) + " → "
                    + (publicUrl == null ? "none" : publicUrl));
        }
        return "Twilio settings: " + (what.isEmpty() ? "saved unchanged" : String.join(", ", what));
    }
}
