package com.kontrol.messaging.thread;

import com.kontrol.customer.Customers;
import com.kontrol.messaging.CustomerOptedIn;
import com.kontrol.messaging.CustomerOptedOut;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's consent as staff record it when the customer says so on the phone or in person ("please stop texting
 * me"), with the reason, which the audit log and the thread's banner keep.
 */
@Service
class ConsentByPhone {

    static final int MAX_REASON = 300;

    private final Customers customers;
    private final ApplicationEventPublisher events;

    ConsentByPhone(Customers customers, ApplicationEventPublisher events) {
        this.customers = customers;
        this.events = events;
    }

    /** Records the change; false when the customer was already so. */
    @Transactional
    boolean record(long customerId, boolean optedOut, String reason, String by) {
        if (!customers.exists(customerId)) {
            throw new NotFoundException("There is no customer " + customerId + ".");
        }
        var why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidInputException("Say how the customer told you (a call, in person, an e-mail…).");
        }
        if (why.length() > MAX_REASON) {
            throw new InvalidInputException("At most " + MAX_REASON + " characters for the reason.");
        }
        var words = "recorded by " + by + ": " + why;
        if (optedOut && customers.optOut(customerId)) {
            events.publishEvent(new CustomerOptedOut(customerId, words, by));
            return true;
        }
        if (!optedOut && customers.optIn(customerId)) {
            events.publishEvent(new CustomerOptedIn(customerId, words, by));
            return true;
        }
        return false;
    }
}
