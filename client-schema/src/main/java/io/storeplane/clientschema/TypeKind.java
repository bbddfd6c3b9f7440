package io.storeplane.clientschema;

/**
 * A column type in words both dialects share. The manifest states columns in these kinds; the
 * catalog inspector maps each engine's native types onto them.
 */
public enum TypeKind {
  /** PostgreSQL {@code uuid}; MySQL {@code CHAR(36)} in the ascii character set. */
  UUID,
  /** A bounded string: {@code VARCHAR(n)} (or {@code CHAR(n)} other than a UUID) in both. */
  STRING,
  /** Unbounded text: PostgreSQL {@code text}; MySQL {@code TEXT}, {@code MEDIUMTEXT}, ... */
  TEXT,
  /** A 32-bit integer. */
  INTEGER,
  /** A 64-bit integer. */
  BIGINT,
  /** An exact number: PostgreSQL {@code numeric(p,s)}; MySQL {@code DECIMAL(p,s)}. */
  DECIMAL,
  /** PostgreSQL {@code boolean}; MySQL {@code TINYINT(1)} (what {@code BOOLEAN} becomes). */
  BOOLEAN,
  /** An instant: PostgreSQL {@code timestamptz}; MySQL {@code DATETIME} holding UTC. */
  TIMESTAMP,
  /** A calendar date. */
  DATE,
  /** PostgreSQL {@code jsonb}; MySQL {@code JSON} (MariaDB: LONGTEXT with a json_valid check). */
  JSON,
  /** Anything else; such a column never matches a manifest column. */
  OTHER
}
