package io.storeplane.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  enum Sample implements ErrorCode {
    STORE_NOT_FOUND,
    SOMETHING_ELSE_42;

    @Override
    public ErrorKind kind() {
      return ErrorKind.NOT_FOUND;
    }
  }

  static final class SampleException extends StoreplaneException {
    private static final long serialVersionUID = 1L;

    SampleException(ErrorCode code, String message) {
      super(code, message, null);
    }
  }

  @Test
  void theDefaultCodeIsTheConstantsNameInLowerCaseWithDashes() {
    assertThat(Sample.STORE_NOT_FOUND.code()).isEqualTo("store-not-found");
    assertThat(Sample.SOMETHING_ELSE_42.code()).isEqualTo("something-else-42");
  }

  @Test
  void anExceptionCarriesItsCodeAndMessage() {
    SampleException e = new SampleException(Sample.STORE_NOT_FOUND, "There is no store x.");
    assertThat(e.code()).isSameAs(Sample.STORE_NOT_FOUND);
    assertThat(e).hasMessage("There is no store x.").hasNoCause();
  }

  @Test
  void anExceptionNeedsACode() {
    assertThatThrownBy(() -> new SampleException(null, "no code"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code");
  }
}
