/**
 * Security at rest for any engine: three {@linkplain io.luxtensor.storage.spi.StorageLayerProvider
 * layers} that {@link io.luxtensor.storage.StorageEngines#open} puts between the engine and the
 * argument-checking decorator when the config carries their options.
 *
 * <ul>
 *   <li>{@code encryption.*} ({@link io.luxtensor.storage.encryption.EncryptionLayerProvider}): values
 *       encrypted with AES-256-GCM, the column family and key authenticated, so a changed or moved value
 *       is reported as {@link io.luxtensor.storage.CorruptionException}. <b>Keys stay in clear</b>, so
 *       order and ranges work. Data keys are wrapped by a key file or an Argon2id passphrase and kept in
 *       a hidden reserved column family; {@link io.luxtensor.storage.encryption.EncryptionControl}
 *       rotates and re-wraps them.
 *   <li>{@code audit.*} ({@link io.luxtensor.storage.encryption.AuditLayerProvider}): a log of
 *       administrative operations and, optionally, per-family writes, never keys or values.
 *   <li>{@code security.*} ({@link io.luxtensor.storage.encryption.SecurityLayerProvider}): the
 *       permission checks at open, for unencrypted stores too.
 * </ul>
 *
 * <pre>{@code
 * EncryptedStores.generateKeyFile(keyFile);
 * try (KeyValueStore store = StorageEngines.open(StorageConfig.builder().path(dir)
 *     .option("encryption.keyFile", keyFile.toString()).option("audit.file", auditLog.toString()).build())) {
 *   store.put(store.defaultColumnFamily(), key, value);     // value encrypted, key in clear
 *   EncryptedStores.rotate(store);                          // new data key now, old values re-encrypted in the background
 * }
 * }</pre>
 */
package io.luxtensor.storage.encryption;
