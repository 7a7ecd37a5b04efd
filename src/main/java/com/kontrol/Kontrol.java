package com.kontrol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Kontrol: field-service management, here its two-way SMS with customers over Twilio. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class Kontrol {

    public static void main(String[] args) {
        SpringApplication.run(Kontrol.class, args);
    }
}
