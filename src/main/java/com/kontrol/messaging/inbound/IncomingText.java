package com.kontrol.messaging.inbound;

import com.kontrol.messaging.Media;
import java.util.List;

/**
 * A text that reached the business number, as the SMS provider reported it. {@code from} may be a phone number, a
 * short code or an alphanumeric sender; {@code optOutType} is the provider's own opt-out verdict (STOP, START, HELP)
 * when it gave one.
 */
public record IncomingText(String sid, String from, String to, String body, List<Media> media, String optOutType) {}
