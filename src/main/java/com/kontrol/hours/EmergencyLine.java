package com.kontrol.hours;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.database.AfterCommit;
import com.kontrol.security.StaffDirectory;
import com.kontrol.web.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Settings › Business hours › Emergency line: whether a customer's "1" after the after-hours reply pages the on-call
 * staff member, the words that count, who is on call in the order they are paged, how long each has to acknowledge,
 * and what the customer is told. No row: off, "1" and "EMERGENCY", 10 minutes.
 */
@Component
class EmergencyLine {

    static final String DEFAULT_WORDS = "1, EMERGENCY";
    static final String DEFAULT_CONFIRMATION =
            "Thanks. We have paged our on-call technician, who will call you back as soon as possible.";

    record Settings(boolean enabled, Set<String> words, int ackMinutes, String confirmation, List<String> rotation) {

        public String wordList() {
            return String.join(", ", words);
        }
    }

    private final JdbcClient jdbc;
    private final StaffDirectory staff;
    private final AuditLog audit;
    private final Clock clock;

    EmergencyLine(JdbcClient jdbc, StaffDirectory staff, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.staff = staff;
        this.audit = audit;
        this.clock = clock;
    }

    // Every text from a customer asks whether it raises an emergency: read at most every few seconds.
    private final LoadingCache<Integer, Settings> cached =
            Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(5)).build(key -> load());

    /** The settings, at most a few seconds old on another instance (this one sees its own save at once). */
    Settings settings() {
        return cached.get(1);
    }

    private Settings load() {
        var rotation = jdbc.sql("select username from on_call_rotation order by position")
                .query(String.class)
                .list();
        return jdbc.sql("select enabled, words, ack_minutes, confirmation from emergency_line where id = 1")
                .query((rs, n) ->
                        new Settings(rs.getBoolean(1), words(rs.getString(2)), rs.getInt(3), rs.getString(4), rotation))
                .optional()
                .orElseGet(() -> new Settings(false, words(DEFAULT_WORDS), 10, DEFAULT_CONFIRMATION, rotation));
    }

    /** Whether the customer's text is one of the words ("1", "1.", " emergency!" all count). */
    boolean isEmergency(Settings settings, String body) {
        return body != null && settings.words().contains(normal(body));
    }

    /** Saves the settings; refuses a rotation that names nobody who can be paged, or an unknown account. */
    @Transactional
    Settings save(boolean enabled, String wordList, int ackMinutes, String confirmation, String rotation, String by) {
        var words = words(wordList == null ? "" : wordList);
        if (enabled && words.isEmpty()) {
            throw new InvalidInputException("Name at least one word that means an emergency, such as 1.");
        }
        if (ackMinutes < 1 || ackMinutes > 240) {
            throw new InvalidInputException("The time to acknowledge a page is 1 to 240 minutes.");
        }
        var text = confirmation == null ? "" : confirmation.strip();
        if (text.length() > 1600) {
            throw new InvalidInputException("The emergency confirmation is at most 1600 characters.");
        }
        var people = new ArrayList<String>();
        for (var name : (rotation == null ? "" : rotation).split("[\\s,]+")) {
            if (name.isBlank()) {
                continue;
            }
            var username = staff.enabled(name)
                    .orElseThrow(() -> new InvalidInputException(
                            "On call: \"" + cut(name) + "\" is no enabled account of the team."));
            if (staff.mobileOf(username).isEmpty()) {
                throw new InvalidInputException(
                        "On call: " + username + " has no mobile number on their profile to be paged at.");
            }
            if (!people.contains(username)) {
                people.add(username);
            }
        }
        if (enabled && people.isEmpty()) {
            throw new InvalidInputException("Name who is on call (usernames, in the order they are paged).");
        }
        var params = new HashMap<String, Object>();
        params.put("enabled", enabled);
        params.put("words", String.join(", ", words.isEmpty() ? words(DEFAULT_WORDS) : words));
        params.put("ack", ackMinutes);
        params.put("confirmation", text);
        params.put("by", by);
        params.put("at", OffsetDateTime.now(clock));
        if (jdbc.sql("update emergency_line set enabled = :enabled, words = :words, ack_minutes = :ack,"
                                + " confirmation = :confirmation, updated_by = :by, updated_at = :at where id = 1")
                        .params(params)
                        .update()
                == 0) {
            jdbc.sql("insert into emergency_line (id, enabled, words, ack_minutes, confirmation, updated_by,"
                            + " updated_at) values (1, :enabled, :words, :ack, :confirmation, :by, :at)")
                    .params(params)
                    .update();
        }
        jdbc.sql("delete from on_call_rotation").update();
        for (int i = 0; i < people.size(); i++) {
            jdbc.sql("insert into on_call_rotation (position, username) values (:position, :username)")
                    .param("position", i)
                    .param("username", people.get(i))
                    .update();
        }
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Emergency line " + (enabled ? "on" : "off") + ": words " + params.get("words") + "; on call "
                        + (people.isEmpty() ? "nobody" : String.join(", ", people)) + "; " + ackMinutes
                        + " minutes to acknowledge");
        cached.invalidateAll();
        AfterCommit.run(cached::invalidateAll); // what was read before the commit is not what was saved
        return load();
    }

    private static Set<String> words(String list) {
        var words = new LinkedHashSet<String>();
        for (var w : list.split(",")) {
            var word = normal(w);
            if (!word.isEmpty()) {
                words.add(word.length() > 30 ? word.substring(0, 30) : word);
            }
        }
        return words;
    }

    static String normal(String text) {
        return text.strip().replaceAll("[.!?]+$", "").strip().toUpperCase(Locale.ROOT);
    }

    private static String cut(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }
}
