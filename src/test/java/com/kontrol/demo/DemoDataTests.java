package com.kontrol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.customer.Customers;
import com.kontrol.database.Database;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;

/**
 * With kontrol.demo-data unset, a database server of the business's own gets no demo data (the embedded database
 * does: {@link com.kontrol.database.EmbeddedDefaultTests}).
 */
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

    @Autowired
    ApplicationEventPublisher events;

    @Test
    void aDatabaseServerOfTheBusinesssOwnGetsNoDemoDataByDefault() throws Exception {
        assertThat(customers.search("", 10)).isEmpty(); // kontrol.demo-data=false kept it out at start

        new DemoData(new DemoSettings(null), database, customers, jobs, messages, events, Clock.systemUTC()).run(null);

        assertThat(customers.search("", 10))
                .as("a database server of the business's own gets none")
                .isEmpty();
    }
}
