package com.kontrol.twilio;

import com.kontrol.call.CallPlan;
import com.kontrol.call.Calls;
import com.twilio.http.HttpMethod;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Record;
import com.twilio.twiml.voice.Say;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The business number's voice webhooks (issue 33): the incoming call, the end of the office's ringing, the voicemail
 * and its transcript, the call's end. Each is signed exactly as a text's webhook is (403 and nothing stored
 * otherwise); what to do is asked of {@link Calls}, and said back in TwiML. A servlet filter ahead of the security
 * chain, like {@link TwilioWebhooks}.
 */
class TwilioVoiceWebhooks extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TwilioVoiceWebhooks.class);
    private static final Logger access = LoggerFactory.getLogger("com.kontrol.twilio.WebhookAccess");

    /** The DialCallStatus values of a call the office took ({@code answered} is a conference's). */
    private static final Set<String> TAKEN = Set.of("completed", "answered");

    private final TwilioSignatures signatures;
    private final Calls calls;

    TwilioVoiceWebhooks(TwilioSignatures signatures, Calls calls) {
        this.signatures = signatures;
        this.calls = calls;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        long started = System.nanoTime();
        var path = request.getRequestURI().substring(request.getContextPath().length());
        int status;
        String twiml = null;
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            status = 405;
        } else {
            var params = TwilioWebhooks.read(request);
            if (params == null) {
                status = 413;
            } else if (!signatures.isValid(request, params)) {
                status = 403;
            } else {
                var sid = params.get("CallSid");
                if (sid == null || sid.isBlank() || sid.length() > TwilioWebhooks.MAX_SID) {
                    log.warn("Refused a signed voice webhook with 400: no CallSid");
                    status = 400;
                } else {
                    status = 200;
                    twiml = answer(path, request, sid, params);
                }
            }
        }
        response.setStatus(status);
        response.setContentType("text/xml;charset=UTF-8");
        response.getWriter().write(twiml == null ? TwilioWebhooks.EMPTY_TWIML : twiml);
        if (access.isInfoEnabled()) {
            access.info(
                    "{} {} {} {} ms from {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    status,
                    (System.nanoTime() - started) / 1_000_000,
                    request.getRemoteAddr());
        }
    }

    /** What the call does next, as TwiML; null for a callback whose answer Twilio ignores. */
    private String answer(String path, HttpServletRequest request, String sid, Map<String, String> params) {
        var step = request.getParameter("step");
        return switch (path) {
            case WebhookPaths.VOICE -> {
                var from = params.getOrDefault("From", "");
                var to = params.getOrDefault("To", "");
                yield twiml(calls.arrived(sid, cut(from), cut(to)));
            }
            case WebhookPaths.VOICE_DIAL ->
                twiml(calls.dialEnded(
                        sid,
                        number(step, -1),
                        TAKEN.contains(params.getOrDefault("DialCallStatus", "")),
                        number(params.get("DialCallDuration"), null)));
            case WebhookPaths.VOICE_PICKED_UP -> {
                // The office leg's own call: its parent is the customer's call.
                var number = request.getParameter("number");
                var parent = params.get("ParentCallSid");
                if (number != null && number.matches("\\+[1-9]\\d{6,14}") && parent != null && parent.length() <= 64) {
                    calls.pickedUp(parent, number);
                }
                yield null;
            }
            case WebhookPaths.VOICE_EMERGENCY -> twiml(calls.emergency(sid, params.getOrDefault("Digits", "")));
            case WebhookPaths.VOICE_RECORDING -> {
                if (params.containsKey("TranscriptionStatus")) { // the transcription's callback: its answer is ignored
                    var text = params.get("TranscriptionText");
                    if ("completed".equals(params.get("TranscriptionStatus")) && text != null && !text.isBlank()) {
                        calls.transcribed(sid, text.replace('\u0000', '\uFFFD'));
                    }
                    yield null;
                }
                var url = params.get("RecordingUrl");
                if (url != null && url.startsWith("https://") && url.length() < 1900) {
                    calls.recorded(sid, url + ".mp3", number(params.get("RecordingDuration"), null));
                }
                yield twiml(new CallPlan.Goodbye("Thank you. We will call you back."));
            }
            case WebhookPaths.VOICE_STATUS -> {
                calls.ended(sid);
                yield null;
            }
            default -> null;
        };
    }

    /** A plan in TwiML: relative URLs, which Twilio resolves against the URL it called (and signs in full). */
    static String twiml(CallPlan plan) {
        var response = new VoiceResponse.Builder();
        if (plan instanceof CallPlan.Ring ring) {
            say(response, ring.greeting());
            var dial = new Dial.Builder()
                    .action(WebhookPaths.VOICE_DIAL + "?step=" + ring.step())
                    .method(HttpMethod.POST)
                    .timeout(ring.seconds())
                    .answerOnBridge(true); // the caller hears ringing, and the caller ID shown is theirs
            // Each number says when it picks up (ringing all at once, the first to do so takes the call): who answered.
            ring.ringing()
                    .forEach(n -> dial.number(new Number.Builder(n)
                            .statusCallback(WebhookPaths.VOICE_PICKED_UP + "?number="
                                    + URLEncoder.encode(n, StandardCharsets.UTF_8))
                            .statusCallbackEvents(Number.Event.ANSWERED)
                            .statusCallbackMethod(HttpMethod.POST)
                            .build()));
            response.dial(dial.build());
        } else if (plan instanceof CallPlan.TakeMessage message) {
            if (message.offerEmergency()) {
                // One key, a few seconds: no key (or another) goes on to the voicemail below.
                var words =
                        (message.greeting() == null ? "" : message.greeting().strip() + " ")
                                + "If this is an emergency, press 1 now to be put through to the person on call.";
                response.gather(new Gather.Builder()
                        .action(WebhookPaths.VOICE_EMERGENCY)
                        .method(HttpMethod.POST)
                        .numDigits(1)
                        .timeout(5)
                        .say(new Say.Builder(words.strip()).build())
                        .build());
            } else {
                say(response, message.greeting());
            }
            if (!message.record()) {
                say(response, "Sorry, nobody can take your call right now. Goodbye.");
                response.hangup(new Hangup.Builder().build());
                return response.build().toXml();
            }
            var record = new Record.Builder()
                    .action(WebhookPaths.VOICE_RECORDING)
                    .method(HttpMethod.POST)
                    .maxLength(CallPlan.TakeMessage.MAX_SECONDS)
                    .playBeep(true);
            if (message.transcribe()) {
                record.transcribe(true).transcribeCallback(WebhookPaths.VOICE_RECORDING);
            }
            response.record(record.build());
        } else if (plan instanceof CallPlan.Goodbye goodbye) {
            say(response, goodbye.words());
            response.hangup(new Hangup.Builder().build());
        }
        return response.build().toXml();
    }

    private static void say(VoiceResponse.Builder response, String words) {
        if (words != null && !words.isBlank()) {
            response.say(new Say.Builder(words.strip()).build());
        }
    }

    private static String cut(String text) {
        var clean = text.replace('\u0000', '\uFFFD');
        return clean.length() > TwilioWebhooks.MAX_ADDRESS ? clean.substring(0, TwilioWebhooks.MAX_ADDRESS) : clean;
    }

    private static Integer number(String text, Integer otherwise) {
        try {
            return text == null ? otherwise : Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
