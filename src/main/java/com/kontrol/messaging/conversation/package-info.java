/**
 * The state of a conversation with a customer, as the team works it: open, closed or snoozed until a time; who owns
 * it; since when the customer has waited for an answer; how far each person has read it. Kept in step with the texts
 * by {@code ConversationKeeper} and {@code ConversationActivity} in the transaction that stores each text, and read
 * by the team inbox's views ({@link com.kontrol.messaging.conversation.Conversations});
 * {@link com.kontrol.messaging.conversation.ConversationDesk} is what the team does to one.
 */
package com.kontrol.messaging.conversation;
