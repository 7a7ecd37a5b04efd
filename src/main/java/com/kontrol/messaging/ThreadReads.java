package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a thread's pages read (the SMS tab, the workspace, the live stream's catch-up): its texts page by page in time
 * order with those still ahead apart, what a colleague sent since someone looked, the team's latest notes.
 */
@Repository
public class ThreadReads {

    private static final String SELECT = Messages.SELECT;

    private final JdbcClient jdbc;
    private final Messages messages;

    ThreadReads(JdbcClient jdbc, Messages messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    /** The id of the thread's newest message (0 when it has none): a mark of what someone has seen. */
    public long newestId(long customerId) {
        return jdbc.sql("select coalesce(max(id), 0) from messages where customer_id = :customerId")
                .param("customerId", customerId)
                .query(Long.class)
                .single();
    }

    private static final String OTHERS_SINCE = SELECT + """
            where customer_id = :customerId and id > :seen and direction = 'outbound' and sent_by <> :me
              and status not in ('scheduled', 'canceled')
            order by id desc
            limit 20
            """;

    /**
     * The newest text that a person other than {@code me} sent in the thread after message {@code seen} (Kontrol's own
     * automatic texts aside): a colleague answered while {@code me} was reading.
     */
    public Optional<Message> answeredByAnotherSince(long customerId, long seen, String me) {
        return jdbc
                .sql(OTHERS_SINCE)
                .param("customerId", customerId)
                .param("seen", seen)
                .param("me", me)
                .query(Messages::map)
                .list()
                .stream()
                .filter(m -> m.sender() instanceof Sender.Person)
                .findFirst();
    }

    private static final String RECENT_NOTES = SELECT + """
            where customer_id = :customerId and direction = 'note'
            order by id desc
            limit :limit
            """;

    /** The team's newest notes in a customer's thread, newest first. */
    public List<Message> recentNotes(long customerId, int limit) {
        return jdbc.sql(RECENT_NOTES)
                .param("customerId", customerId)
                .param("limit", limit)
                .query(Messages::map)
                .list();
    }

    /**
     * What a thread shows in its flow: every text but those still ahead (a scheduled one, or one cancelled before its
     * time), which wait in the band below it ({@link #ahead}).
     */
    private static final String TOOK_PLACE =
            " and not (status = 'scheduled' or (status = 'canceled' and created_at > :now))";

    private static final String CONVERSATION_PAGE = SELECT + """
            where customer_id = :customerId and id < :before""" + TOOK_PLACE + """

            order by id desc
            limit :limit
            """;

    /**
     * The newest {@code limit} texts of a customer's thread older (by id) than {@code before}, as the thread shows them:
     * in time order (a scheduled text that went at 10:00 after a customer's 09:30 sits below it, whatever their ids),
     * without those still ahead. The page's lowest id is the cursor of the page before it.
     */
    public List<Message> conversation(long customerId, long before, int limit, OffsetDateTime now) {
        return inTimeOrder(jdbc.sql(CONVERSATION_PAGE)
                .param("customerId", customerId)
                .param("before", before)
                .param("limit", limit)
                .param("now", now)
                .query(Messages::map)
                .list());
    }

    private static final String CONVERSATION_AFTER = SELECT + """
            where customer_id = :customerId and id > :after""" + TOOK_PLACE + """

            order by id
            limit :limit
            """;

    /** The oldest {@code limit} texts newer (by id) than {@code after}, as {@link #conversation} shows them. */
    public List<Message> conversationAfter(long customerId, long after, int limit, OffsetDateTime now) {
        return inTimeOrder(jdbc.sql(CONVERSATION_AFTER)
                .param("customerId", customerId)
                .param("after", after)
                .param("limit", limit)
                .param("now", now)
                .query(Messages::map)
                .list());
    }

    private static final String AHEAD = SELECT + """
            where customer_id = :customerId and (status = 'scheduled' or (status = 'canceled' and created_at > :now))
            order by created_at, id
            limit 50
            """;

    /** The thread's texts still ahead, soonest first: scheduled ones, and those cancelled before their time. */
    public List<Message> ahead(long customerId, OffsetDateTime now) {
        return messages.withMedia(jdbc.sql(AHEAD)
                .param("customerId", customerId)
                .param("now", now)
                .query(Messages::map)
                .list());
    }

    private List<Message> inTimeOrder(List<Message> page) {
        var sorted = new ArrayList<>(page);
        sorted.sort(Comparator.comparing(Message::createdAt).thenComparingLong(Message::id));
        return messages.withMedia(sorted);
    }
}
