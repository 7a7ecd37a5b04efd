package com.kontrol.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code kontrol.demo-data}: load demo data into an empty database; unset means "only on the embedded database". */
@ConfigurationProperties("kontrol")
record DemoSettings(Boolean demoData) {}
