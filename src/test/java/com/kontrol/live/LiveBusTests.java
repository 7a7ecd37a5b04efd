package com.kontrol.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Two instances on one PostgreSQL: a change announced on one reaches the other, once committed. */
class LiveBusTests {

    @Test
    void aChangeOnOneInstanceReachesTheOtherOnlyWhenCommitted() throws Exception {
        Assumptions.assumeTrue(TestDatabase.onPostgres(), "LISTEN/NOTIFY is PostgreSQL's");
        var name = TestDatabase.createPostgresDatabase();
        try (var one = dataSource(name);
                var two = dataSource(name)) {
            var first = new LiveBus(one, JdbcClient.create(one));
            var second = new LiveBus(two, JdbcClient.create(two));
            List<String> seen = new CopyOnWriteArrayList<>();
            second.onChange(seen::add);
            Thread.sleep(500); // the second instance's LISTEN is in place

            var transactions = new TransactionTemplate(new DataSourceTransactionManager(one));
            transactions.executeWithoutResult(status -> {
                first.announce("41:7");
                status.setRollbackOnly();
            });
            transactions.executeWithoutResult(status -> {
                first.announce("42:7");
                first.announce("inbox");
            });
            first.announce("43:8"); // outside a transaction: at once

            await().atMost(Duration.ofSeconds(10)).until(() -> seen.containsAll(List.of("42:7", "inbox", "43:8")));
            assertThat(seen).doesNotContain("41:7");
            first.destroy();
            second.destroy();
        }
    }

    private static HikariDataSource dataSource(String database) {
        var ds = new HikariDataSource();
        ds.setJdbcUrl(System.getProperty("kontrol.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/") + database);
        ds.setUsername("postgres");
        ds.setMaximumPoolSize(3);
        return ds;
    }
}
