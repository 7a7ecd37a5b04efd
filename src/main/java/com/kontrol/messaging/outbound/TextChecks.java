package com.kontrol.messaging.outbound;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.job.Job;
import com.kontrol.job.Jobs;
import com.kontrol.messaging.SmsGateway;
import com.kontrol.phone.LineTypes;
import com.kontrol.phone.NumberConsent;
import com.kontrol.web.InvalidInputException;
import com.kontrol.web.NotFoundException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The questions every text asks before it is queued, scheduled or released: is there such a customer and job, may
 * they be texted, has the number opted out, and what the words become once their shortcodes are expanded.
 */
@Component
class TextChecks {

    /** Why an automatic text does not go to a number a lookup found to be a landline. */
    static final String LANDLINE = "landline: texts will not arrive";

    private final Customers customers;
    private final Jobs jobs;
    private final Shortcodes shortcodes;
    private final MessagingSettings settings;
    private final NumberConsent consent;
    private final OptOutSentence optOutSentence;
    private final SmsGateway gateway;
    private final LineTypes lineTypes;

    TextChecks(
            Customers customers,
            Jobs jobs,
            Shortcodes shortcodes,
            MessagingSettings settings,
            NumberConsent consent,
            OptOutSentence optOutSentence,
            SmsGateway gateway,
            LineTypes lineTypes) {
        this.customers = customers;
        this.jobs = jobs;
        this.shortcodes = shortcodes;
        this.settings = settings;
        this.consent = consent;
        this.optOutSentence = optOutSentence;
        this.gateway = gateway;
        this.lineTypes = lineTypes;
    }

    /** Why a text to this customer cannot go (see {@link Outbox#whyNot}), or empty when it can. */
    Optional<String> whyNot(long customerId, String body, Long jobId) {
        try {
            var customer = customer(customerId);
            refuseIfCannotText(customer);
            var draft = draft(customer, body, job(customer, jobId));
            if (!draft.ok()) {
                return Optional.of(draft.error());
            }
            if (gateway.senderNumber().isEmpty()) {
                return Optional.of("Twilio is not set up.");
            }
            // Automatic texts only: a person who sees the warning may still try (a lookup can be out of date).
            if (lineTypes.isLandline(primaryNumberOf(customer))) {
                return Optional.of(LANDLINE);
            }
            return Optional.empty();
        } catch (InvalidInputException | NotFoundException e) {
            return Optional.of(e.getMessage());
        }
    }

    Customer customer(long id) {
        return customers.findById(id).orElseThrow(() -> new NotFoundException("There is no customer " + id + "."));
    }

    /** The job the text is about: the one chosen, else the customer's most recent open job. */
    Optional<Job> job(Customer customer, Long jobId) {
        var theirs = jobs.forCustomer(customer.id());
        if (jobId != null) {
            return Optional.of(theirs.stream()
                    .filter(j -> j.id() == jobId)
                    .findFirst()
                    .orElseThrow(() -> new InvalidInputException(
                            "Job " + jobId + " is not one of " + customer.name() + "'s jobs.")));
        }
        return theirs.stream().filter(j -> j.status().isOpen()).findFirst();
    }

    /**
     * The one question every text asks before it is queued (and the worker asks again before it goes): has the number
     * it goes to opted out, whoever has it?
     */
    void refuseIfOptedOut(String to) {
        var optOut = consent.optOutOf(to);
        if (optOut.isPresent()) {
            throw new InvalidInputException(optOutSentence.of(optOut.get()));
        }
    }

    void refuseIfCannotText(Customer customer) {
        if (customer.smsOptedOut()) {
            throw new InvalidInputException(customer.name() + " has opted out of texts: "
                    + optOutSentence.of(customer.optOuts().get(0)));
        }
        if (!customer.smsEnabled()) {
            throw new InvalidInputException(
                    "SMS is disabled for " + customer.name() + ": enable it on the customer's page first.");
        }
        if (customer.primaryPhone().isEmpty()) {
            throw new InvalidInputException(customer.name() + " has no mobile number.");
        }
    }

    /** The customer's primary number, once it is known that they can be texted there. */
    String primaryNumberOf(Customer customer) {
        return customer.primaryPhone().orElseThrow().e164();
    }

    /** The words as they will go (shortcodes expanded), or why they cannot: none, a shortcode unknown, too long. */
    Draft draft(Customer customer, String body, Optional<Job> job) {
        var raw = body == null ? "" : body.strip();
        if (raw.isEmpty()) {
            return new Draft("", SmsSegments.of(""), "Type a message first.");
        }
        var expansion = shortcodes.expand(
                raw, new Shortcodes.Context(Optional.ofNullable(customer), job, settings.companyName()));
        if (!expansion.ok()) {
            return new Draft(raw, SmsSegments.of(raw), expansion.error());
        }
        var count = SmsSegments.of(expansion.text());
        if (expansion.text().length() > Outbox.MAX_LENGTH) {
            return new Draft(
                    expansion.text(),
                    count,
                    "Too long: " + expansion.text().length() + " characters, at most " + Outbox.MAX_LENGTH
                            + " can be sent.");
        }
        return new Draft(expansion.text(), count, null);
    }

    /** The words as they will go; an {@link InvalidInputException} saying why they cannot. */
    String wordsOf(Customer customer, String body, Optional<Job> job) {
        var draft = draft(customer, body, job);
        if (!draft.ok()) {
            throw new InvalidInputException(draft.error());
        }
        return draft.text();
    }
}
