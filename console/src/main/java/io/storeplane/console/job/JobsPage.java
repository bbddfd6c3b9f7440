package io.storeplane.console.job;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.storeplane.console.page.ConsoleAudit;
import io.storeplane.console.page.LivePanels;
import io.storeplane.console.session.ConsoleRefusal;
import io.storeplane.console.session.ConsoleRequest;
import io.storeplane.error.StoreplaneException;
import io.storeplane.jobs.JobRecord;
import io.storeplane.jobs.JobStore;
import io.storeplane.jobs.JobView;
import io.storeplane.jobs.runtime.JobWatchers;
import io.storeplane.master.audit.AuditOutcome;
import io.storeplane.master.store.Store;
import io.storeplane.master.store.StoreService;
import io.storeplane.master.user.Permissions;
import io.storeplane.provisioning.job.JobService;
import io.storeplane.provisioning.job.ProvisioningKind;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A job's page: its steps with state and elapsed time, a progress bar, units (tables) done of
 * total, its error, Cancel for a provisioning job still running and Retry for one that failed. It
 * stays live through the console's own Server-Sent Events route, authenticated by the session
 * cookie and fed by the bus through {@link JobWatchers} (its own watch of the job, beside the REST
 * stream's); without EventSource the panel polls instead.
 */
@Path("/console/jobs")
@PermitAll
@Blocking
@Produces(MediaType.TEXT_HTML)
public class JobsPage {

  private final JobStore jobs;
  private final JobService provisioning;
  private final JobWatchers watchers;
  private final StoreService stores;
  private final ConsoleRequest console;
  private final ConsoleAudit audit;
  private final Template page;
  private final Template panel;

  JobsPage(
      JobStore jobs,
      JobService provisioning,
      JobWatchers watchers,
      StoreService stores,
      ConsoleRequest console,
      ConsoleAudit audit,
      @Location("console/job.html") Template page,
      @Location("console/job-panel.html") Template panel) {
    this.jobs = jobs;
    this.provisioning = provisioning;
    this.watchers = watchers;
    this.stores = stores;
    this.console = console;
    this.audit = audit;
    this.page = page;
    this.panel = panel;
  }

  @GET
  @Path("/{id}")
  public Response show(@PathParam("id") String id) {
    console.requireRead(Permissions.JOBS_READ);
    JobPanel job = read(ConsoleRefusal.idOrNotFound(id, "job"));
    return LivePanels.html(
        page.data("job", job)
            .data("canCancel", console.can(Permissions.PROVISIONING_WRITE))
            .data("csrf", console.getCsrf())
            .render(),
        200);
  }

  /** The panel alone: the polling fallback (htmx stops polling once the job has ended). */
  @GET
  @Path("/{id}/panel")
  public Response panel(@PathParam("id") String id) {
    console.requireRead(Permissions.JOBS_READ);
    JobPanel job = read(ConsoleRefusal.idOrNotFound(id, "job"));
    return LivePanels.polled(render(job), job.finished());
  }

  /**
   * The panel as Server-Sent Events: {@code job} events with the panel's HTML at once and on every
   * change the bus reports, then {@code done} when the job has ended.
   */
  @GET
  @Path("/{id}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
    console.requireRead(Permissions.JOBS_READ);
    UUID jobId = ConsoleRefusal.idOrNotFound(id, "job");
    read(jobId);
    boolean canCancel = console.can(Permissions.PROVISIONING_WRITE);
    String csrf = console.getCsrf();
    return watchers
        .watch(jobId, JobPanel.class, this::read, JobPanel::finished)
        .onItem()
        .transformToMultiAndConcatenate(
            job -> LivePanels.events(sse, "job", render(job, canCancel, csrf), job.finished()));
  }

  @POST
  @Path("/{id}/cancel")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response cancel(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.PROVISIONING_WRITE);
    UUID jobId = ConsoleRefusal.idOrNotFound(id, "job");
    JobPanel job = read(jobId);
    if (!job.kind().equals(ProvisioningKind.NAME)) {
      throw new ConsoleRefusal(409, "Only a provisioning job can be cancelled here.");
    }
    try {
      provisioning.cancel(jobId);
      audit.record(
          "provisioning.cancel", "provisioning_job", jobId, AuditOutcome.SUCCESS, Map.of());
    } catch (StoreplaneException refused) {
      throw audit.refused("provisioning.cancel", "provisioning_job", jobId, refused);
    }
    return Response.seeOther(URI.create("/console/jobs/" + jobId)).build();
  }

  /**
   * Retries a failed provisioning job: a new job for the same store and database type with the
   * saved connection, as {@code POST /api/v1/provision} without {@code config} does; the answer is
   * the new job's page.
   */
  @POST
  @Path("/{id}/retry")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response retry(@PathParam("id") String id, @FormParam("csrf") String csrf) {
    console.admitPost(csrf, Permissions.PROVISIONING_WRITE);
    UUID jobId = ConsoleRefusal.idOrNotFound(id, "job");
    JobPanel job = read(jobId);
    if (!job.retryable()) {
      throw new ConsoleRefusal(409, "Only a failed provisioning job can be retried.");
    }
    UUID storeId = UUID.fromString(job.storeId());
    Store store =
        stores
            .find(storeId)
            .orElseThrow(() -> new ConsoleRefusal(404, "There is no store with this id."));
    if (store.databaseType == null) {
      throw new ConsoleRefusal(409, "The store has no database type to provision.");
    }
    JobRecord retried;
    try {
      retried =
          provisioning.enqueue(storeId, store.databaseType, Optional.empty(), Optional.empty());
    } catch (StoreplaneException refused) {
      throw audit.refused("provisioning.start", "store", storeId, refused);
    }
    audit.record(
        "provisioning.start",
        "store",
        storeId,
        AuditOutcome.SUCCESS,
        Map.of(
            "jobId",
            retried.id().toString(),
            "databaseType",
            store.databaseType.wireName(),
            "retryOf",
            jobId.toString()));
    return Response.seeOther(URI.create("/console/jobs/" + retried.id())).build();
  }

  private JobPanel read(UUID jobId) {
    JobView job =
        jobs.view(jobId)
            .orElseThrow(() -> new ConsoleRefusal(404, "There is no job with this id."));
    return JobPanel.of(job.job(), job.steps(), job.job().kind().equals(ProvisioningKind.NAME));
  }

  private String render(JobPanel job) {
    return render(job, console.can(Permissions.PROVISIONING_WRITE), console.getCsrf());
  }

  private String render(JobPanel job, boolean canCancel, String csrf) {
    return panel.data("job", job).data("canCancel", canCancel).data("csrf", csrf).render();
  }
}
