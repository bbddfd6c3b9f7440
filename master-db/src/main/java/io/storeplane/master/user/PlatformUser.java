package io.storeplane.master.user;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A person (or automation) that operates the platform. */
@Entity
@Table(name = "users")
public class PlatformUser {

  @Id public UUID id;

  public String email;

  @Column(name = "full_name")
  public String fullName;

  @Enumerated(EnumType.STRING)
  public PlatformRole role;

  @Column(name = "is_active")
  public boolean active = true;

  @Column(name = "last_login_at")
  public Instant lastLoginAt;

  @Column(name = "created_at")
  public Instant createdAt;

  @Column(name = "updated_at")
  public Instant updatedAt;
}
