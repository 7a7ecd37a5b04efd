package com.kontrol.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.time.OffsetDateTime;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A database connected to Twilio before V38 is known as one afterwards, whether it is still connected or was
 * disconnected (its audit log says it was connected); one only ever used in the sandbox is not.
 */
class TwilioConnectedMigrationTests {

    @Test
    void aDatabaseConnectedAndThenDisconnectedBeforeV38IsKnownAsConnectedOnce() {
        var dataSource = before38();
        var jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                        insert into audit_events (at, actor, action, detail)
                        values (:at, 'admin', 'settings.changed', 'Twilio connected: account AC1, number +14155550100')
                        """).param("at", OffsetDateTime.parse("2026-06-01T09:00:00Z")).update();
        migrate(dataSource);
        assertThat(jdbc.sql("select count(*) from twilio_connected")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aDatabaseStillConnectedIsKnownAsConnected() {
        var dataSource = before38();
        var jdbc = JdbcClient.create(dataSource);
        jdbc.sql("""
                        insert into twilio_settings (id, account_sid, auth_token_encrypted, phone_number, updated_at)
                        values (1, 'AC1', 'sealed', '+14155550100', :at)
                        """).param("at", OffsetDateTime.parse("2026-06-01T09:00:00Z")).update();
        migrate(dataSource);
        assertThat(jdbc.sql("select count(*) from twilio_connected")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aDatabaseOnlyEverUsedInTheSandboxIsNot() {
        var dataSource = before38();
        migrate(dataSource);
        assertThat(JdbcClient.create(dataSource)
                        .sql("select count(*) from twilio_connected")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static DataSource before38() {
        var dataSource = TestDatabase.newDataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("37")
                .load()
                .migrate();
        return dataSource;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("38")
                .load()
                .migrate();
    }
}
