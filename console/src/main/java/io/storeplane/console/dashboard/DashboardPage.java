package io.storeplane.console.dashboard;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.storeplane.console.server.ServerRow;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStatus;
import io.storeplane.jobs.JobStore;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.store.StoreStatus;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.server.DatabaseServerService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The console's first page: stores by status, jobs running and failed, servers' capacity. */
@Path("/console")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class DashboardPage {

  private static final int RECENT = 5;

  private final StoreService stores;
  private final JobStore jobs;
  private final DatabaseServerService servers;
  private final ConsoleRequest console;
  private final Template dashboard;

  DashboardPage(
      StoreService stores,
      JobStore jobs,
      DatabaseServerService servers,
      ConsoleRequest console,
      @Location("console/dashboard.html") Template dashboard) {
    this.stores = stores;
    this.jobs = jobs;
    this.servers = servers;
    this.console = console;
    this.dashboard = dashboard;
  }

  /** A count of stores in one status. */
  @TemplateData
  public record StatusCount(String status, long count) {}

  /** A job in a short list. */
  @TemplateData
  public record JobRow(String id, String kind, String step, int progress, String error) {
    static JobRow of(JobRecord job) {
      return new JobRow(
          job.id().toString(),
          job.kind(),
          job.currentStep() == null ? "" : job.currentStep(),
          job.progress(),
          job.errorMessage() == null ? "" : job.errorMessage());
    }
  }

  @GET
  public Response show() {
    console.requireRead(Permissions.STORES_READ);
    Map<StoreStatus, Long> counts = stores.countByStatus();
    List<StatusCount> statuses =
        List.of(StoreStatus.values()).stream()
            .map(s -> new StatusCount(lower(s.name()), counts.getOrDefault(s, 0L)))
            .toList();
    JobStore.JobPage running =
        jobs.list(Optional.empty(), Optional.of(JobStatus.RUNNING), Optional.empty(), 0, RECENT);
    JobStore.JobPage failed =
        jobs.list(Optional.empty(), Optional.of(JobStatus.FAILED), Optional.empty(), 0, RECENT);
    List<ServerRow> serverRows = servers.list().stream().map(ServerRow::of).toList();
    TemplateInstance page =
        dashboard
            .data("statuses", statuses)
            .data("runningTotal", running.total())
            .data("running", running.items().stream().map(JobRow::of).toList())
            .data("failedTotal", failed.total())
            .data("failed", failed.items().stream().map(JobRow::of).toList())
            .data("servers", serverRows);
    return Response.ok(page.render()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
