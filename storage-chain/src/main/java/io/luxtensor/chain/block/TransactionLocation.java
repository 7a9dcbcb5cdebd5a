package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;

/** A canonical transaction and where it sits: block hash, block height and index in the block. Immutable. */
public record TransactionLocation(Transaction transaction, Hash blockHash, long height, int index) {}
