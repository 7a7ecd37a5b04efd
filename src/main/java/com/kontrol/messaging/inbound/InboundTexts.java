package com.kontrol.messaging.inbound;

import com.kontrol.messaging.CustomerRouting;
import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Messages;
import com.kontrol.messaging.conversation.ArrivalUpkeep;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** What arrives from the provider, on the {@code messages} table: texts routed and stored once, and delivery reports. */
@Repository
class InboundTexts {

    private final JdbcClient jdbc;
    private final WriterConnections writers;
    private final Messages messages;

    private final Clock clock;

    InboundTexts(JdbcClient jdbc, WriterConnections writers, Messages messages, Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.writers = writers;
        this.messages = messages;
    }

    // Routing and storing one text in one statement; a retried SID inserts nothing.
    private static final String RECEIVE = """
            insert into messages (sid, customer_id, direction, from_address, to_address, body, status, sent_by,
                                  created_at, updated_at)
            select :sid, %s, 'inbound', :from, :to, :body, 'received', :sentBy, :createdAt, :createdAt
            where not exists (select 1 from messages where sid = :sid)
            """.formatted(CustomerRouting.customerTexting(":route"));

    // On PostgreSQL a retry racing its original must not abort the transaction (which other texts may share).
    private static final String ON_CONFLICT = " on conflict (sid) do nothing";

    // The same for a group of texts in one statement (PostgreSQL): each row of the arrays is one text, routed as
    // above; a SID seen twice in the group, or stored before, inserts nothing (on conflict). One statement rather than
    // one per text: the database plans and runs it once for the group. No "not exists" here: with the arrays' rows
    // unknown to the planner, a plan made while the table was small could read all of it for every group.
    private static final String RECEIVE_ALL = """
            insert into messages (sid, customer_id, direction, from_address, to_address, body, status,
                                  created_at, updated_at)
            select t.sid, %s, 'inbound', t.from_address, t.to_address, t.body, 'received', t.created_at, t.created_at
            from unnest(cast(:sids as varchar[]), cast(:routes as varchar[]), cast(:froms as varchar[]),
                        cast(:tos as varchar[]), cast(:bodies as text[]), cast(:createdAts as timestamptz[]))
                 with ordinality as t(sid, route, from_address, to_address, body, created_at, n)
            order by t.n
            on conflict (sid) do nothing
            returning id, customer_id, sid
            """.formatted(CustomerRouting.customerTexting("t.route"));

    // RECEIVE_ALL and the texts' conversations in one statement ({@link ArrivalUpkeep}), run outside a transaction: it
    // commits on its own, so a group costs one round trip to the database. A retried SID is neither inserted nor
    // counted again for its conversation.
    private static final String RECEIVE_AND_KEEP =
            """
            with t as (
                select * from unnest(cast(:sids as varchar[]), cast(:routes as varchar[]), cast(:froms as varchar[]),
                                     cast(:tos as varchar[]), cast(:bodies as text[]),
                                     cast(:createdAts as timestamptz[]), cast(:quiet as boolean[]))
                       with ordinality as t(sid, route, from_address, to_address, body, created_at, quiet, n)
            ),
            arrived as (
                insert into messages (sid, customer_id, direction, from_address, to_address, body, status,
                                      created_at, updated_at)
                select t.sid, %s, 'inbound', t.from_address, t.to_address, t.body, 'received', t.created_at,
                       t.created_at
                from t
                order by t.n
                on conflict (sid) do nothing
                returning id, customer_id, sid, created_at
            ),
            arrivals as (
                select a.customer_id, a.id, a.created_at, t.quiet
                from arrived a join (select distinct on (sid) sid, quiet from t order by sid, n) t on t.sid = a.sid
            ),
            %s
            select id, customer_id, sid from arrived
            """.formatted(CustomerRouting.customerTexting("t.route"), ArrivalUpkeep.keep("arrivals"));

    /**
     * Stores texts as {@link #receiveAll} does and keeps their conversations ({@code quiet}: a bare acknowledgement),
     * in one statement on a connection of the writers' own ({@link WriterConnections}), never in the caller's
     * transaction: it has committed when this returns.
     */
    List<Optional<Message>> receiveAndKeep(List<Message> received, List<String> routes, List<Boolean> quiet) {
        return insert(writers.jdbc(), RECEIVE_AND_KEEP, received, routes, quiet);
    }

    /**
     * Stores texts that arrived together, each with its own time (a text replayed from the outage spool keeps the one
     * it arrived at), routed by {@code
     * routes} (each as for {@link #receive}), in one statement for the group; for each, empty when a
     * text with its SID was stored before (also by an earlier one of the same group).
     */
    List<Optional<Message>> receiveAll(List<Message> received, List<String> routes) {
        if (received.size() == 1) {
            var out = new ArrayList<Optional<Message>>(received.size());
            for (int i = 0; i < received.size(); i++) {
                out.add(receive(received.get(i), routes.get(i)));
            }
            return out;
        }
        return insert(jdbc, RECEIVE_ALL, received, routes, null);
    }

    private List<Optional<Message>> insert(
            JdbcClient on, String statement, List<Message> received, List<String> routes, List<Boolean> quiet) {
        int n = received.size();
        var sids = new String[n];
        var routed = new String[n];
        var froms = new String[n];
        var tos = new String[n];
        var bodies = new String[n];
        var createdAts = new String[n];
        for (int i = 0; i < n; i++) {
            var m = received.get(i);
            sids[i] = m.sid();
            routed[i] = routes.get(i) == null ? "" : routes.get(i);
            froms[i] = m.from();
            tos[i] = m.to();
            bodies[i] = m.body();
            createdAts[i] = m.createdAt().toString(); // ISO 8601 with its offset, which PostgreSQL reads exactly
        }
        var bySid = new HashMap<String, Map<String, Object>>();
        var sql = on.sql(statement);
        if (quiet != null) {
            sql = sql.param("quiet", quiet.toArray(Boolean[]::new));
        }
        sql.param("sids", sids)
                .param("routes", routed)
                .param("froms", froms)
                .param("tos", tos)
                .param("bodies", bodies)
                .param("createdAts", createdAts)
                .query(rs -> {
                    var keys = new HashMap<String, Object>();
                    keys.put("id", rs.getLong(1));
                    keys.put("customer_id", rs.getObject(2) == null ? null : rs.getLong(2));
                    bySid.put(rs.getString(3), keys);
                });
        // A text not inserted (a retry) returns no row: the rows are matched to the texts by SID.
        var out = new ArrayList<Optional<Message>>(n);
        for (var m : received) {
            var row = bySid.remove(m.sid()); // removed: a second text with this SID in the group is a retry
            out.add(row == null ? Optional.empty() : Optional.of(stored(m, row)));
        }
        return out;
    }

    private Message stored(Message m, Map<String, Object> row) {
        long id = ((Number) row.get("id")).longValue();
        var customerId = row.get("customer_id") == null ? null : ((Number) row.get("customer_id")).longValue();
        if (!m.media().isEmpty()) { // nearly every text has none: no call for nothing
            messages.addMedia(id, m.media());
        }
        return m.withId(id).inThreadOf(customerId);
    }

    /**
     * Stores an inbound text in its customer's thread, routed by {@code route} (the sender's E.164 number, or null for
     * a short code or a name); empty when a text with this SID is already stored.
     */
    Optional<Message> receive(Message m, String route) {
        var keys = new GeneratedKeyHolder();
        int inserted = jdbc.sql(RECEIVE + ON_CONFLICT)
                .param("sid", m.sid())
                .param("route", route == null ? "" : route)
                .param("from", m.from())
                .param("to", m.to())
                .param("body", m.body())
                .param("sentBy", m.sentBy()) // typed on the Dev Phone: never in a group (see MessageIntake)
                .param("createdAt", m.createdAt())
                .update(keys, "id", "customer_id");
        if (inserted == 0) {
            return Optional.empty();
        }
        return Optional.of(stored(m, keys.getKeys()));
    }

    private static final String ADVANCE_STATUS = """
            update messages
            set status = :status, error_code = :errorCode, error_message = :errorMessage, updated_at = :now
            where sid = :sid and status in (:replaces)
            """;

    /**
     * Moves a message's status forward; false when the message already has this status or a later one. In the
     * caller's transaction ({@link MessageIntake#statusReported}).
     */
    boolean advanceStatus(String sid, DeliveryStatus status, Integer errorCode, String errorMessage) {
        return jdbc.sql(ADVANCE_STATUS)
                        .param("sid", sid)
                        .param("status", status.code())
                        .param("errorCode", errorCode)
                        .param("errorMessage", errorMessage)
                        .param("now", OffsetDateTime.now(clock))
                        .param("replaces", status.replaces())
                        .update()
                > 0;
    }
}
