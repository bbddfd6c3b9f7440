package io.storeplane.master.settings;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A platform-wide setting: a JSON value, or an encrypted secret (never both). */
@Entity
@Table(name = "platform_settings")
public class PlatformSetting {

  @Id public String key;

  @JdbcTypeCode(SqlTypes.JSON)
  public Object value;

  @Column(name = "secret_ciphertext")
  public String secretCiphertext;

  public String description;

  @Column(name = "updated_at")
  public Instant updatedAt;

  @Column(name = "updated_by")
  public String updatedBy;
}
