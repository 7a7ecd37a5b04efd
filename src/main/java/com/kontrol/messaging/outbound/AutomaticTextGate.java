package com.kontrol.messaging.outbound;

import com.kontrol.messaging.Sender;
import com.kontrol.messaging.outbound.AutomaticTextSettings.Window;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one gate every automatic text (everything no person typed) passes before it is queued, whoever sends it: the
 * destination rule (only the countries the business serves, never premium-rate numbers), a budget per recipient number
 * (per hour and per day; texts to the team's own phones have their own), a loop breaker (never more than two automatic
 * answers to one number in ten minutes) and quiet hours in the recipient's own time zone for what Kontrol sends on
 * its own schedule. The rules are {@link #decide}, one table; the rest reads what they need.
 */
@Component
class AutomaticTextGate {

    static final String TEXTS = "texts";
    static final String STAFF = "staff";
    static final Duration LOOP_WINDOW = Duration.ofMinutes(10);
    static final int LOOP_ANSWERS = 2;

    /** What the gate says of one text: held by a rule (with the reason), or go, no sooner than {@code notBefore}. */
    record Verdict(String rule, String reason, OffsetDateTime notBefore) {
        static Verdict go(OffsetDateTime notBefore) {
            return new Verdict(null, null, notBefore);
        }

        static Verdict held(String rule, String reason) {
            return new Verdict(rule, reason, null);
        }

        boolean held() {
            return rule != null;
        }
    }

    /** What the rules look at: the text's trigger and budget, its number, what went to it lately, and when it is due. */
    record Facts(
            Trigger trigger,
            String budget,
            String region,
            boolean premium,
            long lastHour,
            long lastDay,
            long answersLately,
            ZonedDateTime dueThere) {}

    /** The rules for these limits, in order; a held text names the rule that held it. */
    static Verdict decide(Facts f, int perHour, int perDay, List<String> countries, Window window) {
        if (f.premium()) {
            return Verdict.held("destination", "a premium-rate number: automatic texts never go to one");
        }
        if (f.region() == null || !countries.contains(f.region())) {
            return Verdict.held(
                    "destination",
                    "a number in " + (f.region() == null ? "no known country" : f.region())
                            + ": automatic texts go only to " + String.join(", ", countries)
                            + " (kontrol.automatic-texts.countries)");
        }
        if (f.lastHour() >= perHour) {
            return Verdict.held(
                    "budget",
                    f.lastHour() + " automatic texts went to this number in the last hour, the most "
                            + (STAFF.equals(f.budget()) ? "texts to a staff phone" : "automatic texts")
                            + " it gets in an hour");
        }
        if (f.lastDay() >= perDay) {
            return Verdict.held(
                    "budget", f.lastDay() + " automatic texts went to this number today, the most it gets in a day");
        }
        if (f.trigger() == Trigger.ANSWER && f.answersLately() >= LOOP_ANSWERS) {
            return Verdict.held(
                    "loop",
                    "Kontrol answered this number automatically " + f.answersLately() + " times in the last "
                            + LOOP_WINDOW.toMinutes() + " minutes (an auto-responder?)");
        }
        if (f.trigger() == Trigger.SCHEDULED
                && window != null
                && !window.contains(f.dueThere().toLocalTime())) {
            return Verdict.go(nextOpening(f.dueThere(), window).toOffsetDateTime());
        }
        return Verdict.go(null);
    }

    /** When the window next opens after {@code at} (today if it has not opened yet, else tomorrow). */
    static ZonedDateTime nextOpening(ZonedDateTime at, Window window) {
        var today = at.toLocalDate().atTime(window.from()).atZone(at.getZone());
        return at.toLocalTime().isBefore(window.from()) ? today : today.plusDays(1);
    }

    private static final String LATELY = """
            select coalesce(sum(case when queued_at > :hourAgo then 1 else 0 end), 0) as last_hour,
                   count(*) as last_day,
                   coalesce(sum(case when trigger = 'answer' and queued_at > :loopSince then 1 else 0 end), 0)
                       as answers
            from automatic_texts
            where to_address = :to and budget = :budget and queued_at > :dayAgo
            """;

    private final JdbcClient jdbc;
    private final AutomaticTextSettings settings;
    private final Window window;
    private final List<String> countries;
    private final PhoneNumbers numbers;
    private final Times times;
    private final Clock clock;

    AutomaticTextGate(JdbcClient jdbc, AutomaticTextSettings settings, PhoneNumbers numbers, Times times, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.window = settings.window();
        this.countries = settings.countries().isEmpty()
                ? List.of(numbers.defaultRegion())
                : settings.countries().stream()
                        .map(c -> c.strip().toUpperCase(Locale.ROOT))
                        .toList();
        this.numbers = numbers;
        this.times = times;
        this.clock = clock;
    }

    /** The verdict on an automatic text to {@code to} from {@code sender}, due at {@code due} (null: now). */
    Verdict check(String to, Sender sender, Trigger trigger, OffsetDateTime due) {
        var now = OffsetDateTime.now(clock);
        var budget = budgetOf(sender);
        var facts = jdbc.sql(LATELY)
                .param("to", to)
                .param("budget", budget)
                .param("hourAgo", now.minusHours(1))
                .param("dayAgo", now.minusDays(1))
                .param("loopSince", now.minus(LOOP_WINDOW))
                .query((rs, n) -> new Facts(
                        trigger,
                        budget,
                        numbers.regionOf(to).orElse(null),
                        numbers.isPremium(to),
                        rs.getLong("last_hour"),
                        rs.getLong("last_day"),
                        rs.getLong("answers"),
                        (due == null ? now : due).atZoneSameInstant(zoneOf(to))))
                .single();
        boolean staff = STAFF.equals(budget);
        return decide(
                facts,
                staff ? settings.staffPerHour() : settings.perHour(),
                staff ? settings.staffPerDay() : settings.perDay(),
                countries,
                window);
    }

    /** Counts a text that went through the gate (in the transaction that queued it). */
    void passed(long messageId, String to, Sender sender, Trigger trigger) {
        jdbc.sql("""
                        insert into automatic_texts (message_id, to_address, trigger, budget, queued_at)
                        values (:id, :to, :trigger, :budget, :now)
                        """)
                .param("id", messageId)
                .param("to", to)
                .param("trigger", trigger.code())
                .param("budget", budgetOf(sender))
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    /** Until when a text sent on Kontrol's own schedule must wait at {@code at} (quiet hours where {@code to} is). */
    Optional<OffsetDateTime> quietUntil(String to, OffsetDateTime at) {
        if (window == null) {
            return Optional.empty();
        }
        var there = at.atZoneSameInstant(zoneOf(to));
        return window.contains(there.toLocalTime())
                ? Optional.empty()
                : Optional.of(nextOpening(there, window).toOffsetDateTime());
    }

    /** The time where the number's owner lives, when it is outside the daytime window there (for the composer). */
    Optional<ZonedDateTime> nightAt(String to) {
        var there = ZonedDateTime.now(clock).withZoneSameInstant(zoneOf(to));
        var daytime = window != null ? window : new Window(LocalTime.of(8, 0), LocalTime.of(20, 0));
        return daytime.contains(there.toLocalTime()) ? Optional.empty() : Optional.of(there);
    }

    /** The rules as the settings page shows them. */
    Outbox.AutomaticTextRules rules() {
        return new Outbox.AutomaticTextRules(
                window == null ? null : window.toString(),
                settings.perHour(),
                settings.perDay(),
                settings.staffPerHour(),
                settings.staffPerDay(),
                countries);
    }

    private ZoneId zoneOf(String to) {
        return numbers.zoneOf(to, times.zone());
    }

    /** The team's own phones (pages, answers to their commands) have a budget of their own. */
    private static String budgetOf(Sender sender) {
        return sender instanceof Sender.Automatic a && a.toStaff() ? STAFF : TEXTS;
    }
}
