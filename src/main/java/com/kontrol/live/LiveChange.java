package com.kontrol.live;

/** What changed, as the {@link LiveBus} carries it between instances; only the bus knows the wire form. */
sealed interface LiveChange {

    /** A text was stored or its status moved; {@code customerId} is null for a text in the unassigned inbox. */
    record MessageChanged(long messageId, Long customerId) implements LiveChange {}

    /** The customer's consent to texts changed (STOP, START, a carrier's opt-out). */
    record ConsentChanged(long customerId) implements LiveChange {}

    /** A person's sessions ended (account disabled, password changed): their open pages must go to the login page. */
    record SessionsEnded(String username) implements LiveChange {}

    /** A conversation of the team inbox changed (a text, an owner, a state): its lists and counts are stale. */
    record ConversationsChanged() implements LiveChange {}

    /** A visit of job {@code jobId} changed (scheduled, answered by text, on the way): its job page shows it. */
    record VisitsChanged(long jobId) implements LiveChange {}

    /** The unassigned inbox's count may have changed. */
    record InboxChanged() implements LiveChange {}

    /** A customer's text (message {@code messageId}) raises a browser notification for {@code username}. */
    record Alerted(long messageId, String username, boolean sound) implements LiveChange {}

    /**
     * {@code username} has customer {@code customerId}'s thread open ({@link Presence.State#HERE}), is typing in its
     * reply box, or left it.
     */
    record Present(long customerId, String username, Presence.State state) implements LiveChange {}

    /** {@code by} took customer {@code customerId}'s conversation from {@code from}, who is told. */
    record Taken(long customerId, String from, String by) implements LiveChange {}
}
