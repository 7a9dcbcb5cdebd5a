/**
 * Ethereum Recursive Length Prefix (RLP) encoding.
 *
 * <p>{@link io.luxtensor.chain.rlp.RlpItem} is the immutable value model (a byte string or a
 * list); {@link io.luxtensor.chain.rlp.Rlp} encodes and strictly decodes it, rejecting every
 * non-canonical input with an {@link io.luxtensor.chain.rlp.RlpException} that names the
 * offset; {@link io.luxtensor.chain.rlp.RlpEncoder} writes encodings straight into a
 * pre-sized array for hot paths such as trie nodes.
 *
 * <pre>{@code
 * byte[] bytes = Rlp.encode(RlpList.of(RlpString.ofUtf8("cat"), RlpString.ofUnsigned(1024)));
 * RlpItem back = Rlp.decode(bytes); // equals the list above
 * }</pre>
 */
package io.luxtensor.chain.rlp;
