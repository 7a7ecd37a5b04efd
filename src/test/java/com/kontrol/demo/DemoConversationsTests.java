package com.kontrol.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.customer.Customers;
import com.kontrol.database.Database;
import com.kontrol.job.JobDesk;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.conversation.ConversationRow;
import com.kontrol.messaging.conversation.ConversationView;
import com.kontrol.messaging.conversation.Conversations;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;

/** On first start the demo's conversations are as its texts say: Tom asked a question and waits for an answer. */
// A context of its own (the application name differs), so that its database starts empty.
@SpringBootTest(properties = {"kontrol.demo-data=false", "spring.application.name=demo-conversations-tests"})
class DemoConversationsTests {

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

    @Autowired
    Conversations conversations;

    @Test
    void theCustomerWhoAskedAQuestionWaitsInNeedsReplyAndTheAnsweredOneDoesNot() throws Exception {
        var loadedAt = OffsetDateTime.now();
        new DemoData(new DemoSettings(true), database, customers, jobs, messages, events, Clock.systemUTC()).run(null);

        var waiting = conversations.page(ConversationView.NEEDS_REPLY, "admin", null, 10);
        assertThat(waiting).extracting(ConversationRow::customerName).containsExactly("Tom Becker");
        // "How long will it take?", 40 minutes before the demo was loaded
        assertThat(Duration.between(waiting.get(0).waitingSince(), loadedAt).toMinutes())
                .isBetween(39L, 41L);
        assertThat(conversations.page(ConversationView.ALL, "admin", null, 10))
                .extracting(ConversationRow::customerName)
                .containsExactlyInAnyOrder("Tom Becker", "Maria Gonzalez");
    }
}
