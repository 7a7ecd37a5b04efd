package com.kontrol.phone;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Whether a phone number may be texted, for the whole business: a STOP opts the number out whoever has it now or
 * later (two customers sharing it, a stranger who becomes a customer, a staff mobile), START opts it back in. Every
 * path that sends asks {@link #optOutOf}. A change is announced ({@link NumberOptedOut}, {@link NumberOptedIn}) in the
 * caller's transaction, so that what follows from it (withdrawn texts, the audit log, the customers who have the
 * number) commits with it.
 */
@Repository
public class NumberConsent {

    private static final int MAX_WORDS = 400;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NumberConsent(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    /** A number's consent as the API shows it; {@code changedAt} and the rest are null for a number never changed. */
    public record State(
            String number, boolean optedOut, OffsetDateTime changedAt, ConsentSource source, String words, String by) {}

    private static final String FIND = """
            select phone, opted_out, changed_at, source, words, changed_by
            from number_consent
            where phone = :phone
            """;

    public State stateOf(String number) {
        return jdbc.sql(FIND)
                .param("phone", number)
                .query(NumberConsent::state)
                .optional()
                .orElse(new State(number, false, null, null, null, null));
    }

    /** The number's opt-out, or empty when it may be texted. */
    public Optional<NumberOptOut> optOutOf(String number) {
        if (number == null) {
            return Optional.empty();
        }
        var state = stateOf(number);
        return state.optedOut() ? Optional.of(optOut(state)) : Optional.empty();
    }

    private static final String OPTED_OUT_AMONG = """
            select phone, opted_out, changed_at, source, words, changed_by
            from number_consent
            where phone in (:phones) and opted_out
            """;

    /** The opted-out numbers among these, by number. */
    public Map<String, NumberOptOut> optOutsAmong(Collection<String> numbers) {
        var out = new HashMap<String, NumberOptOut>();
        if (numbers.isEmpty()) {
            return out;
        }
        jdbc.sql(OPTED_OUT_AMONG).param("phones", numbers).query(NumberConsent::state).list().stream()
                .map(NumberConsent::optOut)
                .forEach(o -> out.put(o.number(), o));
        return out;
    }

    private static final String FIRST_CHANGE = """
            insert into number_consent (phone, opted_out, changed_at, source, words, changed_by)
            values (:phone, :optedOut, :now, :source, :words, :by)
            """;

    private static final String CHANGE = """
            update number_consent
            set opted_out = :optedOut, changed_at = :now, source = :source, words = :words, changed_by = :by
            where phone = :phone and opted_out <> :optedOut
            """;

    /**
     * The number asked for no more texts ({@code words}: how, e.g. "replied STOP"); false when it already had. Texts
     * still waiting for it are withdrawn by the listeners of {@link NumberOptedOut}.
     */
    public boolean optOut(String number, ConsentSource source, String words, String by) {
        var changed = firstChange(number, true, source, words, by) || change(number, true, source, words, by);
        if (changed) {
            events.publishEvent(new NumberOptedOut(number, source, words, by));
        }
        return changed;
    }

    /** The number may be texted again; false when it had not opted out. */
    public boolean optIn(String number, ConsentSource source, String words, String by) {
        var changed = change(number, false, source, words, by);
        if (changed) {
            events.publishEvent(new NumberOptedIn(number, source, words, by));
        }
        return changed;
    }

    private boolean firstChange(String number, boolean optedOut, ConsentSource source, String words, String by) {
        return jdbc.sql(FIRST_CHANGE + " on conflict do nothing")
                        .params(params(number, optedOut, source, words, by))
                        .update()
                > 0;
    }

    private boolean change(String number, boolean optedOut, ConsentSource source, String words, String by) {
        return jdbc.sql(CHANGE)
                        .params(params(number, optedOut, source, words, by))
                        .update()
                > 0;
    }

    private Map<String, Object> params(String number, boolean optedOut, ConsentSource source, String words, String by) {
        var params = new HashMap<String, Object>();
        params.put("phone", number);
        params.put("optedOut", optedOut);
        params.put("now", OffsetDateTime.now(clock));
        params.put("source", source.code());
        params.put("words", words == null ? null : words.length() > MAX_WORDS ? words.substring(0, MAX_WORDS) : words);
        params.put("by", by);
        return params;
    }

    private static State state(ResultSet rs, int row) throws SQLException {
        return new State(
                rs.getString("phone"),
                rs.getBoolean("opted_out"),
                rs.getObject("changed_at", OffsetDateTime.class),
                ConsentSource.ofCode(rs.getString("source")),
                rs.getString("words"),
                rs.getString("changed_by"));
    }

    private static NumberOptOut optOut(State s) {
        return new NumberOptOut(s.number(), s.changedAt(), s.source(), s.words(), s.by());
    }
}
