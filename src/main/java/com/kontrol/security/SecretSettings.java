package com.kontrol.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code kontrol.secret-key} and {@code kontrol.data-dir}: where the key for stored secrets comes from. */
@ConfigurationProperties("kontrol")
record SecretSettings(@DefaultValue("./data") Path dataDir, String secretKey) {}
