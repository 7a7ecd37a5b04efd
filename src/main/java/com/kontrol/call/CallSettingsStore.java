package com.kontrol.call;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one row of Settings › Calls. */
@Repository
class CallSettingsStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    CallSettingsStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    CallSettings load() {
        return jdbc.sql("""
                        select forward_to, ring_in_order, ring_seconds, greeting, voicemail, voicemail_greeting,
                               transcribe, text_back, text_back_body
                        from call_settings where id = 1
                        """)
                .query((rs, n) -> new CallSettings(
                        numbers(rs.getString("forward_to")),
                        rs.getBoolean("ring_in_order"),
                        rs.getInt("ring_seconds"),
                        rs.getString("greeting"),
                        rs.getBoolean("voicemail"),
                        rs.getString("voicemail_greeting"),
                        rs.getBoolean("transcribe"),
                        rs.getBoolean("text_back"),
                        rs.getString("text_back_body")))
                .single();
    }

    void save(CallSettings s, String by) {
        jdbc.sql("""
                        update call_settings set forward_to = :forwardTo, ring_in_order = :ringInOrder,
                            ring_seconds = :ringSeconds, greeting = :greeting, voicemail = :voicemail,
                            voicemail_greeting = :voicemailGreeting, transcribe = :transcribe, text_back = :textBack,
                            text_back_body = :textBackBody, updated_by = :by, updated_at = :now
                        where id = 1
                        """)
                .param("forwardTo", String.join("\n", s.forwardTo()))
                .param("ringInOrder", s.ringInOrder())
                .param("ringSeconds", s.ringSeconds())
                .param("greeting", s.greeting())
                .param("voicemail", s.voicemail())
                .param("voicemailGreeting", s.voicemailGreeting())
                .param("transcribe", s.transcribe())
                .param("textBack", s.textBack())
                .param("textBackBody", s.textBackBody())
                .param("by", by)
                .param("now", OffsetDateTime.now(clock))
                .update();
    }

    private static List<String> numbers(String lines) {
        return Arrays.stream(lines.split("\n"))
                .map(String::strip)
                .filter(l -> !l.isEmpty())
                .toList();
    }
}
