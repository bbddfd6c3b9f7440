package io.storeplane.api.problem;

import io.storeplane.billing.BillingError;
import io.storeplane.bus.BusError;
import io.storeplane.clientschema.ClientSchemaError;
import io.storeplane.error.ErrorCode;
import io.storeplane.fleet.FleetError;
import io.storeplane.jobs.JobError;
import io.storeplane.master.MasterError;
import io.storeplane.master.secret.SecretError;
import io.storeplane.provisioning.ProvisioningError;
import io.storeplane.provisioning.guard.DenyRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every problem the API can answer with: each code once, with its status and title. The OpenAPI
 * document lists these types ({@code ContractFilter}) and docs/api.md describes each (a test keeps
 * both in step with this list). A new module enum of codes is added to {@link #MODULE_CODES}; a
 * test scanning the classpath fails until it is.
 */
public final class ProblemCatalogue {

  /**
   * Every module's enum of codes (ErrorCodesTest checks this list against the enums it maps and a
   * scan of the classpath; docs/api.md's "Problem types" lists their codes by status).
   */
  public static final List<Class<? extends ErrorCode>> MODULE_CODES =
      List.of(
          MasterError.class,
          SecretError.class,
          ClientSchemaError.class,
          ProvisioningError.class,
          DenyRule.class,
          JobError.class,
          BusError.class,
          BillingError.class,
          FleetError.class);

  private static final List<Entry> ENTRIES = build();

  private ProblemCatalogue() {}

  /**
   * One problem type.
   *
   * @param code the stable code, e.g. {@code slug-taken}
   * @param status the HTTP status it is answered with
   * @param title the problem's title
   */
  public record Entry(String code, int status, String title) {

    /** The problem's {@code type}: {@code urn:storeplane:problem:<code>}. */
    public String type() {
      return ProblemType.uri(code);
    }
  }

  /** Every problem type, ordered by status then code. */
  public static List<Entry> entries() {
    return ENTRIES;
  }

  private static List<Entry> build() {
    Map<String, Entry> byCode = new LinkedHashMap<>();
    for (ProblemType type : ProblemType.values()) {
      if (type.answeredUnderOwnCode()) {
        add(byCode, new Entry(type.code(), type.status(), type.title()));
      }
    }
    for (Class<? extends ErrorCode> codes : MODULE_CODES) {
      for (ErrorCode code : codes.getEnumConstants()) {
        ProblemType type = ProblemType.of(code.kind());
        add(byCode, new Entry(code.code(), type.status(), type.title()));
      }
    }
    List<Entry> entries = new ArrayList<>(byCode.values());
    entries.sort(Comparator.comparingInt(Entry::status).thenComparing(Entry::code));
    return Collections.unmodifiableList(entries);
  }

  /** A code two modules share (store-not-found) must mean the same status in both. */
  private static void add(Map<String, Entry> byCode, Entry entry) {
    Entry known = byCode.putIfAbsent(entry.code(), entry);
    if (known != null && known.status() != entry.status()) {
      throw new IllegalStateException(
          "Problem code "
              + entry.code()
              + " has two statuses: "
              + known.status()
              + " and "
              + entry.status());
    }
  }
}
