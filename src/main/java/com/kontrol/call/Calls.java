package com.kontrol.call;

import com.kontrol.hours.BusinessHours;
import com.kontrol.hours.OnCallPager;
import com.kontrol.messaging.Message;
import com.kontrol.messaging.Sender;
import com.kontrol.messaging.calls.CallLog;
import com.kontrol.messaging.outbound.Outbox;
import com.kontrol.web.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What a call to the business number does: while the office is open it rings the office's numbers; when nobody takes
 * it (or the office is closed, or no number is set) it is a missed call: the caller may leave a voicemail, is texted
 * back (once per half hour, once per closed period; never when their number opted out), and the conversation waits in
 * Needs reply.
 */
@Service
public class Calls {

    private static final Logger log = LoggerFactory.getLogger(Calls.class);
    static final Duration TEXT_BACK_EVERY = Duration.ofMinutes(30);
    /** The step of a call put through to the person on call (not one of the office's numbers). */
    public static final int ON_CALL = -1;

    private final CallSettingsStore settings;
    private final CallLog calls;
    private final BusinessHours hours;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final OnCallPager onCall;

    Calls(
            CallSettingsStore settings,
            CallLog calls,
            BusinessHours hours,
            Outbox outbox,
            OnCallPager onCall,
            JdbcClient jdbc,
            Clock clock) {
        this.onCall = onCall;
        this.settings = settings;
        this.calls = calls;
        this.hours = hours;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A call came in (Twilio may ask again for the same call: it is recorded once, and the answer is the same). */
    public CallPlan arrived(String callSid, String from, String to) {
        var now = OffsetDateTime.now(clock);
        var call = calls.started(callSid, from, to, now);
        var s = settings.load();
        if (s.forwardTo().isEmpty() || !hours.isOpen(now.toInstant())) {
            return missed(call, s, true);
        }
        return new CallPlan.Ring(s.forwardTo(), s.ringInOrder(), 0, s.ringSeconds(), s.greeting());
    }

    /**
     * The office's phones stopped ringing: someone took the call ({@code answered}, after {@code seconds} of talk), or
     * nobody did; ringing in order, the next number rings then, and after the last the call is missed.
     */
    public CallPlan dialEnded(String callSid, int step, boolean answered, Integer seconds) {
        var s = settings.load();
        var numbers = s.forwardTo();
        if (answered) {
            var by = s.ringInOrder() && step >= 0 && step < numbers.size() ? numbers.get(step) : null;
            calls.answered(callSid, by, seconds);
            return new CallPlan.Goodbye("");
        }
        if (step == ON_CALL) { // the person on call did not pick up either: the caller may still leave a message
            return calls.find(callSid).map(call -> missed(call, s, false)).orElse(new CallPlan.Goodbye(""));
        }
        if (s.ringInOrder() && step >= 0 && step + 1 < numbers.size()) {
            return new CallPlan.Ring(numbers, true, step + 1, s.ringSeconds(), "");
        }
        return calls.find(callSid).map(call -> missed(call, s, true)).orElse(new CallPlan.Goodbye(""));
    }

    /**
     * The caller pressed {@code digits} while offered the emergency line: 1 puts them through to the person on call
     * (whom the rotation also pages, as for an emergency text); anything else goes on to the voicemail.
     */
    public CallPlan emergency(String callSid, String digits) {
        var s = settings.load();
        var call = calls.find(callSid).orElse(null);
        if (call == null) {
            return new CallPlan.Goodbye("");
        }
        var mobile = onCall.onCallMobile(OffsetDateTime.now(clock));
        if (!"1".equals(digits) || mobile.isEmpty()) {
            return missed(call, s, false);
        }
        onCall.raiseByCall(call);
        return new CallPlan.Ring(
                List.of(mobile.get()), false, ON_CALL, s.ringSeconds(), "Putting you through to the person on call.");
    }

    /** Ringing all at once: office number {@code number} picked the call up. */
    public void pickedUp(String callSid, String number) {
        calls.pickedUpBy(callSid, number);
    }

    /** The caller left a message. */
    public void recorded(String callSid, String recordingUrl, Integer seconds) {
        calls.recorded(callSid, recordingUrl, seconds);
    }

    /** The message's words, as the provider heard them. */
    public void transcribed(String callSid, String text) {
        calls.transcribed(callSid, text);
    }

    /** The call ended: one still ringing then (the caller hung up while the office's phones rang) was missed. */
    public void ended(String callSid) {
        calls.find(callSid)
                .filter(call -> CallLog.RINGING.equals(call.status()))
                .ifPresent(call -> missed(call, settings.load(), false));
    }

    /** {@code offerEmergency}: the caller has not been offered the emergency line yet. */
    private CallPlan missed(Message call, CallSettings s, boolean offerEmergency) {
        if (calls.missed(call.sid())) {
            textBack(call, s);
        }
        var emergency =
                offerEmergency && onCall.onCallMobile(OffsetDateTime.now(clock)).isPresent();
        if (s.voicemail() || emergency) {
            return new CallPlan.TakeMessage(
                    s.voicemail() ? s.voicemailGreeting() : "", emergency, s.voicemail(), s.transcribe());
        }
        return new CallPlan.Goodbye(
                s.textBack()
                        ? "Sorry, nobody can take your call right now. We will text you back shortly."
                        : "Sorry, nobody can take your call right now. Please call again later.");
    }

    // Claims the text back to a number: only when the last one went before the closed period began (while closed)
    // or more than half an hour ago (while open). Two calls at once claim it once.
    private static final String CLAIM = """
            insert into call_text_backs (phone, sent_at) values (:phone, :now)
            on conflict (phone) do update set sent_at = excluded.sent_at where call_text_backs.sent_at < :since
            """;

    private void textBack(Message call, CallSettings s) {
        if (!s.textBack() || call.from() == null || !call.from().matches("\\+[1-9]\\d{6,14}")) {
            return; // a withheld or non-phone caller ID cannot be texted
        }
        var now = OffsetDateTime.now(clock);
        var since = hours.closedSince(now.toInstant())
                .map(at -> at.atOffset(ZoneOffset.UTC))
                .orElse(now.minus(TEXT_BACK_EVERY));
        var claimed = jdbc.sql(CLAIM)
                .param("phone", call.from())
                .param("now", now)
                .param("since", since)
                .update();
        if (claimed == 0) {
            return;
        }
        try {
            if (call.customerId() != null) {
                outbox.answer(call.customerId(), call.from(), s.textBackBody(), Sender.Automatic.MISSED_CALL);
            } else {
                outbox.queueToNumber(call.from(), s.textBackBody(), Sender.Automatic.MISSED_CALL);
            }
        } catch (InvalidInputException e) {
            log.info("No text back after missed call {}: {}", call.sid(), e.getMessage());
        }
    }
}
