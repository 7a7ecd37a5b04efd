package com.kontrol.push;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where Kontrol agrees to post a push: a browser's push service over HTTPS, on a public address. An endpoint comes
 * from the browser, so from whoever is signed in; without this check a subscription would make the server post to
 * any address it can reach, its own network's included. Checked when a device subscribes and again before each
 * push (a name may point elsewhere by then).
 */
@Component
class PushEndpoints {

    static final int MAX_LENGTH = 2000;

    private final PushSettings settings;

    PushEndpoints(PushSettings settings) {
        this.settings = settings;
    }

    /** Why Kontrol will not post to {@code endpoint}; empty when it will. */
    Optional<String> problemWith(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Optional.of("The subscription has no endpoint.");
        }
        if (endpoint.length() > MAX_LENGTH) {
            return Optional.of("The endpoint is longer than " + MAX_LENGTH + " characters.");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("The endpoint is not a URL.");
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        var host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("The endpoint is not a push service's URL.");
        }
        if (settings.allowPrivateEndpoints()) {
            return scheme.equals("https") || scheme.equals("http")
                    ? Optional.empty()
                    : Optional.of("The endpoint must be an http or https URL.");
        }
        if (!scheme.equals("https")) {
            return Optional.of("The endpoint must be an https URL.");
        }
        var name = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        if (settings.services().stream().noneMatch(service -> matches(name, service.toLowerCase(Locale.ROOT)))) {
            return Optional.of("Kontrol sends push notifications only through the browsers' push services ("
                    + String.join(", ", settings.services()) + "), not " + name + ".");
        }
        return publicAddress(name);
    }

    private static boolean matches(String host, String service) {
        return service.startsWith(".")
                ? host.endsWith(service) && host.length() > service.length()
                : host.equals(service);
    }

    private static Optional<String> publicAddress(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // One of the browsers' services, not found this minute: the push will find it, or be retried.
            return Optional.empty();
        }
        for (var address : addresses) {
            if (address.isAnyLocalAddress()
                    || address.isLoopbackAddress()
                    || address.isLinkLocalAddress()
                    || address.isSiteLocalAddress()
                    || address.isMulticastAddress()
                    || isUniqueLocal(address)) {
                return Optional.of("The push service " + host + " is on a private address.");
            }
        }
        return Optional.empty();
    }

    private static boolean isUniqueLocal(InetAddress address) {
        var bytes = address.getAddress();
        return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc; // fc00::/7
    }
}
