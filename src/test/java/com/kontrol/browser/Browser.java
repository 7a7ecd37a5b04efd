package com.kontrol.browser;

import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) driving Kontrol as a person would. On CI the browser
 * must be there; on a developer machine without it, browser tests are skipped with a note.
 */
public final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("kontrol.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("kontrol.test.chromedriver", "/usr/bin/chromedriver"));

    private final WebDriver driver;
    private final String baseUrl;
    private final Path profile;

    private Browser(String baseUrl) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(
                        "CI needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian chromium, chromium-driver)");
            }
            Assumptions.abort("Browser tests need Debian's chromium and chromium-driver");
        }
        try {
            this.profile = Files.createTempDirectory("kontrol-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        var logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        var service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.baseUrl = baseUrl;
    }

    public static Browser open(int port) {
        return new Browser("http://localhost:" + port);
    }

    public Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /**
     * Logs in and waits for the answer (the next page, or the login page with its error), so that a navigation right
     * after it cannot cancel the login's request.
     */
    public Browser logIn(String username, String password) {
        go("/login");
        type("#username", username);
        type("#password", password);
        click("button[type=submit]");
        waitUp().until(d -> !path().startsWith("/login")
                || !d.findElements(By.cssSelector(".error")).isEmpty());
        return this;
    }

    public Browser type(String css, String text) {
        var field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    /**
     * Clicks the element; when a live update replaced it between finding and clicking (nothing was clicked then), the
     * new one.
     */
    public Browser click(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                find(css).click();
                return this;
            } catch (StaleElementReferenceException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Runs {@code javascript} that calls its last argument (a callback) with the result, and waits for it. */
    public Object asyncScript(String javascript) {
        return ((JavascriptExecutor) driver).executeAsyncScript(javascript);
    }

    /** The browser's Back button. */
    public Browser back() {
        driver.navigate().back();
        return this;
    }

    /** The browser's Forward button. */
    public Browser forward() {
        driver.navigate().forward();
        return this;
    }

    /** Waits for the page's confirm dialog, accepts it, and returns what it asked. */
    public String confirm() {
        var dialog = waitUp().until(ExpectedConditions.alertIsPresent());
        var question = dialog.getText();
        dialog.accept();
        return question;
    }

    public WebElement find(String css) {
        return waitUp().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /** The element's text; when a live update replaces it between finding and reading, the new one's. */
    public String text(String css) {
        return waitUp().until(d -> find(css).getText()); // waitUp ignores the stale element and looks again
    }

    /** Waits for the text; when it does not come, says what the page wrote to its console meanwhile. */
    public void waitForText(String css, String text) {
        try {
            waitUp().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        } catch (TimeoutException e) {
            throw new TimeoutException(e.getMessage() + "\nThe page's console: " + console(), e);
        }
    }

    public void waitUntilVisible(String css) {
        waitUp().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    public void waitUntilHidden(String css) {
        waitUp().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    /** Waits until the page and its deferred scripts have run. */
    public void waitUntilLoaded() {
        waitUp().until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    /** What the page wrote to the console since the last call (errors such as a refused script among it). */
    public List<String> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Allows Kontrol's notifications, as a person does when the browser asks (Chromium's permission, set over CDP). */
    public Browser allowNotifications() {
        ((ChromeDriver) driver)
                .executeCdpCommand(
                        "Browser.grantPermissions", Map.of("origin", baseUrl, "permissions", List.of("notifications")));
        return this;
    }

    /** Runs a script in the page and returns what it returns (for looking inside a page, as a developer would). */
    public Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    public String path() {
        return driver.getCurrentUrl().substring(baseUrl.length());
    }

    /** The window's size in CSS pixels, as a phone (390 × 844) or a desktop (1280 × 900) shows the page. */
    public Browser resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        return this;
    }

    /**
     * The page's own area (the viewport) in CSS pixels, as the screens give it: 1366 × 860 for a laptop,
     * 390 × 844 for a phone. {@link #resize} sets the window, which is larger than the page by the browser's own bars.
     */
    public Browser viewport(int width, int height) {
        resize(width, height);
        var inner = (java.util.List<?>) script("return [window.innerWidth, window.innerHeight];");
        int dw = width - ((Number) inner.get(0)).intValue();
        int dh = height - ((Number) inner.get(1)).intValue();
        if (dw != 0 || dh != 0) {
            resize(width + dw, height + dh);
        }
        return this;
    }

    /** Presses a key on whatever has the focus, as a person at the keyboard does. */
    public Browser press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
        return this;
    }

    /**
     * axe-core's findings on the page as it is now, for WCAG 2.1 A and AA: each violated rule with the elements that
     * break it, empty when the page passes.
     */
    public List<String> accessibilityViolations() {
        var results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(driver);
        return results.getViolations().stream()
                .map(rule -> rule.getId() + " (" + rule.getHelp() + "): "
                        + rule.getNodes().stream()
                                .map(n -> n.getTarget() + " " + n.getHtml())
                                .limit(5)
                                .toList())
                .toList();
    }

    public byte[] screenshot() {
        return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    }

    /**
     * Waits up to 10 s. A page being replaced mid-check (its old element gone: a stale element, or Chromium's "node does
     * not belong to the document") is tried again, not taken as the answer.
     */
    private WebDriverWait waitUp() {
        var wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp profile is harmless
        }
    }
}
