package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.kontrol.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kontrol installs as an app (issue 35): its manifest and service worker are served before anyone signs in, the
 * manifest names the app, its start page and icons, and the service worker registers, controls the pages and keeps the
 * offline page (and nothing of a customer's), which a page opens to when Kontrol cannot be reached.
 */
// A context of its own, whose last test stops its web server for good.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kontrol.test.context=installable-app")
class InstallableAppBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    ServletWebServerApplicationContext context;

    @Test
    @Order(1)
    void theManifestNamesTheAppItsStartAndIconsWithoutALogin() throws Exception {
        var manifest = get("/manifest.webmanifest");
        assertThat(manifest.statusCode()).isEqualTo(200);
        assertThat(manifest.headers().firstValue("Content-Type").orElse("")).contains("manifest+json");
        var json = JsonMapper.shared().readTree(manifest.body());
        assertThat(json.path("name").asString()).isEqualTo("Kontrol");
        assertThat(json.path("start_url").asString()).isEqualTo("/communication/messages");
        assertThat(json.path("display").asString()).isEqualTo("standalone");
        for (var icon : json.path("icons")) {
            var file = get(icon.path("src").asString());
            assertThat(file.statusCode()).as(icon.path("src").asString()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        }
        assertThat(json.path("icons").findValuesAsString("sizes")).contains("192x192", "512x512");

        var worker = get("/sw.js");
        assertThat(worker.statusCode()).isEqualTo(200);
        assertThat(worker.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    }

    @Test
    @Order(2)
    void theAlertsPageOffersPushForThisDeviceAndSaysWhyWhenTheBrowsersPushServiceCannotBeReached() {
        try (var browser = Browser.open(port)) {
            browser.allowNotifications();
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/profile/alerts");
            browser.waitForText("#push-state", "push notifications are off.");
            assertThat(browser.find("button[data-push-subscribe]").isDisplayed())
                    .isTrue();
            assertThat(browser.text("#push")).contains("No device gets push notifications yet.");

            // Headless Chromium has no push service to reach here: the page says so, and no device is added.
            browser.click("button[data-push-subscribe]");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.text("#push-state").startsWith("not turned on:"));
            assertThat(browser.text("#push")).contains("No device gets push notifications yet.");
            assertThat(browser.accessibilityViolations()).isEmpty();
        }
    }

    @Test
    @Order(3)
    void theServiceWorkerControlsThePagesKeepsOnlyTheShellAndOpensTheOfflinePageWhenKontrolIsOutOfReach() {
        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/communication/messages");
            assertThat(browser.asyncScript("var done = arguments[arguments.length - 1];"
                            + " navigator.serviceWorker.ready.then(function (r) { done(r.active.scriptURL); });"))
                    .asString()
                    .endsWith("/sw.js");
            browser.go("/customers"); // a page loaded after the worker took over
            assertThat(browser.script("return navigator.serviceWorker.controller !== null"))
                    .isEqualTo(true);
            assertThat(browser.asyncScript("var done = arguments[arguments.length - 1];"
                            + " caches.keys().then(function (names) { return Promise.all(names.map(function (n) {"
                            + " return caches.open(n).then(function (c) { return c.keys(); }); })); })"
                            + ".then(function (lists) { done([].concat.apply([], lists).map(function (r) {"
                            + " return new URL(r.url).pathname; }).sort().join(' ')); });"))
                    .isEqualTo("/css/kontrol.css /icons/icon-192.png /icons/icon-512.png /js/kontrol.js"
                            + " /manifest.webmanifest /offline.html"); // no page, no API answer

            // Kontrol out of reach (its server stopped): a page opens to the kept offline page, not the browser's
            // error.
            context.getWebServer().stop(); // for good: this context's last test (see the class's order)
            browser.go("/customers");
            browser.waitForText("h1", "No connection");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
