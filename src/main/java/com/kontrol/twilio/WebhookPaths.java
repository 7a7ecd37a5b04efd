package com.kontrol.twilio;

/** Where Twilio posts to Kontrol (CONTRACT.md): the number's "A message comes in" URL, each text's StatusCallback, the voice URLs. */
public final class WebhookPaths {

    public static final String INBOUND = "/api/webhooks/twilio/inbound";
    public static final String STATUS = "/api/webhooks/twilio/status";

    /** The number's "A call comes in" URL, and what its TwiML asks Twilio to call next (issue 33). */
    public static final String VOICE = "/api/webhooks/twilio/voice";

    /** The {@code <Dial action>}: the office's phones stopped ringing. */
    public static final String VOICE_DIAL = VOICE + "/dial";
    /** The {@code <Record action>} (the voicemail) and its transcription's callback. */
    public static final String VOICE_RECORDING = VOICE + "/recording";
    /** The key a caller pressed when offered the emergency line after hours. */
    public static final String VOICE_EMERGENCY = VOICE + "/emergency";
    /** Each office number's "answered" event, ringing all at once: which of them took the call. */
    public static final String VOICE_PICKED_UP = VOICE + "/picked-up";

    /** The number's call status callback: a caller who hangs up while the office's phones ring is a missed call. */
    public static final String VOICE_STATUS = VOICE + "/status";

    private WebhookPaths() {}
}
