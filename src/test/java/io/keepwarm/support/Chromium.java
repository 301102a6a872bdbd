package io.keepwarm.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for the browser tests, one per test class. Without it the tests fail in CI (CI=true)
 * and are skipped elsewhere. The browser's console is recorded, so a test can read what a page logged.
 */
public final class Chromium {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /** A headless Chromium with its profile in the given folder, of the given window size. */
    public static WebDriver start(Path profile, int width, int height) {
        boolean there = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!there) {
            String missing = "Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "); .ci/run installs them";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true but " + missing);
            }
            System.err.println("\n*** NOTICE: " + missing + " - the browser test is skipped ***\n");
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile.resolve("chromium"));
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return browser;
    }
}
