package com.kontrol.twilio.sandbox;

import com.kontrol.twilio.WebhookPaths;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * A call from the Dev Phone (sandbox): plays Twilio through a whole call, posting to Kontrol's real, signed voice
 * webhooks and following the TwiML it answers, with the office doing what the person chose: answering, not answering,
 * or being busy (on every number it rings). A caller offered the voicemail hangs up without a message: the sandbox
 * has no voice to record.
 */
@Component
class DevPhoneCalls {

    /** What the office's phones do when Kontrol rings them. */
    enum Office {
        ANSWER,
        NO_ANSWER,
        BUSY
    }

    private static final Pattern NEXT_DIAL =
            Pattern.compile("<Dial action=\"" + Pattern.quote(WebhookPaths.VOICE_DIAL) + "\\?step=(-?\\d+)\"");

    private final LoopbackWebhooks webhooks;

    DevPhoneCalls(LoopbackWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    /** Calls Kontrol from {@code from}; what the caller heard, in a few words. */
    String call(String from, Office office) {
        var sid = "CA" + UUID.randomUUID().toString().replace("-", "");
        var twiml = post(WebhookPaths.VOICE, sid, Map.of("From", from, "To", Sandbox.NUMBER, "CallStatus", "ringing"));
        var heard = "Kontrol did not answer.";
        for (int rings = 0; rings < 12; rings++) { // at most ten numbers, then the voicemail
            var dial = NEXT_DIAL.matcher(twiml);
            if (!dial.find()) {
                break;
            }
            var step = dial.group(1);
            if (office == Office.ANSWER) {
                post(
                        WebhookPaths.VOICE_DIAL + "?step=" + step,
                        sid,
                        Map.of("DialCallStatus", "completed", "DialCallDuration", "45"));
                post(WebhookPaths.VOICE_STATUS, sid, Map.of("CallStatus", "completed", "CallDuration", "50"));
                return "The office answered; you talked for 45 s.";
            }
            twiml = post(
                    WebhookPaths.VOICE_DIAL + "?step=" + step,
                    sid,
                    Map.of("DialCallStatus", office == Office.BUSY ? "busy" : "no-answer"));
            heard = "The office did not answer.";
        }
        if (twiml.contains("<Record")) {
            heard += " You heard the voicemail greeting and hung up without a message.";
        }
        post(WebhookPaths.VOICE_STATUS, sid, Map.of("CallStatus", "completed", "CallDuration", "20"));
        return heard;
    }

    private String post(String path, String sid, Map<String, String> params) {
        var all = new HashMap<>(params);
        all.put("CallSid", sid);
        all.put("AccountSid", Sandbox.ACCOUNT_SID);
        all.put("ApiVersion", "2010-04-01");
        all.put("Direction", "inbound");
        return webhooks.postForAnswer(path, all);
    }
}
