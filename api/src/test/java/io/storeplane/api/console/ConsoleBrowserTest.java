package io.storeplane.api.console;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.storeplane.api.TestApi.ADMIN_TOKEN;
import static io.storeplane.api.TestApi.asAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.storeplane.api.DatabaseOptions;
import io.storeplane.api.DriverClassLoaderGuard;
import io.storeplane.api.JobPolling;
import io.storeplane.api.TestCallers;
import io.storeplane.api.fleet.FleetStores;
import io.storeplane.api.supabase.SupabaseDoubleProfile;
import io.storeplane.testing.db.TestDatabase;
import io.storeplane.testing.db.TestDatabases;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The console in a real browser (Debian's Chromium, headless, through Playwright) against the real
 * application: signing in, every page scanned by axe-core (no serious or critical violation), the
 * viewer's pages without write controls, the pages at 375 px wide. Screenshots of each page go to
 * {@code target/console-screenshots/} for review. One browser for the class.
 */
@QuarkusTest
@TestProfile(SupabaseDoubleProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target", "console-screenshots");
  private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");

  @TestHTTPResource("/")
  URL base;

  private Playwright playwright;
  private Browser browser;

  @BeforeAll
  void launch() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as(
            "The console's browser tests drive Debian's Chromium at /usr/bin/chromium, which is"
                + " missing: install it with `apt-get install -y chromium` (.ci/run does so when"
                + " it is missing)")
        .isTrue();
    Files.createDirectories(SHOTS);
    DriverClassLoaderGuard.installTestPolicy();
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox", "--disable-gpu", "--disable-background-networking")));
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @Test
  void anAdminSignsInAndEveryPageIsAccessible() {
    String storeId = TestCallers.newStore();
    String slug = asAdmin().get("/api/v1/stores/" + storeId).then().extract().path("slug");
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate(url("console"));
      assertThat(page).hasURL(url("console/sign-in"));
      check(page, "sign-in");

      page.getByLabel("API token").fill("spt_not-a-real-token-0123456789abcdefghijk");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("unknown, revoked or expired");
      assertThat(page.getByLabel("API token")).isEmpty();
      check(page, "sign-in-refused");

      page.getByLabel("API token").fill(ADMIN_TOKEN);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboard")))
          .isVisible();
      check(page, "dashboard");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stores").setExact(true))
          .click();
      page.getByLabel("Search name or slug").fill(slug);
      assertThat(page.locator("#store-count")).hasText("1 store");
      check(page, "stores");

      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Test store")).click();
      assertThat(page.locator("#store-status")).hasText("active");
      page.getByLabel("New token's name").fill("browser app");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
      assertThat(page.locator("#new-token")).containsText("spt_");
      check(page, "store-token-created");

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Suspend store")).click();
      assertThat(page.locator("#store-status")).hasText("suspended");
      check(page, "store-suspended");

      page.navigate(url("console/stores/not-a-store"));
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("no store with this id");
      check(page, "not-found");

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
      assertThat(page).hasURL(url("console/sign-in"));
    }
  }

  @Test
  void aManagedPostgresqlStoreIsOnboardedAndWatchedUntilItsDatabaseIsActive() {
    String slug = "wizard-" + UUID.randomUUID().toString().substring(0, 8);
    try (BrowserContext context = browser.newContext()) {
      Page page = signedIn(context, ADMIN_TOKEN);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Stores").setExact(true))
          .click();
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New store")).click();
      page.getByLabel("Store name").fill("Wizard store");
      page.getByLabel("Slug").fill("Not A Slug");
      page.getByLabel("Plan").selectOption("free");
      page.getByLabel("Managed PostgreSQL").check();
      check(page, "onboard");
      // The browser's own pattern check would stop the bad slug; the server's is what counts.
      page.evaluate("document.getElementById('store-slug').removeAttribute('pattern')");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create store")).click();
      assertThat(page.getByRole(AriaRole.ALERT)).containsText("lowercase letters");
      check(page, "onboard-refused");
      page.getByLabel("Slug").fill(slug);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create store")).click();

      assertThat(page.locator("#job-progress"))
          .hasText("100 %", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
      assertThat(page.locator("#job-status")).hasText("succeeded");
      assertThat(page.getByRole(AriaRole.PROGRESSBAR)).hasAttribute("aria-valuenow", "100");
      check(page, "job-succeeded");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the store"))
          .click();
      assertThat(page.locator("#database-status")).hasText("active");
      assertThat(
              page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Wizard store")))
          .isVisible();
    }
  }

  @Test
  void aViewerSeesNoWriteControl() {
    String storeId = TestCallers.newStore();
    try (BrowserContext context = browser.newContext()) {
      Page page = signedIn(context, TestCallers.tokenForNewUser("viewer"));
      page.navigate(url("console/stores/" + storeId));
      assertThat(page.locator("#store-status")).hasText("active");
      assertThat(page.locator("form[action$='/suspend']")).hasCount(0);
      assertThat(page.locator("form[action$='/tokens']")).hasCount(0);
      assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke")))
          .hasCount(0);
      page.navigate(url("console/stores"));
      assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("New store")))
          .hasCount(0);
      check(page, "store-as-viewer");
    }
  }

  @Test
  void thePagesFitA375PixelScreen() {
    String storeId = TestCallers.newStore();
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setViewportSize(375, 812))) {
      Page page = signedIn(context, ADMIN_TOKEN);
      for (String path :
          List.of(
              "console",
              "console/stores",
              "console/stores/" + storeId,
              "console/onboard",
              "console/onboard/existing",
              "console/servers",
              "console/rollouts",
              "console/rollouts/new",
              "console/audit")) {
        page.navigate(url(path));
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        assertThat(overflow).as(path + " scrolls sideways at 375 px").isEqualTo(false);
        check(page, "narrow-" + path.replace('/', '-'));
      }
      // Onboarding at this width with the keyboard only: fields in order, Enter on the button.
      String slug = "keys-" + UUID.randomUUID().toString().substring(0, 8);
      page.navigate(url("console/onboard"));
      page.getByLabel("Store name").focus();
      page.keyboard().type("Keyboard store");
      page.keyboard().press("Tab");
      page.keyboard().type(slug);
      page.keyboard().press("Tab");
      assertThat(page.getByLabel("Plan")).isFocused();
      page.keyboard().press("Tab");
      assertThat(page.getByLabel("Managed PostgreSQL")).isFocused();
      page.keyboard().press("Tab");
      assertThat(page.getByLabel("Supabase region (optional)")).isFocused();
      page.keyboard().press("Tab");
      assertThat(
              page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create store")))
          .isFocused();
      page.keyboard().press("Enter");
      assertThat(page.getByRole(AriaRole.PROGRESSBAR)).isVisible();
      assertThat(
              page.getByRole(
                  AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the store")))
          .isVisible();
      check(page, "narrow-job");
    }
  }

  @Test
  void anExistingDatabaseThatClashesShowsItsClashesAndNothingIsSaved() throws Exception {
    String slug = "exist-" + UUID.randomUUID().toString().substring(0, 8);
    try (TestDatabase db = TestDatabases.postgres().createDatabase("console_browser");
        BrowserContext context = browser.newContext()) {
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY)");
      }
      Page page = signedIn(context, ADMIN_TOKEN);
      page.navigate(url("console/onboard"));
      page.getByRole(
              AriaRole.LINK, new Page.GetByRoleOptions().setName("connect an existing database"))
          .click();
      page.getByLabel("Store name").fill("Existing store");
      page.getByLabel("Slug").fill(slug);
      page.getByLabel("Plan").selectOption("free");
      page.getByLabel("PostgreSQL", new Page.GetByLabelOptions().setExact(true)).check();
      page.getByLabel("Host").fill(db.server().host());
      page.getByLabel("Port").fill(String.valueOf(db.server().port()));
      page.getByLabel("Database", new Page.GetByLabelOptions().setExact(true)).fill(db.name());
      page.getByLabel("User name").fill(db.username());
      // A local server may trust its clients; a typed password must stay in the form all the same.
      String password = db.password().isEmpty() ? "typed-" + UUID.randomUUID() : db.password();
      page.getByLabel("Password").fill(password);
      check(page, "connect");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection"))
          .click();
      assertThat(page.locator("#server-version")).containsText("PostgreSQL");
      assertThat(page.locator("#tables-found")).containsText("categories");
      assertThat(page.locator("#clashes")).containsText("categories");
      // htmx swapped the report only: what was typed, the password too, is still there.
      assertThat(page.getByLabel("Password")).hasValue(password);
      check(page, "connect-clash");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Connect store")).click();
      assertThat(page.locator("#onboard-error")).containsText("nothing was saved");
      assertThat(page.locator("#clashes")).containsText("categories");
      assertThat(page.getByLabel("Password")).isEmpty();
      assertThat(page.content()).doesNotContain(password);
      check(page, "connect-refused");
      page.navigate(url("console/stores?q=" + slug));
      assertThat(page.locator("#store-count")).hasText("0 stores");
    }
  }

  @Test
  void aSupabaseStoreIsOnboardedAgainstTheDouble() {
    String slug = "supa-" + UUID.randomUUID().toString().substring(0, 8);
    try (BrowserContext context = browser.newContext()) {
      Page page = signedIn(context, ADMIN_TOKEN);
      page.navigate(url("console/onboard"));
      page.getByLabel("Store name").fill("Supabase store");
      page.getByLabel("Slug").fill(slug);
      page.getByLabel("Plan").selectOption("free");
      page.getByLabel("Supabase (a new project)").check();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create store")).click();
      assertThat(page.locator("#job-progress"))
          .hasText("100 %", new LocatorAssertions.HasTextOptions().setTimeout(120_000));
      assertThat(page.locator("#job-status")).hasText("succeeded");
      check(page, "job-supabase-succeeded");
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the store"))
          .click();
      assertThat(page.locator("#database-status")).hasText("active");
      assertThat(page.locator("#connection-state")).containsText("supabase");
      check(page, "store-supabase");
    }
  }

  @Test
  void aServerIsRegisteredAndDrained() {
    String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
    String password = "browser-pw-" + UUID.randomUUID();
    try (BrowserContext context = browser.newContext()) {
      Page page = signedIn(context, ADMIN_TOKEN);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Servers").setExact(true))
          .click();
      check(page, "servers");
      page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
      page.getByLabel("Engine").selectOption("mysql");
      page.getByLabel("Host").fill("127.0.0.1");
      page.getByLabel("Port")
          .fill(String.valueOf(ThreadLocalRandom.current().nextInt(20_000, 60_000)));
      page.getByLabel("Admin user name").fill("root");
      page.getByLabel("Admin password").fill(password);
      page.getByLabel("Capacity (store databases)").fill("5");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Register server"))
          .click();
      Locator row = page.locator("tr[data-server='" + name + "']");
      assertThat(row.locator(".server-status")).hasText("active");
      assertThat(row).containsText("0 of 5 databases");
      assertThat(page.getByLabel("Admin password")).isEmpty();
      assertThat(page.content()).doesNotContain(password);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Drain server " + name))
          .click();
      assertThat(row.locator(".server-status")).hasText("draining");
      check(page, "servers-drained");
    }
  }

  @Test
  void theAuditLogIsFiltered() {
    String storeId = TestCallers.newStore();
    asAdmin().post("/api/v1/stores/" + storeId + "/suspend").then().statusCode(200);
    try (BrowserContext context = browser.newContext()) {
      Page page = signedIn(context, ADMIN_TOKEN);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log")).click();
      check(page, "audit");
      page.getByLabel("Store id").fill(storeId);
      page.getByLabel("Action").fill("store.suspend");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
      assertThat(page.locator("tr.audit-row")).hasCount(1);
      assertThat(page.locator("tr.audit-row .audit-action")).hasText("store.suspend");
      check(page, "audit-filtered");
      page.getByLabel("Action").fill("");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter")).click();
      assertThat(page.locator("tr.audit-row")).hasCount(2);
    }
  }

  @Test
  void aRolloutIsFollowedAndAPreflightRunFromTheForm() throws Exception {
    try (TestDatabase db = TestDatabases.postgres().createDatabase("console_rollout");
        BrowserContext context = browser.newContext()) {
      JsonPath store =
          TestCallers.newStore(
              "Rollout store", "rbrow", DatabaseOptions.existing(db, db.password()));
      assertThat(
              JobPolling.awaitEnd(store.getString("provisioningJobId"), s -> {})
                  .getString("status"))
          .isEqualTo("succeeded");
      String id =
          asAdmin()
              .contentType(ContentType.JSON)
              .body(
                  FleetStores.request(
                      List.of(store.getString("id")), null, FleetStores.wave(100, 1)))
              .post("/api/v1/rollouts")
              .then()
              .statusCode(202)
              .extract()
              .path("id");
      Page page = signedIn(context, ADMIN_TOKEN);
      page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Rollouts")).click();
      check(page, "rollouts");
      page.navigate(url("console/rollouts/" + id));
      assertThat(page.locator("#rollout-state")).hasText("completed");
      assertThat(page.locator("tr.rollout-store")).containsText(store.getString("slug"));
      check(page, "rollout");
      page.navigate(url("console/rollouts/new"));
      page.getByLabel("Stores by slug or id (optional)").fill(store.getString("slug"));
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Run preflight")).click();
      assertThat(page.locator("#preflight-clean")).isVisible();
      assertThat(page.locator("tr.preflight-store")).containsText("up-to-date");
      check(page, "rollout-new");
    }
  }

  private Page signedIn(BrowserContext context, String token) {
    Page page = context.newPage();
    page.navigate(url("console/sign-in"));
    page.getByLabel("API token").fill(token);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Dashboard")))
        .isVisible();
    return page;
  }

  /** Screenshots the page and fails on any serious or critical axe-core violation. */
  private static void check(Page page, String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true));
    AxeResults results = new AxeBuilder(page).analyze();
    List<Rule> blocking =
        results.getViolations().stream()
            .filter(rule -> BLOCKING_IMPACTS.contains(rule.getImpact()))
            .toList();
    assertThat(blocking)
        .as(
            "axe-core on %s: %s",
            name,
            blocking.stream()
                .map(
                    rule ->
                        rule.getId()
                            + " ("
                            + rule.getImpact()
                            + "): "
                            + rule.getNodes().stream()
                                .map(node -> String.valueOf(node.getTarget()))
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ")))
        .isEmpty();
  }

  private String url(String path) {
    return base.toString().replaceAll("/$", "") + "/" + path;
  }
}
