package com.kontrol.messaging.thread;

import com.kontrol.customer.Customers;
import com.kontrol.phone.ConsentSource;
import com.kontrol.phone.NumberConsent;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's consent as staff record it when the customer says so on the phone or in person ("please stop texting
 * me"), with the reason, which the audit log and the thread's banner keep. It is recorded on each of the customer's
 * numbers: consent belongs to the number.
 */
@Service
class ConsentByPhone {

    static final int MAX_REASON = 300;

    private final Customers customers;
    private final NumberConsent consent;

    ConsentByPhone(Customers customers, NumberConsent consent) {
        this.customers = customers;
        this.consent = consent;
    }

    /** Records the change; false when each of the customer's numbers was already so. */
    @Transactional
    boolean record(long customerId, boolean optedOut, String reason, String by) {
        var customer = customers
                .findById(customerId)
                .orElseThrow(() -> new NotFoundException("There is no customer " + customerId + "."));
        if (customer.phones().isEmpty()) {
            throw new InvalidInputException(customer.name() + " has no number to record this for.");
        }
        var why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw new InvalidInputException("Say how the customer told you (a call, in person, an e-mail…).");
        }
        if (why.length() > MAX_REASON) {
            throw new InvalidInputException("At most " + MAX_REASON + " characters for the reason.");
        }
        var words = "recorded by " + by + ": " + why;
        var changed = false;
        for (var phone : customer.phones()) { // what the person said holds for each of their numbers
            changed |= optedOut
                    ? consent.optOut(phone.e164(), ConsentSource.STAFF, words, by)
                    : consent.optIn(phone.e164(), ConsentSource.STAFF, words, by);
        }
        return changed;
    }
}
