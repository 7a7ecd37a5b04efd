package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Whoever copies the example settings unchanged gets no publicly known admin password, key or token: Kontrol refuses
 * to start with any example value that ships in the repository (or a "change-me"), naming the setting; the example
 * files leave those settings empty.
 */
class ShippedExamplesTests {

    private static final Pattern SECRET_SETTING = Pattern.compile(
            "(KONTROL_SECRET_KEY|KONTROL_ADMIN_PASSWORD|KONTROL_METRICS_TOKEN)[=:][ \\t]*['\"]?([^'\"\\s]*)");

    @Test
    void theShippedAdminPasswordStopsTheStartNamingTheSetting() {
        var firstAdmin = new FirstAdmin(null, null, new AdminSettings("admin", "change-me-to-a-strong-password", null));
        assertThatThrownBy(() -> firstAdmin.run(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("kontrol.admin.password (KONTROL_ADMIN_PASSWORD) is an example value");
    }

    @Test
    void theShippedSecretKeysStopTheStartNamingTheSetting() throws Exception {
        var dataDir = Files.createTempDirectory("kontrol-examples");
        for (var example : List.of(
                "change-me-to-a-long-random-passphrase-shared-by-all",
                "a long random passphrase shared by every instance",
                "CHANGE-ME please, this is forty characters long")) {
            assertThatThrownBy(() -> new SecretBox(new SecretSettings(dataDir, example)))
                    .as(example)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("kontrol.secret-key (KONTROL_SECRET_KEY) is an example value");
        }
    }

    @Test
    void theShippedMetricsTokenStopsTheStartNamingTheSetting() {
        assertThatThrownBy(() -> new MetricsToken("change-me-to-a-random-token"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("kontrol.metrics.token (KONTROL_METRICS_TOKEN) is an example value");
        new MetricsToken("a5f0c3e1d2b4a69788f0e1d2c3b4a596"); // a token of one's own starts
        new MetricsToken(""); // none: admins only
    }

    @Test
    void theExampleFilesLeaveEverySecretEmptyOrToBeGenerated() throws Exception {
        var found = 0;
        for (var file : List.of("deploy/kontrol.env", "compose.yaml", "README.md")) {
            var m = SECRET_SETTING.matcher(Files.readString(Path.of(file)));
            while (m.find()) {
                var value = m.group(2);
                assertThat(value.isEmpty() || value.startsWith("$"))
                        .as(file + ": " + m.group(1) + " holds \"" + value + "\", a secret anyone can read")
                        .isTrue();
                found++;
            }
        }
        assertThat(found).as("the example settings are where this test looks").isGreaterThanOrEqualTo(3);
    }
}
