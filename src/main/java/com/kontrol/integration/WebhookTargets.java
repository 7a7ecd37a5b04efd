package com.kontrol.integration;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where Kontrol may post: an http(s) URL whose host resolves to public addresses only. Loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, unique-local and multicast addresses are refused, so that an
 * admin's login (or a stolen one) cannot make Kontrol probe the network it runs in; {@code
 * kontrol.webhooks.allow-private-targets=true} allows them for a receiver on the same network. Checked when a URL is
 * subscribed, and again as each delivery connects: {@link #addressesOf} is the only name lookup a delivery makes, so
 * it connects to the very address that was checked, and a name made to resolve elsewhere in between (DNS rebinding)
 * gains nothing.
 */
@Component
class WebhookTargets {

    /** A name's addresses, as DNS gives them. */
    interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** The name resolves, or the URL is, to an address Kontrol does not post to. */
    static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    private final boolean allowPrivate;
    private final Lookup lookup;

    @Autowired
    WebhookTargets(WebhookSettings settings) {
        this(settings, InetAddress::getAllByName);
    }

    WebhookTargets(WebhookSettings settings, Lookup lookup) {
        this.allowPrivate = settings.allowPrivateTargets();
        this.lookup = lookup;
    }

    /**
     * The addresses a delivery to {@code host} may connect to: all of the name's, when none is internal.
     *
     * @throws RefusedAddressException when one is internal (and configuration does not allow those)
     */
    InetAddress[] addressesOf(String host) throws UnknownHostException {
        var bare = host.replaceAll("^\\[|]$", "");
        var addresses = lookup.addresses(bare);
        if (!allowPrivate) {
            for (var address : addresses) {
                if (isInternal(address)) {
                    throw new RefusedAddressException(refusal(bare, address));
                }
            }
        }
        return addresses;
    }

    /** Why Kontrol will not post to {@code url}, or empty when it will. */
    Optional<String> problemWith(String url) {
        var shape = shapeProblem(url);
        if (shape.isPresent()) {
            return shape;
        }
        var host = URI.create(url.strip()).getHost();
        try {
            addressesOf(host);
        } catch (RefusedAddressException e) {
            return Optional.of(e.getMessage());
        } catch (UnknownHostException e) {
            return Optional.of("The host " + host + " is not known (DNS has no address for it).");
        }
        return Optional.empty();
    }

    /**
     * Why {@code url} is not one Kontrol posts to, judging by the URL alone (no DNS lookup): what a delivery checks
     * before it connects, where {@link #addressesOf} checks the address.
     */
    Optional<String> shapeProblem(String url) {
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
        return Optional.empty();
    }

    private static String refusal(String host, InetAddress address) {
        var which = address.getHostAddress().equals(host) ? host : host + " (" + address.getHostAddress() + ")";
        return which + " is an address on a private network or this machine: Kontrol posts only to public"
                + " addresses (kontrol.webhooks.allow-private-targets=true allows others).";
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
            return isInternal6(b);
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        return first == 0 // "this network"
                || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
                || (first == 192 && second == 0 && (third == 0 || third == 2)) // IETF protocol use, documentation
                || (first == 198 && (second == 18 || second == 19)) // benchmarking
                || (first == 198 && second == 51 && third == 100) // documentation
                || (first == 203 && second == 0 && third == 113) // documentation
                || first >= 240; // reserved, broadcast
    }

    /**
     * IPv6 addresses that are internal themselves, or that carry an IPv4 address a gateway may forward to (IPv4-mapped
     * and IPv4-compatible, NAT64, 6to4, Teredo): those are judged by the IPv4 address they carry, or refused whole
     * where the gateway's network decides where they go.
     */
    private static boolean isInternal6(byte[] b) {
        int first = (b[0] & 0xff) << 8 | (b[1] & 0xff);
        int second = (b[2] & 0xff) << 8 | (b[3] & 0xff);
        if ((b[0] & 0xfe) == 0xfc) {
            return true; // fc00::/7, unique local
        }
        if ((first & 0xffc0) == 0xfec0) {
            return true; // fec0::/10, the old site-local
        }
        if (first == 0x0064 && second == 0xff9b) {
            return true; // 64:ff9b::/96 and 64:ff9b:1::/48, NAT64: the gateway reaches whatever IPv4 address it holds
        }
        if (first == 0x2002) {
            return true; // 2002::/16, 6to4: a relay reaches the IPv4 address it holds
        }
        if (first == 0x2001 && (second == 0x0000 || second == 0x0db8)) {
            return true; // 2001::/32 Teredo, 2001:db8::/32 documentation
        }
        if (first == 0x0100 && second == 0 && zero(b, 4, 8)) {
            return true; // 100::/64, discard
        }
        boolean carriesIpv4 = zero(b, 0, 10)
                && ((b[10] == 0 && b[11] == 0) // ::a.b.c.d, IPv4-compatible (deprecated, still routed by some stacks)
                        || ((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)); // ::ffff:a.b.c.d, IPv4-mapped
        if (carriesIpv4) {
            try {
                return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return false;
    }

    private static boolean zero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) return false;
        }
        return true;
    }
}
