package io.luxtensor.chain.block;

import io.luxtensor.chain.crypto.Hash;

/**
 * A canonical log and where it was emitted: block, height, transaction and the log's index
 * among all logs of the block (as {@code eth_getLogs} numbers them). Immutable.
 */
public record LogEntry(Log log, Hash blockHash, long height, Hash transactionHash, int transactionIndex,
    int logIndex) {}
