package com.kontrol.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where Kontrol posts by default: public addresses only, so that a subscription cannot make it call into the network
 * it runs in (this machine, the cloud's metadata address, the office LAN).
 */
class WebhookTargetsTests {

    final WebhookTargets targets = new WebhookTargets(new WebhookSettings(false));

    @Test
    void loopbackPrivateLinkLocalAndSharedAddressesAreRefused() {
        for (var url : new String[] {
            "http://127.0.0.1:8080/hooks",
            "http://localhost/hooks",
            "http://10.1.2.3/hooks",
            "https://192.168.1.10/hooks",
            "http://172.16.0.5/hooks",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/hooks",
            "http://0.0.0.0/hooks",
            "http://[::1]/hooks",
            "http://[fd00::1]/hooks",
            "http://[::ffff:127.0.0.1]/hooks",
            "http://[::127.0.0.1]/hooks", // IPv4-compatible
            "http://[64:ff9b::7f00:1]/hooks", // NAT64 (to 127.0.0.1)
            "http://[64:ff9b::5db8:d822]/hooks", // NAT64, even to a public address: the gateway's network decides
            "http://[2002:7f00:1::1]/hooks", // 6to4
            "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hooks", // Teredo
            "http://192.0.0.8/hooks", // IETF protocol assignments
            "http://[fec0::1]/hooks" // the old site-local
        }) {
            assertThat(targets.problemWith(url))
                    .as(url)
                    .hasValueSatisfying(p -> assertThat(p)
                            .contains("private network or this machine")
                            .contains("kontrol.webhooks.allow-private-targets"));
        }
    }

    @Test
    void aPublicAddressIsAccepted() {
        assertThat(targets.problemWith("https://93.184.216.34/hooks/kontrol")).isEmpty();
        assertThat(targets.problemWith("http://[2606:2800:220:1::1]/hooks")).isEmpty();
    }

    @Test
    void onlyPlainHttpUrlsWithoutCredentialsAreTaken() {
        assertThat(targets.problemWith("")).contains("Enter the URL to post events to.");
        assertThat(targets.problemWith("ftp://93.184.216.34/x"))
                .hasValueSatisfying(p -> assertThat(p).contains("https://"));
        assertThat(targets.problemWith("https://user:pw@93.184.216.34/x"))
                .hasValueSatisfying(p -> assertThat(p).contains("password"));
        assertThat(targets.problemWith("https://exa mple.com/"))
                .hasValueSatisfying(p -> assertThat(p).contains("not a URL"));
        assertThat(targets.problemWith("https://93.184.216.34/" + "x".repeat(2001)))
                .hasValueSatisfying(p -> assertThat(p).contains("2,000"));
    }

    @Test
    void loopbackIsAcceptedWhenConfigurationAllowsIt() {
        var allowing = new WebhookTargets(new WebhookSettings(true));
        assertThat(allowing.problemWith("http://127.0.0.1:8080/hooks")).isEmpty();
    }
}
