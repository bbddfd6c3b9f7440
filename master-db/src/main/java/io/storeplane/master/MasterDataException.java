package io.storeplane.master;

import io.storeplane.error.StoreplaneException;

/**
 * The one exception a master-data service throws for a rule it enforces. Its message is safe to
 * show to an API client: it never contains a secret.
 */
public class MasterDataException extends StoreplaneException {

  private static final long serialVersionUID = 1L;

  public MasterDataException(MasterError code, String message) {
    super(code, message, null);
  }

  @Override
  public MasterError code() {
    return (MasterError) super.code();
  }
}
