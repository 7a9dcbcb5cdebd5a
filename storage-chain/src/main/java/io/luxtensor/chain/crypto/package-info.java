/**
 * Keccak-256 (through BouncyCastle) and the chain's fixed-size byte values.
 *
 * <p>{@link io.luxtensor.chain.crypto.Hash} (32 bytes) and
 * {@link io.luxtensor.chain.crypto.Address} (20 bytes) are immutable records with defensive
 * copies, content equality, unsigned ordering and {@code 0x}-prefixed hex;
 * {@link io.luxtensor.chain.crypto.Keccak256} hashes byte arrays.
 */
package io.luxtensor.chain.crypto;
