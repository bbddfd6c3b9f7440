/**
 * The versions of the client schema: {@link io.storeplane.clientschema.version.ClientSchema} says
 * which version is current, where each dialect's Flyway migrations live, which history table Flyway
 * keeps in a store database and which manifest of required tables each version has. It sits above
 * {@code manifest} and {@code catalog}; the root package holds only the vocabulary every package
 * shares ({@code Dialect}, {@code TypeKind}, the exception and its codes).
 */
package io.storeplane.clientschema.version;
