package com.kontrol.messaging.conversation;

import org.springframework.stereotype.Component;

/**
 * What customers' texts do to their conversations, as SQL that can go into the very statement that stores them: the
 * intake stores a group of texts and keeps their conversations in one statement, which commits on its own, so a group
 * costs the database one round trip rather than three (insert, conversations, commit). {@link ConversationActivity}
 * runs the same SQL for texts stored otherwise.
 *
 * <p>Per customer: the last message and activity move on; unless every text is {@link #quiet} (a bare "ok" to an
 * answered, closed or snoozed conversation, which shows but neither reopens it nor makes it wait), the conversation
 * is open and waits since the first text that is not, if it did not wait already; a customer's first text creates it,
 * waiting since that text. This is what applying each text in turn gives: once a text made it wait, later ones leave
 * it as it is. A wait that begins while the conversation is closed, snoozed or new is owed a first response; one that
 * begins while it is open (answered, the customer following up), a next one ({@code wait_first}). A conversation
 * created, or a closed one opened again, is noted for the reports ({@code report_events}) in the same statement.
 */
@Component
public class ArrivalUpkeep {

    private final Acknowledgements acknowledgements;

    ArrivalUpkeep(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    /** A bare acknowledgement ("ok", "thanks"), by Settings › Inbox: for the {@code quiet} column of the arrivals. */
    public boolean quiet(String body) {
        return acknowledgements.isBare(body);
    }

    /**
     * Common table expressions (to follow others after a comma in a {@code WITH}) that keep the conversations of
     * {@code arrivals}, a relation of {@code customer_id, id, created_at, quiet} (rows without a customer are left
     * out): {@code updated} and {@code created} name the conversations they changed. Rows are locked in customer
     * order, so two statements on the same customers wait for each other rather than deadlock.
     */
    public static String keep(String arrivals) {
        return """
                per_customer as (
                    select customer_id, max(id) as last_id, max(created_at) as last_at, min(created_at) as first_at,
                           min(id) as first_id, min(created_at) filter (where not quiet) as waits_from,
                           min(id) filter (where not quiet) as waits_id
                    from %1$s where customer_id is not null group by customer_id
                ),
                locked as (
                    select customer_id, state from conversations
                    where customer_id in (select customer_id from per_customer)
                    order by customer_id for update
                ),
                updated as (
                    update conversations c set
                        last_message_id = greatest(c.last_message_id, p.last_id),
                        last_inbound_id = greatest(coalesce(c.last_inbound_id, 0), p.last_id),
                        last_activity_at = greatest(c.last_activity_at, p.last_at),
                        waiting_since = coalesce(c.waiting_since, p.waits_from),
                        wait_first = case when c.waiting_since is null and p.waits_from is not null
                                          then c.state <> 'open' else c.wait_first end,
                        snoozed_until = case when p.waits_from is null then c.snoozed_until end,
                        state = case when p.waits_from is null then c.state else 'open' end
                    from per_customer p join locked l on l.customer_id = p.customer_id
                    where c.customer_id = p.customer_id
                    returning c.customer_id
                ),
                created as (
                    insert into conversations (customer_id, last_message_id, last_inbound_id, last_activity_at,
                                               waiting_since)
                    select p.customer_id, p.last_id, p.last_id, p.last_at, p.first_at
                    from per_customer p
                    where not exists (select 1 from locked l where l.customer_id = p.customer_id)
                    order by p.customer_id
                    -- made meanwhile by another transaction (two first texts at once): this text waits too
                    on conflict (customer_id) do update set
                        last_message_id = greatest(conversations.last_message_id, excluded.last_message_id),
                        last_inbound_id = greatest(coalesce(conversations.last_inbound_id, 0), excluded.last_inbound_id),
                        last_activity_at = greatest(conversations.last_activity_at, excluded.last_activity_at),
                        waiting_since = coalesce(conversations.waiting_since, excluded.waiting_since),
                        snoozed_until = null,
                        state = 'open'
                    returning customer_id, xmax = 0 as fresh
                ),
                reopened as (
                    insert into report_events (at, kind, customer_id, message_id)
                    select p.waits_from, 'reopened', p.customer_id, p.waits_id
                    from per_customer p join locked l on l.customer_id = p.customer_id
                    where l.state = 'closed' and p.waits_from is not null
                    on conflict do nothing
                ),
                opened as (
                    insert into report_events (at, kind, customer_id, message_id)
                    select p.first_at, 'opened', p.customer_id, p.first_id
                    from per_customer p join created c on c.customer_id = p.customer_id
                    where c.fresh
                    on conflict do nothing
                )""".formatted(arrivals);
    }
}
