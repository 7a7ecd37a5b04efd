package com.kontrol.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Says where Kontrol can be reached once it is ready. */
@Component
class StartupBanner {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    private final WebSettings settings;

    StartupBanner(WebSettings settings) {
        this.settings = settings;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            var url = settings.publicUrl() != null && !settings.publicUrl().isBlank()
                    ? settings.publicUrl()
                    : "http://localhost:" + web.getWebServer().getPort();
            log.info("Kontrol is ready at {}", url);
        }
    }
}
