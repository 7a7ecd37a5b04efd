package com.kontrol.twilio;

import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.web.PublicUrl;
import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code X-Twilio-Signature} of a webhook call with the Twilio SDK's validator, against the URL Twilio
 * called (see {@link #signedUrl}). With a public URL, a signature made for any other host (a staging copy on the same
 * account, say) is refused. The SDK also accepts the URL with and without its default port.
 */
@Component
class TwilioSignatures {

    private final TwilioAccounts accounts;
    private final PublicUrl publicUrl;
    private final WebhookRejections rejections;

    private final Sandbox sandbox;

    TwilioSignatures(TwilioAccounts accounts, PublicUrl publicUrl, WebhookRejections rejections, Sandbox sandbox) {
        this.sandbox = sandbox;
        this.accounts = accounts;
        this.publicUrl = publicUrl;
        this.rejections = rejections;
    }

    /** True when the call is Twilio's; otherwise the refusal is counted and logged. */
    boolean isValid(HttpServletRequest request, Map<String, String> bodyParams) {
        var url = signedUrl(request);
        // Without an account, only the sandbox (which lives in this process) can sign.
        var token = accounts.current().map(TwilioAccount::authToken).orElseGet(sandbox::token);
        var signature = request.getHeader("X-Twilio-Signature");
        Optional<WebhookRejections.Reason> refusal;
        if (signature == null || signature.isBlank()) {
            refusal = Optional.of(WebhookRejections.Reason.MISSING_SIGNATURE);
        } else if (!signs(token, url, bodyParams, signature.strip())
                && !new RequestValidator(token).validate(url, bodyParams, signature.strip())) {
            refusal = Optional.of(WebhookRejections.Reason.BAD_SIGNATURE);
        } else {
            refusal = Optional.empty();
        }
        refusal.ifPresent(r -> rejections.reject(r, request.getRequestURI(), url, request.getRemoteAddr()));
        return refusal.isEmpty();
    }

    /**
     * Whether {@code signature} is Twilio's signature of exactly this URL and these parameters (HMAC-SHA1 of the URL
     * and the parameters sorted by name, keys and values concatenated; base64). The SDK's validator, asked when this
     * says no, computes it for two forms of the URL (with and without the port) on every call, each with a new
     * {@link Mac}: the form Twilio signed is nearly always the very URL, so checking it first with a Mac kept per
     * thread halves the work of nearly every call. The URL as given is always one of the SDK's two forms, so this
     * accepts nothing the SDK would refuse.
     */
    static boolean signs(String token, String url, Map<String, String> params, String signature) {
        var signed = new StringBuilder(url);
        var names = new ArrayList<>(params.keySet());
        Collections.sort(names);
        for (var name : names) {
            var value = params.get(name);
            signed.append(name).append(value == null ? "" : value);
        }
        var expected = Base64.getEncoder()
                .encodeToString(mac(token).doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }

    private record Keyed(String token, Mac mac) {}

    private static final ThreadLocal<Keyed> MACS = new ThreadLocal<>();

    private static Mac mac(String token) {
        var keyed = MACS.get();
        if (keyed == null || !keyed.token().equals(token)) {
            try {
                var mac = Mac.getInstance("HmacSHA1");
                mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
                keyed = new Keyed(token, mac);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
            }
            MACS.set(keyed);
        }
        return keyed.mac(); // doFinal leaves it ready for the next call
    }

    /**
     * The URL Twilio signed: the public URL plus the path and query that reached Kontrol. Without a public URL, the
     * request's own URL, as Tomcat rebuilt it from the forwarded headers of trusted proxies only; a client's own
     * {@code X-Forwarded-*} headers never count, and {@code X-Forwarded-Prefix} never changes the path.
     */
    String signedUrl(HttpServletRequest request) {
        var query = request.getQueryString();
        var base = publicUrl
                .base()
                .map(b -> b + request.getRequestURI())
                .orElseGet(() -> request.getRequestURL().toString());
        return query == null ? base : base + "?" + query;
    }
}
