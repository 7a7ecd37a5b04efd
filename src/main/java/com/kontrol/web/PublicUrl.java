package com.kontrol.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The base URL that the outside world (Twilio, a customer's phone) uses to reach Kontrol, for links in texts, status
 * callbacks and the webhook signature check: {@code kontrol.public-url} when set, else the one an admin confirmed on
 * Settings › Integrations › Twilio, else, on sandbox SMS only, the server's own local address. Never a value learnt
 * from a request: anyone can send a request with forged {@code X-Forwarded-Host}, and a host remembered from one would
 * end up in texts to customers.
 */
@Component
public class PublicUrl {

    private static final Logger log = LoggerFactory.getLogger(PublicUrl.class);

    private final String configured;
    private final ObjectProvider<ConfirmedPublicUrl> confirmed;
    private volatile String local = "http://localhost";

    PublicUrl(WebSettings settings, ObjectProvider<ConfirmedPublicUrl> confirmed) {
        this.configured = clean(settings.publicUrl());
        this.confirmed = confirmed;
    }

    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        local = "http://localhost:" + event.getWebServer().getPort();
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (base().isEmpty()) {
            log.warn("No public URL is set: texts go out without portal links or delivery reports until an admin "
                    + "confirms it under Settings > Integrations > Twilio (or kontrol.public-url is set)");
        }
    }

    /** The base URL without a trailing slash, e.g. {@code https://sms.example.com}; empty while none is known. */
    public Optional<String> base() {
        if (configured != null) {
            return Optional.of(configured);
        }
        var source = confirmed.getIfAvailable();
        if (source == null) {
            return Optional.of(local);
        }
        var saved = source.confirmed().map(PublicUrl::clean);
        if (saved.isPresent()) {
            return saved;
        }
        return source.localOnly() ? Optional.of(local) : Optional.empty();
    }

    /** True when {@code kontrol.public-url} is set: it wins over what an admin confirms. */
    public boolean isConfigured() {
        return configured != null;
    }

    /**
     * The address this request reached Kontrol at (through trusted proxies only), to suggest on the settings page:
     * shown, never used until an admin saves it.
     */
    public static String seenBy(HttpServletRequest request) {
        return stripTrailingSlash(
                ServletUriComponentsBuilder.fromContextPath(request).build().toUriString());
    }

    /** An admin's entry as a base URL ({@code https://host[:port][/path]}), or why it is not one. */
    public static Optional<String> problemWith(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("Enter the address Twilio and your customers reach Kontrol at.");
        }
        try {
            var uri = URI.create(url.strip());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                return Optional.of("Enter a full address starting with https://, e.g. https://sms.example.com.");
            }
            if (uri.getQuery() != null || uri.getFragment() != null || uri.getUserInfo() != null) {
                return Optional.of("Enter the address without a query, fragment or password.");
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("That is not an address: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** An entry as a base URL: stripped, without a trailing slash; null for none. */
    public static String clean(String url) {
        return url == null || url.isBlank() ? null : stripTrailingSlash(url.strip());
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
