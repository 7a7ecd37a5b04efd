package com.kontrol;

import com.kontrol.customer.Customer;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.phone.PhoneNumber;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Phone numbers no other test in the JVM uses: test contexts are shared between test classes, so every test draws
 * from one counter instead of coordinating number ranges by hand.
 */
public final class TestCustomers {

    private static final AtomicInteger NEXT = new AtomicInteger(5000);

    private TestCustomers() {}

    /** A US number, +1 650 555 5000 onwards, new to this JVM. */
    public static PhoneNumber newPhone() {
        int n = NEXT.incrementAndGet();
        if (n > 9999) throw new IllegalStateException("out of test phone numbers");
        return PhoneNumber.ofE164("+1650555" + String.format("%04d", n));
    }

    /**
     * Stores a text from the customer's primary number in their thread as if it arrived at {@code at}, without the
     * webhook (no conversation state, no events): for what a page shows of a thread.
     */
    public static Message storeTextFrom(Messages messages, Customer customer, String body, OffsetDateTime at) {
        return messages.add(Message.received(
                        "SM" + UUID.randomUUID().toString().replace("-", ""),
                        customer.primaryPhone().orElseThrow().e164(),
                        TwilioStandIn.NUMBER,
                        body,
                        at,
                        List.of())
                .inThreadOf(customer.id()));
    }
}
