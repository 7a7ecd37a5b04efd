package com.kontrol;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Kontrol: field-service management, here its two-way SMS with customers over Twilio. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Kontrol {

    /** The one clock: every "now" in Kontrol reads it (in UTC; pages show times in kontrol.time-zone). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(Kontrol.class, args);
    }
}
