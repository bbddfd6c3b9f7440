package io.storeplane.api.provisioning;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.storeplane.master.secret.SecretString;
import io.storeplane.master.store.StoreConnection;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Connect a database that already exists. The password is write-only: it is encrypted into the
 * store's integration config and never returned or logged.
 *
 * @param type {@code postgresql} or {@code mysql}
 * @param host host name or address
 * @param port TCP port
 * @param database the database (schema, on MySQL) to install the store schema into
 * @param username login
 * @param password login password
 * @param ssl whether to require TLS; defaults to false
 */
@Schema(
    description =
        "A database that already exists, connected with its login. The password is write-only.")
public record ExistingDatabaseOption(
    @Schema(
            required = true,
            enumeration = {"postgresql", "mysql"},
            example = "postgresql")
        String type,
    @Schema(
            description =
                "A DNS name, a dotted-quad IPv4 address or an IPv6 address (bare or in brackets)",
            example = "db.example.com")
        @NotBlank
        @Size(max = 255)
        @HostName
        String host,
    @Schema(example = "5432") @NotNull @Min(1) @Max(65535) Integer port,
    @Schema(
            description = "The database (the schema, on MySQL) to install the store schema into",
            example = "acme")
        @NotBlank
        @Size(max = 64)
        @Pattern(
            regexp = "[A-Za-z0-9_$-]+",
            message = "may contain letters, digits, _, $ and - only")
        String database,
    @Schema(example = "acme") @NotBlank @Size(max = 128) String username,
    @NotNull @Size(max = 1024) @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String password,
    @Schema(description = "Whether to require TLS; false when left out") Boolean ssl)
    implements DatabaseOption {

  public boolean sslRequired() {
    return Boolean.TRUE.equals(ssl);
  }

  @Override
  public Optional<StoreConnection> connection() {
    return Optional.of(
        StoreConnection.existing(
            databaseType(),
            host,
            port,
            database,
            username,
            SecretString.of(password),
            sslRequired()));
  }

  @Override
  public Optional<InetSocketAddress> endpoint() {
    return Optional.of(InetSocketAddress.createUnresolved(host, port));
  }

  @Override
  public String toString() {
    return "ExistingDatabaseOption[type=%s, host=%s, port=%s, database=%s, username=%s, password=***, ssl=%s]"
        .formatted(type, host, port, database, username, ssl);
  }
}
