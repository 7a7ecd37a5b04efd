package com.kontrol.integration;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Where Kontrol may post: an http(s) URL whose host resolves to public addresses only. Loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local and multicast addresses are refused, so that an
 * admin's login (or a stolen one) cannot make Kontrol probe the network it runs in; {@code
 * kontrol.webhooks.allow-private-targets=true} allows them for a receiver on the same network. Checked when a URL is
 * subscribed and again before every delivery, since a name can be made to resolve elsewhere later.
 */
@Component
class WebhookTargets {

    private final boolean allowPrivate;

    WebhookTargets(WebhookSettings settings) {
        this.allowPrivate = settings.allowPrivateTargets();
    }

    /** Why Kontrol will not post to {@code url}, or empty when it will. */
    Optional<String> problemWith(String url) {
        if (url == null || url.isBlank()) {
            return Optional.of("Enter the URL to post events to.");
        }
        if (url.length() > 2000) {
            return Optional.of("The URL is longer than 2,000 characters.");
        }
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("That is not a URL: enter one like https://example.com/hooks/kontrol.");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            return Optional.of("Enter a full URL starting with https:// (or http://).");
        }
        if (uri.getUserInfo() != null || uri.getFragment() != null) {
            return Optional.of("Enter the URL without a password or #fragment: each delivery is signed instead.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return Optional.of("The host " + uri.getHost() + " is not known (DNS has no address for it).");
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        for (var address : addresses) {
            if (isInternal(address)) {
                var which = address.getHostAddress().equals(uri.getHost().replaceAll("^\\[|]$", ""))
                        ? uri.getHost()
                        : uri.getHost() + " (" + address.getHostAddress() + ")";
                return Optional.of(which
                        + " is an address on a private network or this machine: Kontrol posts only to public"
                        + " addresses (kontrol.webhooks.allow-private-targets=true allows others).");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isAnyLocalAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        var b = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // fc00::/7, unique local
            }
            var mapped = true; // ::ffff:a.b.c.d carries an IPv4 address
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
            return false;
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        return first == 0 // "this network"
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || first >= 240; // reserved, broadcast
    }
}
