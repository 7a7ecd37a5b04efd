package com.kontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The Dockerfile, compose.yaml and the systemd unit cannot be run here (no container runtime); what they rely on is
 * checked instead: the jar's name, the port, the health URLs they probe, and that every setting they pass is one
 * Kontrol reads (a README configuration entry), so that a renamed setting cannot silently stop applying.
 */
@KontrolTest
class DeploymentFilesTests {

    @Autowired
    MockMvc mvc;

    static String read(String file) throws IOException {
        return Files.readString(Path.of(file));
    }

    @Test
    void theImageBuildsTheJarThePomNamesAndRunsItAsAnUnprivilegedUserOnTheDefaultPort() throws IOException {
        var dockerfile = read("Dockerfile");
        assertThat(read("pom.xml")).contains("<finalName>kontrol</finalName>");
        assertThat(dockerfile).contains("-jar target/kontrol.jar extract --layers --launcher");
        assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(dockerfile).containsPattern("(?m)^USER kontrol$").containsPattern("(?m)^EXPOSE 8080$");
        assertThat(read("deploy/kontrol.service")).contains("-jar /opt/kontrol/kontrol.jar");
        // 8080 is Spring Boot's default, which Kontrol keeps (and the README promises).
        assertThat(read("src/main/resources/application.properties")).doesNotContain("server.port");
        assertThat(read("README.md")).contains("| `server.port` (`SERVER_PORT`) | HTTP port | 8080 |");
    }

    @Test
    void everyStartOfTheJarAndEveryBenchmarkUsesTheShippedJvmSettings() throws IOException {
        assertThat(read("deploy/jvm.options")).containsPattern("(?m)^-Xmx\\d+m$");
        assertThat(read("Dockerfile"))
                .contains("COPY deploy/jvm.options ./")
                .contains("ENTRYPOINT [\"java\", \"@/opt/kontrol/jvm.options\",");
        assertThat(read("deploy/kontrol.service")).contains("ExecStart=/usr/bin/java @/opt/kontrol/jvm.options -jar");
        assertThat(read("pom.xml")).contains("<jvmArguments>@${project.basedir}/deploy/jvm.options</jvmArguments>");
        var readme = read("README.md");
        assertThat(readme).doesNotContain("java -jar target/kontrol.jar");
        assertThat(readme).contains("java @deploy/jvm.options -jar target/kontrol.jar");
        try (var scripts = Files.list(Path.of("bench"))) {
            for (var script : scripts.filter(p -> p.toString().endsWith(".sh")).toList()) {
                if (script.endsWith("common.sh")) {
                    continue; // start_kontrol: with the options of the script that calls it
                }
                var text = Files.readString(script);
                if (text.contains("-jar \"$tmp/kontrol.jar\"") || text.contains("start_kontrol")) {
                    assertThat(text).as(script + " starts the jar").contains("@$root/deploy/jvm.options");
                }
            }
        }
    }

    @Test
    void theHealthChecksTheyRunAnswerWithoutALogin() throws Exception {
        var urls = new ArrayList<String>();
        for (var file : List.of("Dockerfile", "compose.yaml")) {
            var m = Pattern.compile("http://localhost:8080(/actuator/health[/a-z]*)")
                    .matcher(read(file));
            while (m.find()) {
                urls.add(m.group(1));
            }
        }
        assertThat(urls).contains("/actuator/health/liveness", "/actuator/health/readiness");
        for (var url : urls) {
            mvc.perform(get(url)).andExpect(status().isOk());
        }
    }

    @Test
    void everySettingTheyPassIsOneKontrolReads() throws IOException {
        var readme = read("README.md");
        var names = new ArrayList<String>();
        var setting = Pattern.compile("(?m)^\\s*#?\\s*([A-Z][A-Z0-9_]+)[=:]");
        for (var file : List.of("deploy/kontrol.env", "compose.yaml", "Dockerfile", "deploy/kontrol.service")) {
            var m = setting.matcher(read(file).replace("Environment=", "").replace("ENV ", ""));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        assertThat(names).contains("KONTROL_SECRET_KEY", "SPRING_DATASOURCE_URL", "KONTROL_METRICS_TOKEN");
        for (var name : names) {
            if (name.startsWith("POSTGRES_")) {
                continue; // the postgres image's own
            }
            assertThat(readme).as("%s is in the README's configuration", name).contains(name);
        }
    }
}
