package io.storeplane.api.audit;

import jakarta.enterprise.context.RequestScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a resource tells the audit trail about the call it is handling: the target's id when the
 * path does not name it (a create), and a secret-free summary of what changed.
 */
@RequestScoped
public class AuditContext {

  private String targetId;
  private final Map<String, Object> details = new LinkedHashMap<>();

  /** The id of the thing acted on. */
  public AuditContext target(Object id) {
    this.targetId = String.valueOf(id);
    return this;
  }

  /** One detail; never pass a secret. */
  public AuditContext detail(String key, Object value) {
    if (value != null) {
      details.put(key, value);
    }
    return this;
  }

  String targetId() {
    return targetId;
  }

  Map<String, Object> details() {
    return details;
  }
}
