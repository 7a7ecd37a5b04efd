package com.kontrol.messaging;

import com.kontrol.phone.PhoneNumber;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The business's own numbers: the provider's sending number (the default: notifications go from it) and every other
 * number of the account that texts arrive on, each with an optional label. A reply goes from the number the customer
 * last texted or was texted from ({@link #lastUsedWith}), so one customer keeps one thread whichever number they use.
 */
@Component
public class BusinessNumbers {

    /** One of the business's numbers, with its label (null: none yet). */
    public record BusinessNumber(String phone, String label, boolean isDefault) {

        /** "Eastside (415) 555-0101", or just the number. */
        public String describe(String display) {
            return label == null || label.isBlank() ? display : label + " " + display;
        }
    }

    static final int MAX_LABEL = 60;

    // Every inbound text names its number: keep the list in memory for a few seconds rather than reading it per text.
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private record Cached(Map<String, String> labels, long loadedAt) {}

    private final JdbcClient jdbc;
    private final SmsGateway gateway;
    private final Clock clock;
    private volatile Cached cached;

    BusinessNumbers(JdbcClient jdbc, SmsGateway gateway, Clock clock) {
        this.jdbc = jdbc;
        this.gateway = gateway;
        this.clock = clock;
    }

    private Map<String, String> labels() {
        var c = cached;
        if (c == null || System.nanoTime() - c.loadedAt() > CACHE_NANOS) {
            var labels = new LinkedHashMap<String, String>();
            jdbc.sql("select phone, label from business_numbers order by first_seen_at, phone")
                    .query((rs, n) -> labels.put(rs.getString(1), rs.getString(2)))
                    .list();
            c = new Cached(labels, System.nanoTime());
            cached = c;
        }
        return c.labels();
    }

    /** The provider's sending number, when it is a phone number (not a Messaging Service, not unset). */
    public Optional<String> defaultNumber() {
        return gateway.senderNumber().filter(BusinessNumbers::isPhone);
    }

    /** The default number first, then the others in the order texts first reached them. */
    public List<BusinessNumber> all() {
        var labels = labels();
        var all = new ArrayList<BusinessNumber>();
        var main = defaultNumber();
        main.ifPresent(p -> all.add(new BusinessNumber(p, labels.get(p), true)));
        labels.forEach((phone, label) -> {
            if (main.isEmpty() || !main.get().equals(phone)) {
                all.add(new BusinessNumber(phone, label, false));
            }
        });
        return all;
    }

    /** More than one number: the thread and the reply box then say which one a text used. */
    public boolean several() {
        return all().size() > 1;
    }

    public boolean isKnown(String phone) {
        return phone != null
                && (labels().containsKey(phone)
                        || defaultNumber().filter(phone::equals).isPresent());
    }

    public Optional<String> label(String phone) {
        return Optional.ofNullable(labels().get(phone)).filter(l -> !l.isBlank());
    }

    /** Whether a text arriving on {@code phone} would change nothing here: a number known already, or none to keep. */
    public boolean knows(String phone) {
        // The sandbox's number is nobody's: kept, it would be "the number last texted" once Twilio is connected.
        return !isPhone(phone) || labels().containsKey(phone) || gateway.isSandbox();
    }

    /** A text arrived on {@code phone}: it is one of the business's numbers from now on. */
    public void arrivedOn(String phone) {
        if (knows(phone)) {
            return;
        }
        jdbc.sql("""
                        insert into business_numbers (phone, first_seen_at)
                        select :phone, :now where not exists (select 1 from business_numbers where phone = :phone)
                        """)
                .param("phone", phone)
                .param("now", OffsetDateTime.now(clock))
                .update();
        cached = null;
    }

    /** Names a number ("Eastside"); an empty label takes the name away. False for a number that is not the business's. */
    public boolean relabel(String phone, String label, String by) {
        if (!isKnown(phone)) {
            return false;
        }
        var clean = label == null ? null : label.strip();
        if (clean != null && clean.length() > MAX_LABEL) {
            clean = clean.substring(0, MAX_LABEL);
        }
        if (jdbc.sql("update business_numbers set label = :label, labelled_by = :by where phone = :phone")
                        .param("label", clean == null || clean.isEmpty() ? null : clean)
                        .param("by", by)
                        .param("phone", phone)
                        .update()
                == 0) {
            jdbc.sql("insert into business_numbers (phone, label, first_seen_at, labelled_by)"
                            + " values (:phone, :label, :now, :by)")
                    .param("phone", phone)
                    .param("label", clean == null || clean.isEmpty() ? null : clean)
                    .param("now", OffsetDateTime.now(clock))
                    .param("by", by)
                    .update();
        }
        cached = null;
        return true;
    }

    // The customer's latest text either way: the business number it reached, or went out from.
    private static final String LAST_USED = """
            select case when direction = 'inbound' then to_address else from_address end
            from messages
            where customer_id = :customerId and direction in ('inbound', 'outbound')
            order by id desc
            limit 1
            """;

    /** The business number the customer last texted or was last texted from, when it is still one of the business's. */
    public Optional<String> lastUsedWith(long customerId) {
        return jdbc.sql(LAST_USED)
                .param("customerId", customerId)
                .query(String.class)
                .optional()
                .filter(this::isKnown);
    }

    // The same for a number that matches no customer (the unassigned inbox).
    private static final String LAST_USED_WITH_NUMBER = """
            select to_address from messages
            where customer_id is null and direction = 'inbound' and from_address = :phone
            order by id desc
            limit 1
            """;

    public Optional<String> lastUsedWithNumber(String phone) {
        return jdbc.sql(LAST_USED_WITH_NUMBER)
                .param("phone", phone)
                .query(String.class)
                .optional()
                .filter(this::isKnown);
    }

    static boolean isPhone(String value) {
        if (value == null || !value.startsWith("+")) {
            return false;
        }
        try {
            PhoneNumber.ofE164(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
