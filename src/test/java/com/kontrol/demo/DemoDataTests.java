package com.kontrol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import com.kontrol.customer.Customers;
import com.kontrol.database.Database;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** With kontrol.demo-data unset, an empty embedded database gets demo data and PostgreSQL does not. */
// A context of its own (the application name differs), so that its database starts empty.
@SpringBootTest(properties = {"kontrol.demo-data=false", "spring.application.name=demo-data-tests"})
class DemoDataTests {

    @Autowired
    Customers customers;

    @Autowired
    Messages messages;

    @Autowired
    Database database;

    @Autowired
    JobDesk jobs;

    @Test
    void demoDataIsLoadedOnTheEmbeddedDatabaseOnlyByDefault() throws Exception {
        assertThat(customers.search("", 10)).isEmpty(); // kontrol.demo-data=false kept it out at start

        new DemoData(new DemoSettings(null), database, customers, jobs, messages, Clock.systemUTC()).run(null);

        var maria = customers.search("Maria Gonzalez", 1);
        if (TestDatabase.onPostgres()) {
            assertThat(customers.search("", 10)).isEmpty();
        } else {
            assertThat(customers.search("", 10)).hasSize(5);
            assertThat(maria).hasSize(1);
            assertThat(messages.thread(maria.get(0).id(), Long.MAX_VALUE, 50))
                    .isNotEmpty()
                    .anyMatch(m -> m.isInbound());
        }
    }
}
