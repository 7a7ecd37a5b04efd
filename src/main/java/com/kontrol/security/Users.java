package com.kontrol.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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

    private static final String FIND_BY_USERNAME = """
            select id, username, display_name, password_hash, role, created_at
            from users
            where lower(username) = lower(:username)
            """;

    Optional<UserAccount> findByUsername(String username) {
        return jdbc.sql(FIND_BY_USERNAME)
                .param("username", username)
                .query(Users::map)
                .optional();
    }

    private static final String ALL = """
            select id, username, display_name, password_hash, role, created_at
            from users
            order by lower(username)
            """;

    List<UserAccount> all() {
        return jdbc.sql(ALL).query(Users::map).list();
    }

    boolean isEmpty() {
        return jdbc.sql("select count(*) from users").query(Long.class).single() == 0;
    }

    private static final String INSERT = """
            insert into users (username, display_name, password_hash, role, created_at)
            values (:username, :displayName, :passwordHash, :role, :createdAt)
            """;

    void add(String username, String displayName, String passwordHash, Role role) {
        jdbc.sql(INSERT)
                .param("username", username)
                .param("displayName", displayName)
                .param("passwordHash", passwordHash)
                .param("role", role.name())
                .param("createdAt", OffsetDateTime.now(clock))
                .update();
    }

    private static UserAccount map(ResultSet rs, int row) throws SQLException {
        return new UserAccount(
                rs.getLong("id"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getString("password_hash"),
                Role.valueOf(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
