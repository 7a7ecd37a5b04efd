package com.kontrol.call;

import java.util.List;

/**
 * Settings › Calls: the office numbers a call rings (all at once, or one after another), for how long, what the caller
 * hears first, whether a caller nobody answered may leave a voicemail (transcribed or not), and whether they are texted back (and with
 * what words; shortcodes as for any text).
 */
public record CallSettings(
        List<String> forwardTo,
        boolean ringInOrder,
        int ringSeconds,
        String greeting,
        boolean voicemail,
        String voicemailGreeting,
        boolean transcribe,
        boolean textBack,
        String textBackBody) {

    public static final int MAX_NUMBERS = 10; // Twilio dials at most ten numbers at once
    public static final int MIN_RING = 5;
    public static final int MAX_RING = 60;
}
