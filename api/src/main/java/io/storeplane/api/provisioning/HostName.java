package io.storeplane.api.provisioning;

import io.storeplane.provisioning.guard.Hosts;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A database host: a DNS name, a dotted-quad IPv4 literal or an IPv6 literal (bare or in brackets),
 * as {@link Hosts#isHost(String)} decides. Null is valid (pair with {@code @NotBlank}). The message
 * names the rule, never the value.
 */
@Documented
@Constraint(validatedBy = HostName.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface HostName {

  String message() default "must be a host name, an IPv4 address or an IPv6 address";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks a value against {@link Hosts#isHost(String)}. */
  final class Validator implements ConstraintValidator<HostName, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || Hosts.isHost(value);
    }
  }
}
