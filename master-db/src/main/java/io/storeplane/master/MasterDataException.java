package io.storeplane.master;

/**
 * The one exception a master-data service throws for a rule it enforces. Its message is safe to
 * show to an API client: it never contains a secret.
 */
public class MasterDataException extends RuntimeException {

  private final ErrorCode code;

  public MasterDataException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
