/**
 * Secrets at rest in the master database: AES-256-GCM with a random 96-bit nonce per value,
 * authenticated with the identity of the row that holds it, and tagged with the id of the key that
 * sealed it.
 *
 * <h2>Stored format</h2>
 *
 * <pre>v1:&lt;keyId&gt;:&lt;base64url(nonce || ciphertext || tag)&gt;</pre>
 *
 * <ul>
 *   <li>{@code v1}: the format version; a later format gets a new prefix and old values stay
 *       readable.
 *   <li>{@code keyId}: which key of the {@link io.storeplane.master.secret.KeyRing} sealed the
 *       value; matches {@code [a-z0-9-]{1,32}}.
 *   <li>the payload: a 12-byte nonce, the ciphertext and the 16-byte GCM tag, base64url without
 *       padding.
 * </ul>
 *
 * <p>The associated data is the row's identity, by convention {@code <table>:<row id>:<column>}
 * (see {@link io.storeplane.master.secret.SecretLocation}). It is not stored; the caller supplies
 * it again to decrypt, so a value copied into another row fails to decrypt. The header {@code
 * v1:<keyId>:} is authenticated together with it.
 *
 * <h2>Rotation</h2>
 *
 * Configure the new key next to the old ones and make it active: new values are sealed with it, old
 * values still open. A rotation pass then rewrites every value for which {@link
 * io.storeplane.master.secret.SecretCipher#needsRotation(String)} holds with {@link
 * io.storeplane.master.secret.SecretCipher#reencrypt(String, String)}; once no value needs rotation
 * the old key can be removed from the configuration.
 *
 * <h2>What never leaks</h2>
 *
 * Plaintexts and key material never appear in exception messages, {@code toString()} or logs.
 * {@link io.storeplane.master.secret.SecretException} messages name key ids and associated data
 * only.
 *
 * <p>{@link io.storeplane.master.secret.SecretCipher}, {@link io.storeplane.master.secret.KeyRing},
 * {@link io.storeplane.master.secret.SecretString} and {@link
 * io.storeplane.master.secret.SecretLocation} are framework-free; {@link
 * io.storeplane.master.secret.CryptoConfig} and {@link
 * io.storeplane.master.secret.SecretCipherProducer} are the Quarkus glue.
 */
package io.storeplane.master.secret;
