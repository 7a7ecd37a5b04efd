package com.kontrol.call;

import com.kontrol.audit.AuditAction;
import com.kontrol.audit.AuditLog;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.phone.InvalidPhoneNumberException;
import com.kontrol.phone.PhoneNumbers;
import com.kontrol.web.FieldErrors;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Settings › Calls as a person types them, on the page or through the API: checked field by field (numbers in any
 * common form, the ring time, the words, the text back's shortcodes), saved only when all are right, and audited.
 */
@Component
class CallSettingsDesk {

    static final int MAX_WORDS = 300;
    static final int MAX_TEXT_BACK = 320;

    /** What was typed; {@code ringSeconds} as text, so that "twenty" is a field error rather than a 400. */
    record Typed(
            List<String> forwardTo,
            boolean ringInOrder,
            String ringSeconds,
            String greeting,
            boolean voicemail,
            String voicemailGreeting,
            boolean transcribe,
            boolean textBack,
            String textBackBody) {}

    /** The settings as they would be saved, and what is wrong with them (nothing, when they may be). */
    record Checked(CallSettings settings, FieldErrors errors) {}

    private final CallSettingsStore store;
    private final PhoneNumbers numbers;
    private final Outbox outbox;
    private final AuditLog audit;

    CallSettingsDesk(CallSettingsStore store, PhoneNumbers numbers, Outbox outbox, AuditLog audit) {
        this.store = store;
        this.numbers = numbers;
        this.outbox = outbox;
        this.audit = audit;
    }

    CallSettings current() {
        return store.load();
    }

    Checked check(Typed t) {
        var errors = new FieldErrors();
        var forward = new LinkedHashSet<String>();
        for (var line : t.forwardTo()) {
            if (line != null && !line.isBlank()) {
                try {
                    forward.add(numbers.parse(line).e164());
                } catch (InvalidPhoneNumberException e) {
                    errors.reject("forwardTo", e.getMessage());
                }
            }
        }
        if (forward.size() > CallSettings.MAX_NUMBERS) {
            errors.reject("forwardTo", "At most " + CallSettings.MAX_NUMBERS + " numbers can ring for one call.");
        }
        int ring;
        try {
            ring = Integer.parseInt(t.ringSeconds().strip());
        } catch (NumberFormatException e) {
            ring = -1;
        }
        if (ring < CallSettings.MIN_RING || ring > CallSettings.MAX_RING) {
            errors.reject(
                    "ringSeconds", "Ring for " + CallSettings.MIN_RING + " to " + CallSettings.MAX_RING + " seconds.");
        }
        words(errors, "greeting", t.greeting(), MAX_WORDS);
        words(errors, "voicemailGreeting", t.voicemailGreeting(), MAX_WORDS);
        if (t.voicemail() && t.voicemailGreeting().isBlank()) {
            errors.reject("voicemailGreeting", "Say what the caller hears before the tone.");
        }
        words(errors, "textBackBody", t.textBackBody(), MAX_TEXT_BACK);
        if (t.textBack() && t.textBackBody().isBlank()) {
            errors.reject("textBackBody", "Write the text a caller gets back.");
        } else if (!t.textBackBody().isBlank()) {
            // A caller may be no customer yet: only shortcodes that need none can be filled for every caller.
            outbox.whyNotToAnyNumber(t.textBackBody()).ifPresent(why -> errors.reject("textBackBody", why));
        }
        return new Checked(
                new CallSettings(
                        new ArrayList<>(forward),
                        t.ringInOrder(),
                        ring,
                        t.greeting().strip(),
                        t.voicemail(),
                        t.voicemailGreeting().strip(),
                        t.transcribe(),
                        t.textBack(),
                        t.textBackBody().strip()),
                errors);
    }

    /** Saves settings that passed {@link #check}, and records who changed what. */
    void save(CallSettings s, String by) {
        store.save(s, by);
        audit.record(
                by,
                AuditAction.SETTINGS_CHANGED,
                null,
                "Calls: "
                        + (s.forwardTo().isEmpty()
                                ? "no number rings"
                                : s.forwardTo().size() + " numbers ring" + (s.ringInOrder() ? " in order" : " at once")
                                        + " for " + s.ringSeconds() + " s")
                        + "; voicemail " + (s.voicemail() ? "on" : "off") + "; text back "
                        + (s.textBack() ? "on" : "off"));
    }

    private static void words(FieldErrors errors, String field, String text, int max) {
        if (text.strip().length() > max) {
            errors.reject(field, "At most " + max + " characters.");
        }
    }
}
