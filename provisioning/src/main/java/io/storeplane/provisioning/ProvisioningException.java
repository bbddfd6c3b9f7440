package io.storeplane.provisioning;

/**
 * The one root exception of the provisioning module: connections, jobs and providers. Its message
 * is safe to show to an API client; it never contains a secret.
 */
public class ProvisioningException extends RuntimeException {

  private final ErrorCode code;

  public ProvisioningException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ProvisioningException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
