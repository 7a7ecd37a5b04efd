package com.kontrol.messaging.conversation;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What each person chose for their inbox: Needs reply longest waiting first (the default) or newest first. */
@Repository
class InboxPreferences {

    private final JdbcClient jdbc;

    InboxPreferences(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean needsReplyNewestFirst(String username) {
        return jdbc.sql("select needs_reply_newest_first from inbox_preferences where username = :username")
                .param("username", username)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    void needsReplyNewestFirst(String username, boolean newestFirst) {
        jdbc.sql("""
                        insert into inbox_preferences (username, needs_reply_newest_first) values (:username, :newest)
                        on conflict (username) do update set needs_reply_newest_first = excluded.needs_reply_newest_first
                        """).param("username", username).param("newest", newestFirst).update();
    }
}
