package com.kontrol;

import com.kontrol.phone.PhoneNumber;
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
}
