/**
 * The error model every Storeplane module shares: {@link io.storeplane.error.ErrorCode} (a stable
 * code and its {@link io.storeplane.error.ErrorKind}) and the {@link
 * io.storeplane.error.StoreplaneException} root. Each module keeps its own enum of codes and its
 * own exception; the api module maps any of them to problem+json. Plain Java, no framework.
 */
package io.storeplane.error;
