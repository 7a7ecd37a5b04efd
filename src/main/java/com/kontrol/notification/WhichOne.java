package com.kontrol.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Remembers that "which one?" was asked about a set of open questions, so that it is asked once per set: an
 * auto-responder answering every text with OK gets one question, not one per OK.
 */
@Component
class WhichOne {

    private static final String ASKED = """
            insert into which_one_questions (customer_id, about, open_ids, asked_at)
            values (:customerId, :about, :openIds, :now)
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    WhichOne(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True the first time for this customer and set of open ids (the caller asks then), false after. */
    boolean firstAsk(long customerId, String about, List<Long> openIds) {
        var ids = openIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        if (ids.length() > 400) {
            ids = ids.substring(0, 400);
        }
        return jdbc.sql(ASKED + " on conflict do nothing")
                        .param("customerId", customerId)
                        .param("about", about)
                        .param("openIds", ids)
                        .param("now", OffsetDateTime.now(clock))
                        .update()
                > 0;
    }
}
