package io.storeplane.api.contract;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts the contract check ({@link ContractValidation}) on RestAssured for every
 * {@code @QuarkusTest} (registered in META-INF/services), so no REST test can leave it out.
 */
public class ContractValidationCallback implements QuarkusTestBeforeEachCallback {

  @Override
  public void beforeEach(QuarkusTestMethodContext context) {
    var filter = ContractValidation.filter(TestHTTPResourceManager.getUri());
    if (!RestAssured.filters().contains(filter)) {
      RestAssured.filters(filter);
    }
  }
}
