package com.kontrol.push;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code kontrol.push.*}. {@code subject}: who the push services may contact about this server (a {@code mailto:} or
 * an {@code https://} URL; empty: the public URL when it is HTTPS). {@code services}: the push services a device may
 * subscribe through (host names; a leading dot takes their subdomains), the browsers' own. {@code
 * allow-private-endpoints}: also any host, on a private or loopback address, over plain {@code http} (for tests).
 */
@ConfigurationProperties("kontrol.push")
record PushSettings(
        @DefaultValue("") String subject,

        @DefaultValue({
            "fcm.googleapis.com",
            ".push.services.mozilla.com",
            "web.push.apple.com",
            ".notify.windows.com",
            ".push.apple.com"
        })
        List<String> services,

        @DefaultValue("false") boolean allowPrivateEndpoints) {

    PushSettings {
        if (!subject.isBlank() && !subject.startsWith("mailto:") && !subject.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "kontrol.push.subject must be a mailto: address or an https:// URL, not " + subject);
        }
    }
}
