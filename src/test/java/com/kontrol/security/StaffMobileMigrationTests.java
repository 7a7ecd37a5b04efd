package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.time.OffsetDateTime;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Mobiles stored before staff phones were verified (V35) stay staff phones, except one that is also a customer's
 * number or that two accounts share: those are unverified, so that the customer's texts reach their thread.
 */
class StaffMobileMigrationTests {

    @Test
    void storedMobilesStayStaffPhonesUnlessACustomerOrAnotherAccountHasTheNumber() {
        var dataSource = TestDatabase.newDataSource();
        var jdbc = JdbcClient.create(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .target("34")
                .load()
                .migrate();
        var now = OffsetDateTime.parse("2026-10-01T09:00:00Z");
        jdbc.sql("insert into customers (name, sms_enabled, created_at, updated_at) values ('Cus', true, :now, :now)")
                .param("now", now)
                .update();
        jdbc.sql("""
                        insert into customer_phones (customer_id, phone, is_primary, created_at)
                        select id, '+16505550011', true, :now from customers where name = 'Cus'
                        """).param("now", now).update();
        user(jdbc, "own", "+16505550010", now);
        user(jdbc, "customers", "+16505550011", now);
        user(jdbc, "shared-a", "+16505550012", now);
        user(jdbc, "shared-b", "+16505550012", now);
        user(jdbc, "none", null, now);

        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();

        assertThat(jdbc.sql("select username from users where mobile_verified order by username")
                        .query(String.class)
                        .list())
                .containsExactly("own");
        assertThat(jdbc.sql("select count(*) from users where mobile is not null")
                        .query(Long.class)
                        .single())
                .as("every mobile is kept, verified or not")
                .isEqualTo(4);
    }

    private static void user(JdbcClient jdbc, String username, String mobile, OffsetDateTime now) {
        jdbc.sql("""
                        insert into users (username, display_name, password_hash, role, mobile, created_at)
                        values (:username, :username, 'x', 'STAFF', :mobile, :now)
                        """)
                .param("username", username)
                .param("mobile", mobile)
                .param("now", now)
                .update();
    }
}
