package io.parkpulse.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian (packages {@code chromium} and {@code chromium-driver}), driven by
 * Selenium. On CI a missing browser fails the run; elsewhere the portal tests are skipped with the
 * command that installs it.
 */
final class Browser {

  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  private Browser() {}

  /** A new browser window of a laptop's size, in the given UI language. */
  static ChromeDriver open(String language) {
    boolean installed = CHROMIUM.canExecute() && DRIVER.canExecute();
    if (!installed && System.getenv("CI") != null) {
      throw new IllegalStateException(
          "the portal tests need Chromium: apt-get install chromium chromium-driver");
    }
    assumeTrue(installed, "Chromium is not installed: apt-get install chromium chromium-driver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1366,900",
        "--lang=" + language);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves what the window shows as {@code dir/name.png}. */
  static void screenshot(ChromeDriver driver, Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Clicks what loads a new page, and waits until the old one is gone. */
  static void submit(WebDriver browser, WebElement element) {
    element.click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> gone(element));
  }

  /**
   * Whether {@code element} left the document. Chromium answers either "stale element" or, while
   * the new page replaces the old, "node does not belong to the document": both mean gone.
   */
  private static boolean gone(WebElement element) {
    try {
      element.isEnabled();
      return false;
    } catch (StaleElementReferenceException e) {
      return true;
    } catch (WebDriverException e) {
      if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw e;
    }
  }

  /** Types {@code value} into the empty field {@code css}. */
  static void fill(WebDriver browser, String css, String value) {
    WebElement input = browser.findElement(By.cssSelector(css));
    input.clear();
    input.sendKeys(value);
  }
}
