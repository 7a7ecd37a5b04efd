package com.kontrol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTests {

    @TempDir
    Path dataDir;

    @Test
    void aSealedSecretOpensOnlyUnderTheSameKeyAndNeverShowsThePlainText() {
        var box = new SecretBox(new SecretSettings(dataDir, "a passphrase that is long enough for sure!"));
        var sealed = box.encrypt("0123456789abcdef0123456789abcdef");
        assertThat(sealed).doesNotContain("0123456789abcdef").startsWith("v2:");
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
    void eachProcessSealsWithASaltOfItsOwnStoredBesideTheCiphertext() {
        var passphrase = "a passphrase that is long enough for sure!";
        var one = new SecretBox(new SecretSettings(dataDir, passphrase)).encrypt("token");
        var two = new SecretBox(new SecretSettings(dataDir, passphrase)).encrypt("token");
        assertThat(salt(one)).isNotEqualTo(salt(two));
        // Another process (another salt) still opens both: the salt travels with the ciphertext.
        var third = new SecretBox(new SecretSettings(dataDir, passphrase));
        assertThat(third.decrypt(one)).isEqualTo("token");
        assertThat(third.decrypt(two)).isEqualTo("token");
        assertThat(third.isCurrent(one)).isTrue();
    }

    @Test
    void aSecretSealedByTheEarlierVersionOpensAndIsToBeSealedAgain() throws Exception {
        var passphrase = "a passphrase that is long enough for sure!";
        var old = SealedV1.seal(passphrase, "old token");
        var box = new SecretBox(new SecretSettings(dataDir, passphrase));
        assertThat(box.decrypt(old)).isEqualTo("old token");
        assertThat(box.isCurrent(old)).isFalse();
    }

    @Test
    void theGeneratedKeyFileIsTheOwnersAlone() throws Exception {
        new SecretBox(new SecretSettings(dataDir, null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("secret.key"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("secret.key"); // no temp file left
        }
    }

    private static String salt(String sealed) {
        var bytes = Base64.getDecoder().decode(sealed.substring(3));
        return Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, 16));
    }

    @Test
    void aShortConfiguredKeyIsRefused() {
        assertThatThrownBy(() -> new SecretBox(new SecretSettings(dataDir, "too short")))
                .hasMessageContaining("at least 32 characters");
    }
}
