/**
 * The in-memory engine ({@code "memory"}): the engine for tests and for embedding without files.
 *
 * <p>Each column family is a {@link java.util.concurrent.ConcurrentSkipListMap} in unsigned key order
 * whose values are immutable version chains. Writers take one lock, stamp every version of a batch
 * with the next sequence number and publish it with one volatile write; readers (snapshots, cursors,
 * transactions) register the sequence they read at and see the newest version at or below it. So
 * batches are atomic, snapshots cost O(1), and cursors never see later writes. Versions are pruned
 * when no registered reader can see them.
 */
package io.luxtensor.storage.memory;
