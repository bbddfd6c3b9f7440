package io.storeplane.api.problem;

import io.storeplane.error.StoreplaneException;
import io.storeplane.master.MasterDataException;
import io.storeplane.master.MasterError;
import java.util.UUID;
import java.util.function.Supplier;

/** Ids in paths. A path id that is not a UUID names nothing: 404, like any other unknown id. */
public final class Ids {

  private Ids() {}

  /**
   * Parses a path id.
   *
   * @param notFound the code to answer with when it is not a UUID
   * @param noun what the id names, for the message
   */
  public static UUID parse(String id, MasterError notFound, String noun) {
    return parse(
        id, () -> new MasterDataException(notFound, "There is no " + noun + " with this id."));
  }

  /**
   * Parses a path id, answering a malformed one with the same failure as an unknown one.
   *
   * @param notFound the module's not-found failure for what the id names
   */
  public static UUID parse(String id, Supplier<? extends StoreplaneException> notFound) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw notFound.get();
    }
  }
}
