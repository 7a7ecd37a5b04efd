package com.kontrol.twilio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Twilio's error codes in plain words, from Twilio's published error dictionary (messaging subset). */
@Component
class TwilioErrors {

    /** "Attempt to send to unsubscribed recipient": the recipient replied STOP (to Twilio, or to the carrier). */
    static final int UNSUBSCRIBED_RECIPIENT = 21610;

    private final Map<Integer, String> explanations = new HashMap<>();

    TwilioErrors() {
        try (var in = new ClassPathResource("twilio-error-codes.json").getInputStream()) {
            for (var entry : JsonMapper.shared().readTree(in)) {
                explanations.put(entry.get("code").asInt(), entry.get("message").asString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "30003: Unreachable destination handset", or Twilio's own text when the code is not in the dictionary. */
    String explain(Integer code, String twilioText) {
        if (code == null) {
            return twilioText;
        }
        var known = explanations.get(code);
        return known != null ? known : (twilioText != null ? twilioText : "Twilio error " + code);
    }
}
