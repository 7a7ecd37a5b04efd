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

    public static ConfigurableApplicationContext start(Environment first, String... settings) {
        var args = new ArrayList<String>(List.of(
                "--" + MARKER + "=true",
                "--server.port=0",
                "--kontrol.demo-data=false",
                "--kontrol.secret-key=" + TestDatabase.SECRET_KEY));
        for (var key : List.of("spring.datasource.url", "spring.datasource.username")) {
            if (first.containsProperty(key)) args.add("--" + key + "=" + first.getProperty(key));
        }
        for (var setting : settings) args.add("--" + setting);
        return new SpringApplicationBuilder(Kontrol.class).run(args.toArray(String[]::new));
    }
}
