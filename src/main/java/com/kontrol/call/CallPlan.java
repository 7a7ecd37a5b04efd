package com.kontrol.call;

import java.util.List;

/** What a call does next, in Kontrol's words (the {@code twilio} module says it in TwiML). */
public sealed interface CallPlan {

    /**
     * Ring {@code numbers} all at once, or ({@code inOrder}) only the one at {@code step}, for {@code seconds}, showing
     * them the caller's number; {@code greeting} first, if any.
     */
    record Ring(List<String> numbers, boolean inOrder, int step, int seconds, String greeting) implements CallPlan {

        /** The numbers that ring now. */
        public List<String> ringing() {
            return inOrder ? List.of(numbers.get(Math.min(step, numbers.size() - 1))) : numbers;
        }
    }

    /**
     * Play {@code greeting}, then ({@code record}) record the caller's message, at most {@link #MAX_SECONDS} (and
     * {@code transcribe} it), or else say goodbye; with {@code offerEmergency} (after hours, with the emergency line on) the caller may press 1 first
     * to be put through to the person on call.
     */
    record TakeMessage(String greeting, boolean offerEmergency, boolean record, boolean transcribe)
            implements CallPlan {
        public static final int MAX_SECONDS = 120; // the longest a transcription covers
    }

    /** Say {@code words} (if any) and hang up. */
    record Goodbye(String words) implements CallPlan {}
}
