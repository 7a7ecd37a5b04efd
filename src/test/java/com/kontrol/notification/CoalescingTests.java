package com.kontrol.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.customer.Customers;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.PhoneNumber;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A status changed back and forth quickly sends one text, about where the job ended up. */
@SpringBootTest(properties = "kontrol.notifications.settle-seconds=60")
class CoalescingTests {

    @Autowired
    Customers customers;

    @Autowired
    JobDesk desk;

    @Autowired
    Messages messages;

    @Autowired
    NotificationLog log;

    @Test
    void quickStatusChangesReplaceTheWaitingTextInsteadOfFloodingTheCustomer() {
        var customer = customers.add("Flood Guard", List.of(PhoneNumber.ofE164("+19165559001")), true);
        var job = desk.open(customer.id(), "Flip-flop", "dana");
        desk.changeStatus(job.id(), JobStatus.IN_PROGRESS, "dana");
        desk.changeStatus(job.id(), JobStatus.SCHEDULED, "dana");
        desk.changeStatus(job.id(), JobStatus.IN_PROGRESS, "dana");

        var texts = messages.thread(customer.id(), Long.MAX_VALUE, 10);
        assertThat(texts)
                .filteredOn(m -> m.status().equals("queued"))
                .singleElement()
                .satisfies(m -> assertThat(m.body()).contains("has started job"));
        assertThat(texts).filteredOn(m -> m.status().equals("canceled")).hasSize(2);
        assertThat(log.ofJob(job.id()))
                .extracting(NotificationLogEntry::outcome)
                .containsOnly("queued", "replaced");
    }
}
