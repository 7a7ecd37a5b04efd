package com.kontrol.twilio;

import com.kontrol.twilio.sandbox.Sandbox;
import com.kontrol.web.PublicUrl;
import com.twilio.security.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * Checks the {@code X-Twilio-Signature} of a webhook call with the Twilio SDK's validator, against the URL Twilio
 * called: {@code kontrol.public-url} plus the path and query when set, else the request's own URL as rebuilt from
 * {@code X-Forwarded-*} headers. The SDK also accepts the URL with and without its default port.
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

    String signedUrl(HttpServletRequest request) {
        var query = request.getQueryString();
        var base = publicUrl.isConfigured() ? publicUrl.base() + request.getRequestURI() : forwardedUrl(request);
        return query == null ? base : base + "?" + query;
    }

    /** The request's URL as the client saw it, through any proxy that set Forwarded or X-Forwarded-* headers. */
    private static String forwardedUrl(HttpServletRequest request) {
        var url = request.getRequestURL().toString();
        if (request.getHeader("Forwarded") == null
                && request.getHeader("X-Forwarded-Host") == null
                && request.getHeader("X-Forwarded-Proto") == null
                && request.getHeader("X-Forwarded-Port") == null) {
            return url;
        }
        var headers = new ServletServerHttpRequest(request).getHeaders();
        return ForwardedHeaderUtils.adaptFromForwardedHeaders(URI.create(url), headers)
                .replaceQuery(null)
                .build()
                .toUriString();
    }
}
