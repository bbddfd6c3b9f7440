package io.storeplane.api.problem;

import static org.assertj.core.api.Assertions.assertThat;

import io.storeplane.master.MasterError;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/**
 * Which failures reaching the HTTP layer are the master not answering (issue 15, finding 4): the
 * forms {@code MasterOutageIT} cannot provoke on demand, such as Agroal's acquisition timeout, and
 * those that must not count. The refused and silent master end to end are {@code MasterOutageIT}.
 */
class MasterOutagesTest {

  private final MasterOutages outages = new MasterOutages(Clock.systemUTC());

  @Test
  void aConnectionFailureDeepInTheCauseChainIsTheMasterDown() {
    RuntimeException hibernate =
        new RuntimeException(
            "could not prepare statement",
            new SQLException("Connection to 127.0.0.1:5432 refused.", "08001"));

    assertThat(outages.of(new IllegalStateException("wrapped", hibernate)))
        .hasValueSatisfying(
            e -> {
              assertThat(e.code()).isEqualTo(MasterError.MASTER_DATABASE_UNAVAILABLE);
              assertThat(e.detail()).doesNotContain("127.0.0.1").doesNotContain("refused");
            });
  }

  @Test
  void agroalGivingUpOnAcquisitionIsTheMasterDown() {
    SQLException timeout = new SQLException("Sorry, acquisition timeout!");
    timeout.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("io.agroal.pool.ConnectionPool", "getConnection", null, 1)
        });

    assertThat(outages.of(new RuntimeException(timeout))).isPresent();
    assertThat(outages.of(new SQLTransientConnectionException("pool"))).isPresent();
  }

  @Test
  void aStatementTheMasterRefusedIsNotAnOutage() {
    assertThat(outages.of(new RuntimeException(new SQLException("duplicate key", "23505"))))
        .isEmpty();
    assertThat(outages.of(new SQLException("no state, not from the pool"))).isEmpty();
    assertThat(outages.of(new IllegalStateException("a bug"))).isEmpty();
  }
}
