/**
 * The master database: every store, its plan and subscription, its database connection (secrets
 * encrypted), usage and billing, provisioning jobs and the audit trail.
 *
 * <p>Sub-packages are features. Each holds its Panache entities (plain JPA entities with public
 * fields, foreign keys as ids rather than associations), a repository, and where there are rules, a
 * service. Services throw {@link io.storeplane.master.MasterDataException} with an {@link
 * io.storeplane.master.ErrorCode}; the api module maps codes to HTTP problems in one place.
 */
package io.storeplane.master;
