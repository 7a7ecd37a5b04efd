package com.kontrol.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The port to an SMS provider: Twilio in production, a sandbox without an account. Implementations never retry by
 * themselves; the outbound worker ({@code ClaimedTexts}) owns the retry policy.
 */
public interface SmsGateway {

    /**
     * The business number texts go out from by default, or the provider's sending service ({@code MG…}, which picks the
     * number itself); empty while no provider is set up (nothing can be sent).
     */
    Optional<String> senderNumber();

    /**
     * Whether {@code sender} is a pool of numbers (the provider's sending service) rather than one number: the provider
     * picks the number each text goes from, and paces the pool itself.
     */
    boolean isPool(String sender);

    /** True while texts go to a sandbox rather than a real provider: its numbers are no business's numbers. */
    default boolean isSandbox() {
        return false;
    }

    /** Hands one text to the provider; never throws for provider or network trouble. */
    SendOutcome send(OutgoingText text);

    /**
     * Finds out whether the provider accepted this text after all (an earlier attempt's answer was lost): the texts
     * with the same sender, recipient and body that it created since {@code since}.
     *
     * @return {@link SendOutcome.Found} (empty when it has no such text), or {@link SendOutcome.RetryLater} when it
     *     cannot tell right now
     */
    SendOutcome lookUp(OutgoingText text, OffsetDateTime since);

    /** A text to send; delivery reports are to come back to Kontrol at {@code publicBaseUrl}. */
    record OutgoingText(
            long messageId, String from, String to, String body, String publicBaseUrl, List<String> mediaUrls) {

        OutgoingText(long messageId, String from, String to, String body, String publicBaseUrl) {
            this(messageId, from, to, body, publicBaseUrl, List.of());
        }
    }

    /** What became of a send. */
    sealed interface SendOutcome {

        /**
         * The provider took the text; {@code status} is its first status ({@code queued}, {@code accepted});
         * {@code from} the number it goes from, when the provider picked it (a Messaging Service), else null.
         */
        record Accepted(String sid, String status, String from) implements SendOutcome {

            public Accepted(String sid, String status) {
                this(sid, status, null);
            }
        }

        /**
         * The provider refused the text for good ({@code code} is its error code); {@code recipientOptedOut} when it
         * refused because the recipient opted out with it, which opts the customer out here too.
         */
        record Refused(int code, String explanation, boolean recipientOptedOut) implements SendOutcome {

            public static Refused of(int code, String explanation) {
                return new Refused(code, explanation, false);
            }

            public static Refused optedOut(int code, String explanation) {
                return new Refused(code, explanation, true);
            }
        }

        /**
         * Not sent now; try again later. {@code mayHaveArrived} is true when the request may have reached the provider
         * (a timeout, a 5xx): then look it up before sending again.
         */
        record RetryLater(String reason, boolean mayHaveArrived) implements SendOutcome {}

        /** What a lookup found, newest first; empty when the text never arrived, so sending it is safe. */
        record Found(List<Accepted> matches) implements SendOutcome {}
    }
}
