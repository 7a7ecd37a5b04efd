package com.kontrol.messaging.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.KontrolTest;
import com.kontrol.TestCustomers;
import com.kontrol.WithTwilioStandIn;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.customer.Customers;
import com.kontrol.messaging.Sender;
import com.kontrol.phone.PhoneNumber;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every automatic text passes the governor on its way into the outbox: over the budget it is not sent, the thread
 * shows it held and the audit log says by which rule; a person's own text is never held.
 */
@KontrolTest
@WithTwilioStandIn
class AutomaticTextLimitsTests {

    @Autowired
    Outbox outbox;

    @Autowired
    Customers customers;

    @Autowired
    AuditLog audit;

    @Test
    void theSixthAutomaticTextInAnHourIsHeldShownInTheThreadAndAudited() {
        var customer = customers.add("Much Notified", List.of(TestCustomers.newPhone()), true);
        for (int i = 1; i <= 5; i++) {
            assertThat(outbox.queue(TextToGo.to(customer.id(), "Update " + i, Sender.Automatic.NOTIFICATION))
                            .status())
                    .isEqualTo("queued");
        }

        var sixth = outbox.queue(TextToGo.to(customer.id(), "Update 6", Sender.Automatic.NOTIFICATION));

        assertThat(sixth.status()).isEqualTo("failed");
        assertThat(sixth.errorMessage()).startsWith("Held: 5 automatic texts went to this number in the last hour");
        assertThat(audit.ofCustomer(customer.id(), AuditAction.MESSAGE_HELD, 5))
                .singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("(budget)"));
        assertThat(outbox.queue(TextToGo.to(customer.id(), "A person may still write", Sender.person("dana")))
                        .status())
                .isEqualTo("queued");
    }

    @Test
    void anAutomaticTextToACountryTheBusinessDoesNotServeIsHeldButAPersonMayTextIt() {
        var customer = customers.add("Abroad", List.of(PhoneNumber.ofE164("+442079460018")), true);

        var automatic =
                outbox.queue(TextToGo.to(customer.id(), "Your visit is tomorrow", Sender.Automatic.NOTIFICATION));

        assertThat(automatic.status()).isEqualTo("failed");
        assertThat(automatic.errorMessage()).contains("GB").contains("automatic texts go only to US");
        assertThat(outbox.queue(TextToGo.to(customer.id(), "Hello from the office", Sender.person("dana")))
                        .status())
                .isEqualTo("queued");
    }
}
