package com.kontrol.call;

import com.kontrol.web.ApiController;
import com.kontrol.web.InvalidInputException;
import java.security.Principal;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

/** {@code /api/v1/settings/calls} (admins): Settings › Calls as JSON; a mistake is a 422 that names it. */
@ApiController("/api/v1/settings/calls")
class CallSettingsApiController {

    record Voicemail(Boolean enabled, String greeting, Boolean transcribe) {}

    record TextBack(Boolean enabled, String body) {}

    record Settings(
            List<String> forwardTo,
            Integer ringSeconds,
            Boolean ringInOrder,
            String greeting,
            Voicemail voicemail,
            TextBack textBack) {}

    private final CallSettingsDesk desk;

    CallSettingsApiController(CallSettingsDesk desk) {
        this.desk = desk;
    }

    @GetMapping
    Settings get() {
        return json(desk.current());
    }

    /** Replaces the settings; a field left out keeps its value. */
    @PutMapping
    Settings put(@RequestBody Settings body, Principal user) {
        var now = desk.current();
        var voicemail = body.voicemail() == null ? new Voicemail(null, null, null) : body.voicemail();
        var textBack = body.textBack() == null ? new TextBack(null, null) : body.textBack();
        var checked = desk.check(new CallSettingsDesk.Typed(
                body.forwardTo() == null ? now.forwardTo() : body.forwardTo(),
                body.ringInOrder() == null ? now.ringInOrder() : body.ringInOrder(),
                String.valueOf(body.ringSeconds() == null ? now.ringSeconds() : body.ringSeconds()),
                body.greeting() == null ? now.greeting() : body.greeting(),
                voicemail.enabled() == null ? now.voicemail() : voicemail.enabled(),
                voicemail.greeting() == null ? now.voicemailGreeting() : voicemail.greeting(),
                voicemail.transcribe() == null ? now.transcribe() : voicemail.transcribe(),
                textBack.enabled() == null ? now.textBack() : textBack.enabled(),
                textBack.body() == null ? now.textBackBody() : textBack.body()));
        if (!checked.errors().isEmpty()) {
            throw new InvalidInputException(String.join(" ", checked.errors().messages()));
        }
        desk.save(checked.settings(), user.getName());
        return json(checked.settings());
    }

    private static Settings json(CallSettings s) {
        return new Settings(
                s.forwardTo(),
                s.ringSeconds(),
                s.ringInOrder(),
                s.greeting(),
                new Voicemail(s.voicemail(), s.voicemailGreeting(), s.transcribe()),
                new TextBack(s.textBack(), s.textBackBody()));
    }
}
