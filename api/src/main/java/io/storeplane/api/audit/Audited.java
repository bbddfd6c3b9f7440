package io.storeplane.api.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a mutating endpoint: every call to it, allowed or not, successful or not, writes an
 * audit_logs row (see {@link AuditFilter}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Audited {

  /** The action, e.g. {@code store.create}. */
  String action();

  /** The kind of target, e.g. {@code store}. */
  String target();
}
