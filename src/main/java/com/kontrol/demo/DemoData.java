package com.kontrol.demo;

import com.kontrol.customer.Customer;
import com.kontrol.customer.Customers;
import com.kontrol.database.Database;
import com.kontrol.job.JobDesk;
import com.kontrol.job.JobStatus;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Direction;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.ThreadLoaded;
import com.kontrol.phone.PhoneNumber;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Fills an empty database with a few customers, their jobs and a short SMS history. On by default on the embedded database only,
 * so a production PostgreSQL never gets invented customers.
 */
@Component
@Order(10)
class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** The business number of the demo history, until a real Twilio number is set up. */
    static final String DEMO_BUSINESS_NUMBER = "+14155550100";

    private final DemoSettings settings;
    private final Database database;
    private final Customers customers;
    private final JobDesk jobs;
    private final Messages messages;
    private final ApplicationEventPublisher events;

    private final Clock clock;

    DemoData(
            DemoSettings settings,
            Database database,
            Customers customers,
            JobDesk jobs,
            Messages messages,
            ApplicationEventPublisher events,
            Clock clock) {
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.database = database;
        this.customers = customers;
        this.jobs = jobs;
        this.messages = messages;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) throws SQLException {
        if (!enabled() || !customers.search("", 1).isEmpty()) {
            return;
        }
        var now = OffsetDateTime.now(clock);
        var maria = customer("Maria Gonzalez", "+14155550134", "1450 Valencia Street, San Francisco, CA");
        var maple = customer("Maple Street Dental", "+14155550178", "220 Maple Street, Palo Alto, CA");
        var tom = customer("Tom Becker", "+16505550123", "38 Oak Grove Avenue, Menlo Park, CA");
        customer("Priya Raman", "+14085550142", null);
        customer("Jonas Lindqvist", "+442079460018", null);

        var boiler = jobs.open(maria.id(), "Boiler service", "demo");
        jobs.changeStatus(boiler.id(), JobStatus.IN_PROGRESS, "demo");
        jobs.open(maple.id(), "Replace dental chair compressor", "demo");
        var roof = jobs.open(tom.id(), "Roof leak repair", "demo");
        jobs.changeStatus(roof.id(), JobStatus.AWAITING_APPROVAL, "demo");

        text(
                maria,
                boiler.id(),
                Direction.OUTBOUND,
                "notification",
                "Hi Maria, your technician is on the way for job " + boiler.number() + " (Boiler service).",
                now.minusHours(3));
        text(
                maria,
                boiler.id(),
                Direction.INBOUND,
                null,
                "Great, thanks! The side gate is unlocked.",
                now.minusHours(3).plusMinutes(4));
        text(
                maria,
                boiler.id(),
                Direction.OUTBOUND,
                "admin",
                "Thanks Maria, we'll use the side gate.",
                now.minusHours(3).plusMinutes(6));
        text(
                tom,
                roof.id(),
                Direction.OUTBOUND,
                "notification",
                "Hi Tom, job " + roof.number() + " needs your approval: replace 12 damaged shingles.",
                now.minusHours(1));
        text(tom, roof.id(), Direction.INBOUND, null, "How long will it take?", now.minusMinutes(40));
        // Written straight into the threads: their conversations (Tom waits for an answer) are worked out from them.
        events.publishEvent(new ThreadLoaded(maria.id()));
        events.publishEvent(new ThreadLoaded(tom.id()));
        stranger(
                "+14155550187",
                "Hi, this is Priya - I got a new phone. Is the plumber still coming Friday?",
                now.minusMinutes(25));
        stranger("+18005550199", "Your parcel is waiting: track it at example.com/xyz", now.minusMinutes(90));
        log.info(
                "Loaded demo data: 5 customers, 3 jobs and a short SMS history (kontrol.demo-data=false turns it off)");
    }

    /** A text from a number that matches no customer: it waits in Communication > Messages. */
    private void stranger(String from, String body, OffsetDateTime at) {
        messages.add(Message.received(null, from, DEMO_BUSINESS_NUMBER, body, at, List.of()));
    }

    private boolean enabled() {
        if (settings.demoData() != null) {
            return settings.demoData();
        }
        return database.isEmbedded();
    }

    private Customer customer(String name, String phone, String address) {
        return customers.add(name, List.of(PhoneNumber.ofE164(phone)), true, address);
    }

    private void text(Customer c, long jobId, Direction direction, String sentBy, String body, OffsetDateTime at) {
        var phone = c.primaryPhone().orElseThrow().e164();
        var inbound = direction == Direction.INBOUND;
        var message = inbound
                ? Message.received(null, phone, DEMO_BUSINESS_NUMBER, body, at, List.of())
                : Message.queued(c.id(), jobId, DEMO_BUSINESS_NUMBER, phone, body, Sender.of(sentBy), at)
                        .withStatus(DeliveryStatus.DELIVERED);
        messages.add(message.inThreadOf(c.id()));
    }
}
