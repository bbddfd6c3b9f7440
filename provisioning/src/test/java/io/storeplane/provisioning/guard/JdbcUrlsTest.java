package io.storeplane.provisioning.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.storeplane.provisioning.guard.JdbcUrls.Endpoint;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void redactsPasswordParameters() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/shop?user=app&password=s3cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/shop?user=app&password=***&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/shop?password=s3cr3t"))
        .isEqualTo("jdbc:postgresql://db/shop?password=***");
    assertThat(
            JdbcUrls.redact(
                "jdbc:mysql://db/shop?PASSWORD=s3cr3t&trustCertificateKeyStorePassword=k3y"))
        .isEqualTo("jdbc:mysql://db/shop?PASSWORD=***&trustCertificateKeyStorePassword=***");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/shop?sslpassword=k3y&password="))
        .isEqualTo("jdbc:postgresql://db/shop?sslpassword=***&password=***");
    assertThat(JdbcUrls.redact("jdbc:sqlserver://db;user=app;password=s3cr3t;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db;user=app;password=***;encrypt=true");
    assertThat(JdbcUrls.redact("jdbc:mysql://address=(host=db)(user=app)(password=s3cr3t)/shop"))
        .isEqualTo("jdbc:mysql://address=(host=db)(user=app)(password=***)/shop");
  }

  @Test
  void redactsUserInfoPasswords() {
    assertThat(JdbcUrls.redact("jdbc:mysql://app:s3cr3t@db:3306/shop"))
        .isEqualTo("jdbc:mysql://app:***@db:3306/shop");
    assertThat(JdbcUrls.redact("jdbc:mysql://app:p@ss/w:rd@db:3306/shop?useSSL=false"))
        .isEqualTo("jdbc:mysql://app:***@db:3306/shop?useSSL=false");
    assertThat(JdbcUrls.redact("jdbc:mysql://app@db:3306/shop"))
        .isEqualTo("jdbc:mysql://app@db:3306/shop");
  }

  @Test
  void leavesUrlsWithoutSecretsAlone() {
    String url = "jdbc:postgresql://db1:5432,db2:5433/shop?user=app&targetServerType=primary";

    assertThat(JdbcUrls.redact(url)).isEqualTo(url);
    assertThat(JdbcUrls.redact(null)).isNull();
  }

  @Test
  void findsEndpoints() {
    assertThat(JdbcUrls.endpoints("jdbc:postgresql://master.internal:6432/storeplane?ssl=true"))
        .containsExactly(new Endpoint("master.internal", 6432));
    assertThat(JdbcUrls.endpoints("jdbc:postgresql://db1,db2:5433/x"))
        .containsExactly(new Endpoint("db1", 5432), new Endpoint("db2", 5433));
    assertThat(JdbcUrls.endpoints("jdbc:postgresql://[::1]:5433/x"))
        .containsExactly(new Endpoint("::1", 5433));
    assertThat(JdbcUrls.endpoints("jdbc:postgresql:storeplane"))
        .containsExactly(new Endpoint("localhost", 5432));
    assertThat(JdbcUrls.endpoints("jdbc:postgresql:///storeplane"))
        .containsExactly(new Endpoint("localhost", 5432));
    assertThat(JdbcUrls.endpoints("jdbc:mysql://app:pw@db/shop"))
        .containsExactly(new Endpoint("db", 3306));
  }

  @Test
  void rejectsUnsupportedUrlsWithoutEchoingPasswords() {
    assertThatThrownBy(() -> JdbcUrls.endpoints("jdbc:oracle:thin:@db:1521/x?password=s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> JdbcUrls.endpoints("jdbc:mysql://db:port/x?password=s3cr3t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cr3t");
  }
}
