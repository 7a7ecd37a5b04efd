/**
 * The state of a conversation with a customer, as the team works it: who owns it, whether it is open, waiting or
 * done, whether its latest text has been read. Empty until the team inbox arrives; it belongs here, beside the thread
 * and the unassigned inbox, not in {@code Messages}.
 */
package com.kontrol.messaging.conversation;
