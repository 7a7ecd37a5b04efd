package com.kontrol.twilio;

import com.kontrol.messaging.DeliveryStatus;
import com.kontrol.messaging.Media;
import com.kontrol.messaging.TextLog;
import com.kontrol.messaging.inbound.Arrivals;
import com.kontrol.messaging.inbound.DeliveryReport;
import com.kontrol.messaging.inbound.IncomingText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Twilio's webhooks. Thin on purpose: check the signature, turn the form into a record, hand it to messaging, answer.
 * The text is stored before the 200 goes out, so a crash after answering loses nothing, and Twilio's retries are
 * stored once.
 *
 * <p>A servlet filter rather than a controller: these calls need no session, login, CSRF or view, and under load the
 * security chain, request observation and MVC dispatch around them cost more than the work itself. Served here, ahead
 * of those, the webhook answers about twice as many texts per second.
 */
class TwilioWebhooks extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TwilioWebhooks.class);
    /**
     * One line per webhook call: method, path, status, time and caller, with the text's SID in the MDC; never the
     * body (a customer's words) nor the signature. {@code logging.level.com.kontrol.twilio.WebhookAccess=warn} turns
     * it off.
     */
    private static final Logger access = LoggerFactory.getLogger("com.kontrol.twilio.WebhookAccess");

    static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
    static final int MAX_BODY_BYTES = 256 * 1024; // a full 1,600-character text with ten media URLs is under 16 KiB
    static final int MAX_MEDIA = 10;
    static final int MAX_ADDRESS = 64;
    static final int MAX_SID = 64;

    private final TwilioSignatures signatures;
    private final Arrivals arrivals;
    private final TwilioErrors errors;

    private final SelfTest selfTest;

    TwilioWebhooks(TwilioSignatures signatures, Arrivals arrivals, TwilioErrors errors, SelfTest selfTest) {
        this.selfTest = selfTest;
        this.signatures = signatures;
        this.arrivals = arrivals;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        var path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.equals(WebhookPaths.INBOUND) && !path.equals(WebhookPaths.STATUS);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        long started = System.nanoTime();
        try {
            answer(request, response);
        } finally {
            if (access.isInfoEnabled()) {
                access.info(
                        "{} {} {} {} ms from {}",
                        request.getMethod(),
                        request.getRequestURI(),
                        response.getStatus(),
                        (System.nanoTime() - started) / 1_000_000,
                        request.getRemoteAddr());
            }
            MDC.remove(TextLog.SID);
        }
    }

    private void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpStatus status;
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            status = HttpStatus.METHOD_NOT_ALLOWED;
        } else {
            try {
                status = request.getRequestURI().endsWith(WebhookPaths.INBOUND) ? inbound(request) : status(request);
            } catch (IllegalStateException e) {
                // Neither stored nor spooled (the outage spool is full): Twilio tries the Fallback URL, or retries
                // when the webhook URL's connection overrides ask it to (see the README's "Running in production").
                log.error("Could not store or spool a webhook call; answering 503", e);
                status = HttpStatus.SERVICE_UNAVAILABLE;
            }
        }
        response.setStatus(status.value());
        response.setContentType("text/xml;charset=UTF-8");
        response.getWriter().write(EMPTY_TWIML);
    }

    HttpStatus inbound(HttpServletRequest request) throws IOException {
        var params = read(request);
        if (params == null) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        if (params.isEmpty() && request.getContentLengthLong() != 0) {
            return HttpStatus.BAD_REQUEST;
        }
        if (!signatures.isValid(request, params)) {
            return HttpStatus.FORBIDDEN;
        }
        var sid = clean(params.get("MessageSid"));
        named(sid);
        var from = clean(params.get("From"));
        if (sid == null
                || sid.isBlank()
                || sid.length() > MAX_SID
                || from == null
                || from.isBlank()
                || from.length() > MAX_ADDRESS) {
            log.warn("Refused a signed inbound webhook with 400: MessageSid or From missing or too long");
            return HttpStatus.BAD_REQUEST;
        }
        if (SelfTest.isSample(sid)) {
            selfTest.arrived(sid); // the settings page's self-test: checked, answered, not stored
            return HttpStatus.OK;
        }
        var to = clean(params.getOrDefault("To", ""));
        var text = new IncomingText(
                sid,
                from,
                to.length() > MAX_ADDRESS ? to.substring(0, MAX_ADDRESS) : to,
                clean(params.getOrDefault("Body", "")),
                media(params),
                params.get("OptOutType"));
        arrivals.text(text);
        return HttpStatus.OK;
    }

    HttpStatus status(HttpServletRequest request) throws IOException {
        var params = read(request);
        if (params == null) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        if (!signatures.isValid(request, params)) {
            return HttpStatus.FORBIDDEN;
        }
        var sid = clean(params.get("MessageSid"));
        named(sid);
        var statusText = params.getOrDefault("MessageStatus", params.get("SmsStatus"));
        var status = DeliveryStatus.fromCode(statusText);
        if (sid == null || sid.isBlank() || sid.length() > MAX_SID || status.isEmpty()) {
            log.warn("Ignored a status callback without a MessageSid or with an unknown status: {}", clean(statusText));
            return HttpStatus.OK; // answering 4xx would only make Twilio retry what we cannot use
        }
        var errorCode = errorCode(params.get("ErrorCode"));
        arrivals.report(new DeliveryReport(
                sid,
                status.get(),
                errorCode,
                errorCode == null ? null : errors.explain(errorCode, null),
                errorCode != null && errorCode == TwilioErrors.UNSUBSCRIBED_RECIPIENT));
        return HttpStatus.OK;
    }

    /** This call's log lines (and the access line) name the text's SID: a signed one, of a plausible length. */
    private static void named(String sid) {
        if (sid != null && !sid.isBlank() && sid.length() <= MAX_SID) {
            MDC.put(TextLog.SID, sid);
        }
    }

    /** The body's parameters, or null when the body is larger than any Twilio webhook. */
    static Map<String, String> read(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return null;
        }
        var bytes = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return null;
        }
        try {
            return FormBody.parse(bytes);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static List<Media> media(Map<String, String> params) {
        var media = new ArrayList<Media>();
        for (int i = 0; i < MAX_MEDIA; i++) {
            var url = params.get("MediaUrl" + i);
            if (url == null || url.isBlank() || url.length() > 2000) {
                continue;
            }
            var type = clean(params.getOrDefault("MediaContentType" + i, "application/octet-stream"));
            media.add(new Media(clean(url), type.length() > 200 ? "application/octet-stream" : type));
        }
        return media;
    }

    private static Integer errorCode(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Text as received, except NUL, which no database text column holds: it becomes U+FFFD. */
    private static String clean(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }
}
