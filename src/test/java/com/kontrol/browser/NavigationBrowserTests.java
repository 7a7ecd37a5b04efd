package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One row of navigation: the settings pages sit in a menu that opens on a click and closes as a menu does. */
@OnARealPort
class NavigationBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void theSettingsMenuOpensOnAClickAndClosesOnEscapeOrAClickElsewhere() {
        try (var browser = Browser.open(port)) {
            browser.viewport(1366, 860);
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers");
            browser.waitUntilLoaded();
            assertThat(browser.find(".settings-panel a[href='/settings/team']").isDisplayed())
                    .isFalse();

            browser.click(".settings-menu summary");
            browser.waitUntilVisible(".settings-panel a[href='/settings/team']");
            browser.press(Keys.ESCAPE);
            browser.waitUntilHidden(".settings-panel a[href='/settings/team']");

            browser.click(".settings-menu summary");
            browser.waitUntilVisible(".settings-panel a[href='/settings/audit']");
            browser.click("h1");
            browser.waitUntilHidden(".settings-panel a[href='/settings/audit']");

            browser.click(".settings-menu summary");
            browser.click(".settings-panel a[href='/settings/team']");
            browser.waitForText("h1", "Team");
            assertThat(browser.find(".settings-menu summary").getAttribute("class"))
                    .contains("current");
            assertThat(browser.console()).isEmpty();
        }
    }
}
