package com.kontrol.twilio;

import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.web.PublicUrl;
import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
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
        } else if (!new RequestValidator(token).validate(url, bodyParams, signature.strip())) {
            refusal = Optional.of(WebhookRejections.Reason.BAD_SIGNATURE);
        } else {
            refusal = Optional.empty();
        }
        refusal.ifPresent(r -> rejections.reject(r, request.getRequestURI(), url, request.getRemoteAddr()));
        return refusal.isEmpty();
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
