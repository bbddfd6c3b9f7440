package io.storeplane.console.server;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.FormRules;
import io.storeplane.console.page.LivePanels;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.server.DatabaseEngine;
import io.storeplane.master.server.DatabaseServer;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The managed database servers: each with its capacity as a bar; for a platform admin, registering
 * one (its admin password sealed, never rendered back) and draining one. The same service and audit
 * actions as {@code /api/v1/database-servers}.
 */
@Path("/console/servers")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class ServersPage {

  private static final int MAX_NAME = 100;
  private static final int MAX_USERNAME = 128;
  private static final int MAX_PASSWORD = 1024;

  private final DatabaseServerService servers;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final Template page;

  ServersPage(
      DatabaseServerService servers,
      ConsoleRequest console,
      ConsoleAudit audit,
      @Location("console/servers.html") Template page) {
    this.servers = servers;
    this.console = console;
    this.audit = audit;
    this.page = page;
  }

  /** The registration form as posted. */
  public static class Fields {
    @FormParam("csrf")
    String csrf;

    @FormParam("name")
    String name;

    @FormParam("engine")
    String engine;

    @FormParam("host")
    String host;

    @FormParam("port")
    String port;

    @FormParam("adminUsername")
    String adminUsername;

    @FormParam("adminPassword")
    String adminPassword;

    @FormParam("maxStores")
    String maxStores;

    Entry entry() {
      return new Entry(
          FormRules.strip(name),
          FormRules.strip(engine),
          FormRules.strip(host),
          FormRules.strip(port),
          FormRules.strip(adminUsername),
          FormRules.strip(maxStores));
    }
  }

  /** What the form shows back after a refusal: never the admin password. */
  @TemplateData
  public record Entry(
      String name,
      String engine,
      String host,
      String port,
      String adminUsername,
      String maxStores) {

    static Entry blank() {
      return new Entry("", "postgresql", "", "", "", "");
    }
  }

  @GET
  public Response list() {
    console.requireRead(Permissions.PROVISIONING_READ);
    return render(200, Entry.blank(), null);
  }

  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response register(@BeanParam Fields fields) {
    console.admitPost(fields.csrf, Permissions.SERVERS_MANAGE);
    Entry entry = fields.entry();
    Optional<String> invalid = invalid(entry, fields.adminPassword);
    if (invalid.isPresent()) {
      return render(400, entry, invalid.get());
    }
    DatabaseServer server;
    try {
      server =
          servers.register(
              new DatabaseServerService.NewServer(
                  entry.name(),
                  DatabaseEngine.valueOf(entry.engine().toUpperCase(Locale.ROOT)),
                  entry.host(),
                  Integer.parseInt(entry.port()),
                  entry.adminUsername(),
                  SecretString.of(fields.adminPassword),
                  Integer.parseInt(entry.maxStores()),
                  false));
    } catch (StoreplaneException refused) {
      ConsoleRefusal refusal =
          audit.refused("database-server.register", "database_server", null, refused);
      return render(refusal.status(), entry, refusal.getMessage());
    }
    audit.record(
        "database-server.register",
        "database_server",
        server.id,
        AuditOutcome.SUCCESS,
        Map.of("name", server.name, "engine", entry.engine()));
    return Response.seeOther(URI.create("/console/servers")).build();
  }

  @POST
  @Path("/{id}/drain")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response drain(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.SERVERS_MANAGE);
    UUID serverId = ConsoleRefusal.idOrNotFound(id, "database server");
    try {
      servers.drain(serverId);
    } catch (StoreplaneException refused) {
      throw audit.refused("database-server.drain", "database_server", serverId, refused);
    }
    audit.record(
        "database-server.drain", "database_server", serverId, AuditOutcome.SUCCESS, Map.of());
    return Response.seeOther(URI.create("/console/servers")).build();
  }

  /** The first rule the form breaks (the REST API's registration has the same rules). */
  private static Optional<String> invalid(Entry entry, String password) {
    if (!entry.engine().equals("postgresql") && !entry.engine().equals("mysql")) {
      return Optional.of("Choose PostgreSQL or MySQL.");
    }
    return FormRules.badText(entry.name(), MAX_NAME, "name")
        .or(() -> FormRules.badHost(entry.host()))
        .or(() -> FormRules.badPort(entry.port()))
        .or(() -> FormRules.badText(entry.adminUsername(), MAX_USERNAME, "admin user name"))
        .or(() -> FormRules.badPassword(password, MAX_PASSWORD, "admin password"))
        .or(
            () ->
                entry.maxStores().matches("[0-9]{1,6}") && Integer.parseInt(entry.maxStores()) >= 1
                    ? Optional.empty()
                    : Optional.of("The capacity must be a whole number of stores from 1."));
  }

  private Response render(int status, Entry entry, String error) {
    return LivePanels.html(
        page.data("servers", servers.list().stream().map(ServerRow::of).toList())
            .data("entry", entry)
            .data("error", error)
            .data("canManage", console.can(Permissions.SERVERS_MANAGE))
            .render(),
        status);
  }
}
