package com.kontrol.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.kontrol.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * An admin imports a spreadsheet of customers in a real browser (issue 36): Customers › Import, upload, the columns
 * mapped from the header's guess with one changed by hand, the preview's counts and a refused line's reason, the
 * confirm, the progress bar while 3,000 lines are written, the result, and the undo. The pages pass axe.
 */
@OnARealPort
class CustomerImportBrowserTests {

    @LocalServerPort
    int port;

    @Test
    void anAdminUploadsMapsPreviewsConfirmsFollowsTheProgressAndSeesTheResult(@TempDir Path dir) throws Exception {
        var tag = String.valueOf(System.nanoTime() % 100_000);
        var csv = new StringBuilder("First name,Last name,Cell,Zip,Notes\n");
        for (int i = 0; i < 3_000; i++) {
            csv.append("Bulk,Buyer ")
                    .append(i)
                    .append(' ')
                    .append(tag)
                    .append(",+1209555")
                    .append(String.format("%04d", i))
                    .append(",95201,\"from the fair, 2026\"\n");
        }
        csv.append("Bad,Number ").append(tag).append(",12,95201,\n");
        var file = dir.resolve("customers.csv");
        Files.writeString(file, csv);

        try (var browser = Browser.open(port)) {
            browser.logIn("admin", TestDatabase.ADMIN_PASSWORD);
            browser.go("/customers");
            browser.click("a[href='/customers/import']");
            browser.waitForText("h1", "Import customers");
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.find("#file").sendKeys(file.toString());
            browser.click("form[enctype] button.primary");

            browser.waitForText("h1", "What does each column hold?");
            assertThat(new Select(browser.find("#column0"))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("First name");
            assertThat(new Select(browser.find("#column2"))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("Phone number");
            assertThat(new Select(browser.find("#column3"))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("Address (or part of it)");
            new Select(browser.find("#column3")).selectByValue("skip"); // the zip alone is no address
            assertThat(browser.accessibilityViolations()).isEmpty();
            browser.click("button.primary");

            browser.waitForText("h1", "Preview of customers.csv");
            assertThat(browser.text(".import-counts"))
                    .contains("3,000 New customer")
                    .contains("1 Refused");
            browser.click(".import-counts a.refused");
            browser.waitForText(".import-lines", "\"12\" is not a valid phone number");
            assertThat(browser.text(".import-lines"))
                    .contains("Bad Number " + tag)
                    .doesNotContain("Bulk Buyer");
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.click("form.actions button.primary");
            browser.waitUntilVisible("#import-outcome progress");
            assertThat(browser.text("#import-outcome"))
                    .containsPattern("Reading the file|Writing customers: \\d+ of 3000");
            browser.waitForText("#import-outcome", "Customers created");
            assertThat(browser.text(".import-result"))
                    .contains("Customers created 3000")
                    .contains("Lines refused 1");
            assertThat(browser.accessibilityViolations()).isEmpty();

            browser.go("/customers?q=Buyer+1234+" + tag);
            browser.waitForText("#customer-rows", "Bulk Buyer 1234 " + tag);

            browser.go("/customers/import"); // back to the import, to undo it
            browser.click("table.list a");
            browser.click("form.actions button");
            browser.waitForText(".notice", "Import undone: 3000 customers removed");
        }
    }
}
