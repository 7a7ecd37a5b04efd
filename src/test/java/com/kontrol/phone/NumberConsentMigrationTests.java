package com.kontrol.phone;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The move of consent from customers and inbox numbers to the numbers themselves (V34) keeps every opt-out: a database
 * in the shape before it, with opted-out customers (one with two numbers, one sharing a number with a customer who had
 * not opted out) and opted-out inbox numbers, comes out with each of those numbers opted out and no other.
 */
class NumberConsentMigrationTests {

    @Test
    void everyOptOutOfACustomerOrAnInboxNumberIsKeptOnItsNumbers() throws Exception {
        var dataSource = TestDatabase.newDataSource();
        var jdbc = JdbcClient.create(dataSource);
        flyway(dataSource).target("33").load().migrate();

        var stopped = OffsetDateTime.parse("2026-11-02T10:15:00Z");
        var recorded = OffsetDateTime.parse("2026-11-20T16:40:00Z");
        customer(jdbc, "Texted Stop", stopped, "+16505550001", "+16505550002");
        long phoned = customer(jdbc, "Phoned In", recorded, "+16505550003");
        customer(jdbc, "Shares With Phoned", null, "+16505550003", "+16505550004");
        customer(jdbc, "Never Stopped", null, "+16505550005");
        jdbc.sql("""
                        insert into audit_events (at, actor, action, customer_id, detail)
                        values (:at, 'dana', 'optout.changed', :id, 'Opted out: recorded by dana: phoned the office')
                        """).param("at", recorded).param("id", phoned).update();
        jdbc.sql("insert into inbox_numbers (phone, opted_out_at, opted_out_via) values (:p, :at, 'texted')")
                .param("p", "+16505550006")
                .param("at", stopped)
                .update();
        jdbc.sql("insert into inbox_numbers (phone) values ('+16505550007')").update();
        // A number both on an opted-out customer and opted out in the inbox: its earliest opt-out.
        jdbc.sql("insert into inbox_numbers (phone, opted_out_at, opted_out_via) values (:p, :at, 'texted')")
                .param("p", "+16505550001")
                .param("at", stopped.minusDays(1))
                .update();

        flyway(dataSource).load().migrate();

        Map<String, OffsetDateTime> out = jdbc
                .sql("select phone, changed_at from number_consent where opted_out")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(out).containsOnlyKeys("+16505550001", "+16505550002", "+16505550003", "+16505550006");
        assertThat(out.get("+16505550001")).isEqualTo(stopped.minusDays(1));
        assertThat(out.get("+16505550002")).isEqualTo(stopped);
        assertThat(out.get("+16505550003")).isEqualTo(recorded);
        assertThat(jdbc.sql("select words from number_consent where phone = '+16505550003'")
                        .query(String.class)
                        .single())
                .isEqualTo("Opted out: recorded by dana: phoned the office");
    }

    private static long customer(JdbcClient jdbc, String name, OffsetDateTime optedOutAt, String... phones) {
        var now = OffsetDateTime.parse("2026-10-01T09:00:00Z");
        jdbc.sql("""
                        insert into customers (name, sms_enabled, sms_opted_out_at, created_at, updated_at)
                        values (:name, true, :optedOutAt, :now, :now)
                        """)
                .param("name", name)
                .param("optedOutAt", optedOutAt)
                .param("now", now)
                .update();
        long id = jdbc.sql("select id from customers where name = :name")
                .param("name", name)
                .query(Long.class)
                .single();
        for (int i = 0; i < phones.length; i++) {
            jdbc.sql("""
                            insert into customer_phones (customer_id, phone, is_primary, created_at)
                            values (:id, :phone, :primary, :now)
                            """)
                    .param("id", id)
                    .param("phone", phones[i])
                    .param("primary", i == 0)
                    .param("now", now)
                    .update();
        }
        return id;
    }

    private static FluentConfiguration flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    }
}
