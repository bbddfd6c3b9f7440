package io.storeplane.provisioning;

import io.storeplane.error.StoreplaneException;

/**
 * The one root exception of the provisioning module: connections, jobs and providers. Its message
 * is safe to show to an API client; it never contains a secret.
 */
public class ProvisioningException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public ProvisioningException(ProvisioningError code, String message) {
    super(code, message, null);
  }

  public ProvisioningException(ProvisioningError code, String message, Throwable cause) {
    super(code, message, cause);
  }

  @Override
  public ProvisioningError code() {
    return (ProvisioningError) super.code();
  }
}
