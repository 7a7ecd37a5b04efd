package com.kontrol.messaging;

import java.util.Arrays;

/**
 * Who sends a text: a person, by username, or Kontrol itself for one of its reasons ({@link Automatic}). A message
 * stores it as its {@code sentBy}: the username, or the reason's {@link #code}.
 */
public sealed interface Sender permits Sender.Person, Sender.Automatic {

    /** As stored in {@code sent_by} and written in the audit log: the username, or the reason's code. */
    String code();

    /** Whether no person typed it: then it passes the governor and waits behind typed texts. */
    default boolean isAutomatic() {
        return this instanceof Automatic;
    }

    /**
     * Whether the text answers the customer, so that the conversation no longer waits for a reply; only the after-hours
     * and help replies and the text back after a missed call do not (the customer still waits for a person).
     */
    default boolean answersTheCustomer() {
        return true;
    }

    static Sender person(String username) {
        return new Person(username);
    }

    /** The sender a message stored as {@code sentBy}: one of Kontrol's reasons by its code, else a person. */
    static Sender of(String sentBy) {
        return Arrays.stream(Automatic.values())
                .filter(a -> a.code.equals(sentBy))
                .<Sender>map(a -> a)
                .findFirst()
                .orElseGet(() -> new Person(sentBy));
    }

    /** A staff member, who typed the text or pressed the button that sent it. */
    record Person(String username) implements Sender {

        public Person {
            if (username == null || username.isBlank()) {
                throw new IllegalArgumentException("A text sent by a person names them.");
            }
        }

        @Override
        public String code() {
            return username;
        }
    }

    /** Why Kontrol sends a text by itself; each has its code in {@code sent_by}. */
    enum Automatic implements Sender {
        /** A customer notification: a job's status, an approval request, a visit reminder, an answer to YES or 1. */
        NOTIFICATION("notification"),
        /** The reply outside business hours. */
        AFTER_HOURS("after-hours"),
        /** The answer to a texted HELP (or INFO). */
        HELP("help"),
        /** The code that proves a staff member's mobile is theirs. */
        VERIFICATION("verification"),
        /** An emergency page to the on-call rotation (a budget of its own). */
        ON_CALL("on-call"),
        /** Kontrol's answers to a staff member's own texts (OMW, OK). */
        KONTROL("Kontrol"),
        /** The text back to a caller nobody answered (issue 33): it answers their own call. */
        MISSED_CALL("missed-call");

        private final String code;

        Automatic(String code) {
            this.code = code;
        }

        @Override
        public String code() {
            return code;
        }

        @Override
        public boolean answersTheCustomer() {
            return this != AFTER_HOURS && this != HELP && this != MISSED_CALL;
        }

        /** Whether it counts against the staff's budget (pages and answers to staff) rather than the customers'. */
        public boolean toStaff() {
            return this == ON_CALL || this == KONTROL;
        }
    }
}
