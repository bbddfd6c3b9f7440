/**
 * The master database: every store, its plan and subscription, its database connection (secrets
 * encrypted), usage and billing, provisioning jobs and the audit trail.
 *
 * <p>Sub-packages are features. Each holds its Panache entities (plain JPA entities with public
 * fields, foreign keys as ids rather than associations), a repository, and where there are rules, a
 * service. Services throw {@link io.storeplane.master.MasterDataException} with a {@link
 * io.storeplane.master.MasterError} (an {@link io.storeplane.error.ErrorCode}); the secrets package
 * throws its own {@code SecretException} with a {@code SecretError}. The api module maps every code
 * to an HTTP problem in one place.
 */
package io.storeplane.master;
