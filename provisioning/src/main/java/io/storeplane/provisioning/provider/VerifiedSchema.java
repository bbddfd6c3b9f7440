package io.storeplane.provisioning.provider;

/**
 * A store schema that {@code create-database} brought in whole and already checked: a clone of the
 * server's template (migrated and checked against the manifest when the template was built, and
 * copied by one {@code CREATE DATABASE ... TEMPLATE}), or a warm-pool database (checked when the
 * pool made it). apply-schema takes it as it is instead of asking Flyway to check it again, which
 * costs more than the clone or the claim itself.
 *
 * @param version the client schema version it is at
 * @param source where it came from, for the step log (e.g. {@code the template sp_template_v3})
 */
public record VerifiedSchema(int version, String source) {}
