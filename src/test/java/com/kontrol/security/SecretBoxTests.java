package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTests {

    @TempDir
    Path dataDir;

    @Test
    void aSealedSecretOpensOnlyUnderTheSameKeyAndNeverShowsThePlainText() {
        var box = new SecretBox(new SecretSettings(dataDir, "a passphrase that is long enough for sure!"));
        var sealed = box.encrypt("0123456789abcdef0123456789abcdef");
        assertThat(sealed).doesNotContain("0123456789abcdef").startsWith("v1:");
        assertThat(box.encrypt("0123456789abcdef0123456789abcdef")).isNotEqualTo(sealed); // a fresh IV each time
        assertThat(box.decrypt(sealed)).isEqualTo("0123456789abcdef0123456789abcdef");

        var other = new SecretBox(new SecretSettings(dataDir, "another passphrase, also long enough!!"));
        assertThatThrownBy(() -> other.decrypt(sealed))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kontrol.secret-key");
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedOnceIntoTheDataDir() throws Exception {
        var sealed = new SecretBox(new SecretSettings(dataDir, null)).encrypt("token");
        assertThat(dataDir.resolve("secret.key")).exists();
        var key = Files.readString(dataDir.resolve("secret.key"));
        assertThat(key.strip()).hasSizeGreaterThanOrEqualTo(40);
        // A restart reads the same key and can still open what was sealed before.
        assertThat(new SecretBox(new SecretSettings(dataDir, null)).decrypt(sealed))
                .isEqualTo("token");
    }

    @Test
    void aShortConfiguredKeyIsRefused() {
        assertThatThrownBy(() -> new SecretBox(new SecretSettings(dataDir, "too short")))
                .hasMessageContaining("at least 32 characters");
    }
}
