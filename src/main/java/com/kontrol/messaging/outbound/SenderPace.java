package com.kontrol.messaging.outbound;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How often one sender may send, by its kind: a US or Canadian long code one segment a second (Twilio's queue for a
 * local number), a toll-free number 3 a second and a short code 100 (Twilio's documented defaults, configurable), a
 * Messaging Service not at all here (Twilio paces the numbers of its pool itself).
 */
final class SenderPace {

    private static final Pattern TOLL_FREE = Pattern.compile("\\+1(800|833|844|855|866|877|888)\\d{7}");
    private static final Pattern SHORT_CODE = Pattern.compile("\\d{5,6}");

    private SenderPace() {}

    /**
     * The time between two sends from {@code sender}, or null when Kontrol does not pace it; {@code pool}: the sender is
     * a pool of numbers (see {@link com.kontrol.messaging.SmsGateway#isPool}).
     */
    static Duration intervalOf(String sender, boolean pool, MessagingSettings settings) {
        double perSecond;
        if (pool) {
            return null;
        } else if (SHORT_CODE.matcher(sender).matches()) {
            perSecond = settings.shortCodeMessagesPerSecond();
        } else if (TOLL_FREE.matcher(sender).matches()) {
            perSecond = settings.tollFreeMessagesPerSecond();
        } else {
            perSecond = settings.messagesPerSecond();
        }
        return perSecond <= 0 ? null : Duration.ofNanos((long) (1_000_000_000L / perSecond));
    }
}
