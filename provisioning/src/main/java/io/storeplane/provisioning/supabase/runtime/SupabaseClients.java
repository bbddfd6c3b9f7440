package io.storeplane.provisioning.supabase.runtime;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.storeplane.master.secret.SecretString;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.guard.OutboundGuards;
import io.storeplane.provisioning.supabase.CallRetryPolicy;
import io.storeplane.provisioning.supabase.RetryingCaller;
import io.storeplane.provisioning.supabase.Sleeper;
import io.storeplane.provisioning.supabase.SupabaseConfig;
import io.storeplane.provisioning.supabase.SupabaseException;
import io.storeplane.provisioning.supabase.SupabaseKey;
import io.storeplane.provisioning.supabase.SupabaseResponses;
import io.storeplane.provisioning.supabase.management.SupabaseManagement;
import io.storeplane.provisioning.supabase.management.SupabaseManagementApi;
import io.storeplane.provisioning.supabase.rest.PostgrestApi;
import io.storeplane.provisioning.supabase.rest.PostgrestClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Where the Supabase clients come from. One Management API REST client (the base URL is platform
 * configuration) serves every token; a Data API client is built per store for its project URL and
 * key. Both get the configured connect and read timeouts, the default exception mapper off (errors
 * are typed by {@link SupabaseResponses}) and the {@link CallRetryPolicy}.
 *
 * <p>In the application it is a CDI bean configured by {@link SupabaseConfig}; tests build one with
 * {@link #create(Settings, Sleeper)}.
 */
@ApplicationScoped
public class SupabaseClients {

  /**
   * The settings the clients are built with.
   *
   * @param managementUrl the Management API base URL
   * @param connectTimeout connect timeout of every call
   * @param readTimeout read timeout of every call
   * @param retry the retry policy
   * @param pageSize Data API rows per page
   * @param allowHttpProjectUrls accept http:// project URLs (tests only)
   */
  public record Settings(
      URI managementUrl,
      Duration connectTimeout,
      Duration readTimeout,
      CallRetryPolicy retry,
      int pageSize,
      boolean allowHttpProjectUrls) {

    /** The settings {@code config} describes. */
    public static Settings of(SupabaseConfig config) {
      return new Settings(
          config.managementUrl(),
          config.connectTimeout(),
          config.readTimeout(),
          config.retryPolicy(),
          config.pageSize(),
          config.allowHttpProjectUrls());
    }
  }

  private Settings settings;
  private Sleeper sleeper;
  private RetryingCaller retry;
  private volatile SupabaseManagementApi managementApi;

  /** For CDI. */
  protected SupabaseClients() {}

  @Inject
  SupabaseClients(SupabaseConfig config) {
    this(Settings.of(config), Sleeper.system());
  }

  private SupabaseClients(Settings settings, Sleeper sleeper) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.retry = new RetryingCaller(settings.retry(), sleeper);
  }

  /** Clients built with {@code settings}, waiting between retries with {@code sleeper}. */
  public static SupabaseClients create(Settings settings, Sleeper sleeper) {
    return new SupabaseClients(settings, sleeper);
  }

  /** The settings in force. */
  public Settings settings() {
    return settings;
  }

  /**
   * The Management API acting with {@code accessToken} (a personal access token or OAuth token,
   * from the platform's encrypted settings or the store's own config).
   */
  public SupabaseManagement management(SecretString accessToken) {
    SupabaseManagementApi api = managementApi;
    if (api == null) {
      synchronized (this) {
        if (managementApi == null) {
          managementApi =
              build(
                  settings.managementUrl(),
                  SupabaseManagementApi.class,
                  settings.connectTimeout(),
                  settings.readTimeout());
        }
        api = managementApi;
      }
    }
    return new SupabaseManagement(api, accessToken, retry);
  }

  /**
   * The Data API of the project at {@code projectUrl} (e.g. {@code https://<ref>.supabase.co}),
   * acting with {@code key} (the service role key). The URL is customer-given: it must be an
   * absolute https URL without user info, query or fragment, and its host and port pass the
   * outbound guard now and again before every request.
   *
   * @throws SupabaseException {@code SUPABASE_INVALID_PROJECT_URL}
   * @throws io.storeplane.provisioning.guard.OutboundConnectionDeniedException when the guard
   *     refuses the host
   */
  public PostgrestClient dataApi(URI projectUrl, SecretString key) {
    return dataApi(projectUrl, key, settings.connectTimeout(), settings.readTimeout(), retry);
  }

  /**
   * As {@link #dataApi(URI, SecretString)}, with its own timeouts and retry policy: the
   * ConnectionManager serves store data with the pools' connect and query timeouts and {@link
   * CallRetryPolicy#NONE}, failing fast as its JDBC path does. Close the client when done with it.
   */
  public PostgrestClient dataApi(
      URI projectUrl,
      SecretString key,
      Duration connectTimeout,
      Duration readTimeout,
      CallRetryPolicy retryPolicy) {
    return dataApi(
        projectUrl, key, connectTimeout, readTimeout, new RetryingCaller(retryPolicy, sleeper));
  }

  private PostgrestClient dataApi(
      URI projectUrl,
      SecretString key,
      Duration connectTimeout,
      Duration readTimeout,
      RetryingCaller retrying) {
    URI project = normalize(projectUrl);
    int port = project.getPort() >= 0 ? project.getPort() : defaultPort(project);
    OutboundGuards.current().check(project.getHost(), port);
    SupabaseKey apiKey = SupabaseKey.of(key);
    PostgrestApi api =
        build(URI.create(project + "/rest/v1"), PostgrestApi.class, connectTimeout, readTimeout);
    return new PostgrestClient(api, project, apiKey, retrying, sleeper, settings.pageSize());
  }

  private URI normalize(URI url) {
    if (url == null || !url.isAbsolute() || url.getHost() == null) {
      throw invalidUrl("must be an absolute URL with a host");
    }
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttpProjectUrls())) {
      throw invalidUrl("must use https");
    }
    if (url.getRawUserInfo() != null || url.getRawQuery() != null || url.getRawFragment() != null) {
      throw invalidUrl("must not carry user info, a query or a fragment");
    }
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    try {
      return new URI(
          scheme, null, url.getHost(), url.getPort(), path.isEmpty() ? null : path, null, null);
    } catch (URISyntaxException e) {
      throw invalidUrl("is malformed");
    }
  }

  private static int defaultPort(URI url) {
    return "https".equals(url.getScheme()) ? 443 : 80;
  }

  private static SupabaseException invalidUrl(String why) {
    return SupabaseException.of(
        ProvisioningError.SUPABASE_INVALID_PROJECT_URL, "The Supabase project URL " + why, null);
  }

  private static <T> T build(
      URI baseUri, Class<T> type, Duration connectTimeout, Duration readTimeout) {
    return QuarkusRestClientBuilder.newBuilder()
        .baseUri(baseUri)
        .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .property("microprofile.rest.client.disable.default.mapper", true)
        .followRedirects(false)
        .build(type);
  }
}
