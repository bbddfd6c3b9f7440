package io.storeplane.console.session;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders a {@link ConsoleRefusal} as an HTML page in the console's frame, with its status. */
public class RefusalPage {

  private final Template refused;

  RefusalPage(@Location("console/refused.html") Template refused) {
    this.refused = refused;
  }

  @ServerExceptionMapper
  public Response map(ConsoleRefusal refusal) {
    return Response.status(refusal.status())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .header("Cache-Control", "no-store")
        .entity(
            refused.data("status", refusal.status()).data("message", refusal.getMessage()).render())
        .build();
  }
}
