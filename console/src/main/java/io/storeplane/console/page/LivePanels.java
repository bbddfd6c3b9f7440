package io.storeplane.console.page;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * How a page that stays live answers: the page and its panel as uncached HTML, the panel's polling
 * fallback (htmx stops polling once the record has ended), and the panel as Server-Sent Events (an
 * event with its HTML, then {@code done} once the record has ended, which makes the browser close
 * the stream). A job's page and a rollout's page share it, and their markup the {@code livePanel}
 * tag ({@code templates/tags/livePanel.html}); other pages' uncached HTML uses {@link #html} too.
 */
public final class LivePanels {

  /** htmx stops polling an element whose answer has this status. */
  private static final int STOP_POLLING = 286;

  private LivePanels() {}

  /** An uncached HTML answer. */
  public static Response html(String body, int status) {
    return Response.status(status)
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .entity(body)
        .build();
  }

  /** The panel for the polling fallback: 286 once {@code finished}, so htmx stops polling. */
  public static Response polled(String panel, boolean finished) {
    return html(panel, finished ? STOP_POLLING : 200);
  }

  /** The panel as an event named {@code name}, followed by {@code done} once {@code finished}. */
  public static Multi<OutboundSseEvent> events(
      Sse sse, String name, String panel, boolean finished) {
    OutboundSseEvent event = sse.newEventBuilder().name(name).data(oneLine(panel)).build();
    return finished
        ? Multi.createFrom().items(event, sse.newEventBuilder().name("done").data("done").build())
        : Multi.createFrom().item(event);
  }

  /** SSE data lines end at a newline; the panel's HTML loses nothing without them. */
  private static String oneLine(String html) {
    return html.replace("\r", "").replace('\n', ' ');
  }
}
