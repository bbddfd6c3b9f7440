package io.storeplane.provisioning;

import io.storeplane.error.FieldFailure;
import io.storeplane.error.StoreplaneException;
import java.util.List;

/**
 * The one root exception of the provisioning module: connections, jobs and providers. Its message
 * never contains a secret; where it names a pool or quotes a database driver (for logs and callers
 * of the library), the exception is built with a separate {@link #detail()} for API clients.
 */
public class ProvisioningException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public ProvisioningException(ProvisioningError code, String message) {
    super(code, message, null);
  }

  public ProvisioningException(ProvisioningError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /**
   * A failure whose message is for logs and library callers only.
   *
   * @param detail what an API client is told: no pool name, driver text or submitted value
   * @param fields the request's fields it is about
   */
  public ProvisioningException(
      ProvisioningError code,
      String message,
      String detail,
      List<FieldFailure> fields,
      Throwable cause) {
    super(code, message, detail, fields, cause);
  }

  @Override
  public ProvisioningError code() {
    return (ProvisioningError) super.code();
  }
}
