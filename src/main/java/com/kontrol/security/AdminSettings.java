package com.kontrol.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code kontrol.admin.*}: the first admin account (username, password, e-mail), created when there is no user yet. */
@ConfigurationProperties("kontrol.admin")
record AdminSettings(@DefaultValue("admin") String username, String password, String email) {}
