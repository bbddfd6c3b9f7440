package io.storeplane.clientschema.catalog;

import io.storeplane.clientschema.TypeKind;
import java.util.Objects;

/**
 * A column as the database reports it.
 *
 * @param name the column name
 * @param kind the dialect-neutral kind its native type maps to
 * @param nativeType the engine's own type, e.g. {@code character varying(200)} or {@code
 *     varchar(200)}, for messages
 * @param nullable whether it accepts NULL
 * @param length the maximum length of a {@link TypeKind#STRING}, else 0
 * @param precision the precision of a {@link TypeKind#DECIMAL} or the fractional-second digits of a
 *     {@link TypeKind#TIMESTAMP}, else 0
 * @param scale the scale of a {@link TypeKind#DECIMAL}, else 0
 */
public record CatalogColumn(
    String name,
    TypeKind kind,
    String nativeType,
    boolean nullable,
    int length,
    int precision,
    int scale) {

  public CatalogColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(nativeType, "nativeType");
  }

  /**
   * The type in dialect-neutral words with the sizes that matter, e.g. {@code STRING(200)}, {@code
   * DECIMAL(19,4)}, {@code TIMESTAMP(6)}, {@code UUID}. Two dialects agree on a column when these
   * agree.
   */
  public String portableType() {
    return switch (kind) {
      case STRING -> "STRING(" + length + ")";
      case DECIMAL -> "DECIMAL(" + precision + "," + scale + ")";
      case TIMESTAMP -> "TIMESTAMP(" + precision + ")";
      case OTHER -> "OTHER(" + nativeType + ")";
      default -> kind.name();
    };
  }

  /** The portable type and nullability, e.g. {@code STRING(200) NOT NULL}. */
  public String describe() {
    return portableType() + (nullable ? " NULL" : " NOT NULL");
  }
}
