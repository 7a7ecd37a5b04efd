package com.kontrol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Kontrol: field-service management, here its two-way SMS with customers over Twilio. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Kontrol {

    public static void main(String[] args) {
        SpringApplication.run(Kontrol.class, args);
    }
}
