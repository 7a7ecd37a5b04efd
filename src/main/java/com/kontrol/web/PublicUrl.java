package com.kontrol.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The base URL that the outside world (Twilio, a customer's phone) uses to reach Kontrol: {@code kontrol.public-url}
 * when set, else rebuilt from the current request, honouring {@code X-Forwarded-*} headers.
 */
@Component
public class PublicUrl {

    private final String configured;

    PublicUrl(WebSettings settings) {
        var url = settings.publicUrl();
        this.configured = url == null || url.isBlank() ? null : stripTrailingSlash(url.strip());
    }

    private volatile String lastSeen = "http://localhost:8080";

    /** Until a request comes in, background work (a notification at start-up) uses the server's own address. */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (lastSeen.equals("http://localhost:8080")) {
            lastSeen = "http://localhost:" + event.getWebServer().getPort();
        }
    }

    /**
     * The base URL, without a trailing slash, e.g. {@code https://sms.example.com}. Outside a request (a background
     * job) it is the one the latest request came in at.
     */
    public String base() {
        if (configured != null) {
            return configured;
        }
        if (RequestContextHolder.getRequestAttributes() == null) {
            return lastSeen;
        }
        var base = stripTrailingSlash(
                ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString());
        lastSeen = base;
        return base;
    }

    /** The base URL as seen by this request (for callers outside a request-bound thread). */
    public String base(HttpServletRequest request) {
        if (configured != null) {
            return configured;
        }
        return stripTrailingSlash(
                ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
    }

    public boolean isConfigured() {
        return configured != null;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
