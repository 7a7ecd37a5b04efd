package com.kontrol.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The staff accounts. */
@Repository
class Users {

    private final JdbcClient jdbc;

    private final Clock clock;

    Users(JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    private static final String COLUMNS =
            "id, username, display_name, password_hash, role, enabled, email, mobile, mobile_verified, session_epoch,"
                    + " created_at";

    private static final String FIND_BY_USERNAME = "select " + COLUMNS + """
             from users
            where lower(username) = lower(:username)
            """;

    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql(FIND_BY_USERNAME)
                .param("username", username)
                .query(Users::map)
                .optional();
    }

    Optional<UserAccount> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from users where id = :id")
                .param("id", id)
                .query(Users::map)
                .optional();
    }

    List<UserAccount> all() {
        return jdbc.sql("select " + COLUMNS + " from users order by lower(username)")
                .query(Users::map)
                .list();
    }

    boolean isEmpty() {
        return jdbc.sql("select count(*) from users").query(Long.class).single() == 0;
    }

    private static final String INSERT = """
            insert into users (username, display_name, password_hash, role, email, mobile, mobile_verified, created_at)
            values (:username, :displayName, :passwordHash, :role, :email, :mobile, :mobileVerified, :createdAt)
            """;

    void add(String username, String displayName, String passwordHash, Role role) {
        add(username, displayName, passwordHash, role, null, null);
    }

    /** Adds an account; a mobile an admin gives it is a staff phone at once, on the admin's word. */
    void add(String username, String displayName, String passwordHash, Role role, String email, String mobile) {
        changes.incrementAndGet();
        jdbc.sql(INSERT)
                .param("username", username)
                .param("displayName", displayName)
                .param("passwordHash", passwordHash)
                .param("role", role.name())
                .param("email", email)
                .param("mobile", mobile)
                .param("mobileVerified", mobile != null)
                .param("createdAt", OffsetDateTime.now(clock))
                .update();
    }

    private static final String UPDATE = """
            update users set display_name = :displayName, role = :role, email = :email, mobile = :mobile,
                             mobile_verified = :mobileVerified
            where id = :id
            """;

    void update(long id, String displayName, Role role, String email, String mobile, boolean mobileVerified) {
        changes.incrementAndGet();
        jdbc.sql(UPDATE)
                .param("id", id)
                .param("displayName", displayName)
                .param("role", role.name())
                .param("email", email)
                .param("mobile", mobile)
                .param("mobileVerified", mobile != null && mobileVerified)
                .update();
    }

    /** The code typed back: the mobile is a staff phone from now on, if it is still the account's. */
    boolean verifyMobile(long id, String mobile) {
        changes.incrementAndGet();
        return jdbc.sql("update users set mobile_verified = true where id = :id and mobile = :mobile")
                        .param("id", id)
                        .param("mobile", mobile)
                        .update()
                > 0;
    }

    /** Unverifies the mobiles among {@code phones} that are staff phones now; the usernames it changed, with theirs. */
    List<UserAccount> unverifyMobiles(List<String> phones) {
        var affected = jdbc.sql("select " + COLUMNS + " from users where mobile_verified and mobile in (:phones)")
                .param("phones", phones)
                .query(Users::map)
                .list();
        if (!affected.isEmpty()) {
            changes.incrementAndGet();
            jdbc.sql("update users set mobile_verified = false where mobile_verified and mobile in (:phones)")
                    .param("phones", phones)
                    .update();
        }
        return affected;
    }

    /** The accounts other than {@code exceptId} with this mobile on their profile, verified or not. */
    List<String> othersWithMobile(String mobile, long exceptId) {
        return jdbc.sql("select username from users where mobile = :mobile and id <> :id order by username")
                .param("mobile", mobile)
                .param("id", exceptId)
                .query(String.class)
                .list();
    }

    /** Enables or disables an account; disabling ends its sessions. Either cancels its open reset links. */
    void setEnabled(long id, boolean enabled) {
        changes.incrementAndGet();
        jdbc.sql("update users set enabled = :enabled, session_epoch = session_epoch + :end where id = :id")
                .param("id", id)
                .param("enabled", enabled)
                .param("end", enabled ? 0 : 1)
                .update();
        cancelResetLinks(id);
    }

    /** A new password, which ends every session of the account and cancels its open reset links. */
    void setPassword(long id, String passwordHash) {
        jdbc.sql("update users set password_hash = :hash, session_epoch = session_epoch + 1 where id = :id")
                .param("id", id)
                .param("hash", passwordHash)
                .update();
        cancelResetLinks(id);
    }

    // A reset link is good only for the account as it was when the link was made: a link made before the account was
    // disabled must not set the password of the account enabled again later, nor outlive a password set since.
    private void cancelResetLinks(long id) {
        jdbc.sql("update password_resets set used_at = :now where user_id = :id and used_at is null")
                .param("id", id)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    void delete(long id) {
        changes.incrementAndGet();
        jdbc.sql("delete from users where id = :id").param("id", id).update();
    }

    /**
     * Enabled admins other than {@code exceptId}. Every enabled admin's row is locked, in id order, until the caller's
     * transaction ends: two admins disabling each other at once are served one after the other, and the second sees
     * that it would leave none.
     */
    long otherEnabledAdmins(long exceptId) {
        return jdbc
                .sql("select id from users where role = 'ADMIN' and enabled order by id for update")
                .query(Long.class)
                .list()
                .stream()
                .filter(id -> id != exceptId)
                .count();
    }

    /** Counts this instance's changes to accounts, so that what is read from them often can be kept until one. */
    private final AtomicLong changes = new AtomicLong();

    long changes() {
        return changes.get();
    }

    /** The verified mobile numbers on enabled accounts, each with the usernames that have it. */
    Map<String, List<String>> enabledMobiles() {
        var byMobile = new HashMap<String, List<String>>();
        jdbc.sql("select mobile, username from users where enabled and mobile is not null and mobile_verified"
                        + " order by username")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .forEach(e -> byMobile.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(e.getValue()));
        return byMobile;
    }

    private static UserAccount map(ResultSet rs, int row) throws SQLException {
        return new UserAccount(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"),
                rs.getString("email"),
                rs.getString("mobile"),
                rs.getBoolean("mobile_verified"),
                rs.getInt("session_epoch"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
