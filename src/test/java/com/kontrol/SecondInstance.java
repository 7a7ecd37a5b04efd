package com.kontrol;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Another Kontrol on the database of the application under test, as a second server in production would be: its own
 * data dir and port, the same database and secret key. Settings are passed as command-line arguments, which (unlike
 * a builder's default properties) win over {@code application.properties}.
 */
public final class SecondInstance {

    static final String MARKER = "kontrol.test.second-instance";

    private SecondInstance() {}

    /** A second instance that sends through the Twilio stand-in, as the first does. */
    public static ConfigurableApplicationContext sendingThrough(
            TwilioStandIn twilio, Environment first, String... settings) {
        var all = new ArrayList<String>(List.of(
                "kontrol.twilio.account-sid=" + TwilioStandIn.SID,
                "kontrol.twilio.auth-token=" + TwilioStandIn.TOKEN,
                "kontrol.twilio.phone-number=" + TwilioStandIn.NUMBER,
                "kontrol.twilio.api-base-url=" + twilio.baseUrl()));
        all.addAll(List.of(settings));
        return start(first, all.toArray(String[]::new));
    }

    public static ConfigurableApplicationContext start(Environment first, String... settings) {
        var args = new ArrayList<String>(List.of(
                "--" + MARKER + "=true",
                "--server.port=0",
                "--kontrol.demo-data=false",
                "--kontrol.secret-key=" + TestDatabase.SECRET_KEY));
        for (var key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password")) {
            if (first.containsProperty(key)) args.add("--" + key + "=" + first.getProperty(key));
        }
        for (var setting : settings) args.add("--" + setting);
        return new SpringApplicationBuilder(Kontrol.class).run(args.toArray(String[]::new));
    }
}
