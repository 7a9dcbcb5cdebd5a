package io.luxtensor.storage;

/**
 * The isolation of a {@link Transaction}, chosen at {@link KeyValueStore#beginTransaction(Isolation)}.
 * Both levels read from a snapshot taken at begin, plus the transaction's own writes; they differ in
 * what makes a commit fail with {@link TransactionConflictException}.
 */
public enum Isolation {
  /**
   * Snapshot isolation: a commit fails when another commit after begin wrote a key this transaction
   * also writes (write-write conflicts). Keys only read are not checked, so two transactions that each
   * read what the other writes can both commit (write skew). Every transactional engine offers it.
   */
  SNAPSHOT,
  /**
   * Serializable: in addition, a commit fails when another commit after begin changed what this
   * transaction read, whether by a point read ({@code get}, {@code multiGet}, absent keys included) or
   * by an iterator (every key of the iterator's range counts as read, whether or not the iterator
   * reached it). Committed transactions are then equivalent to running them one at a time in their
   * commit order. A transaction that writes nothing never fails: it is serialized at its snapshot.
   * Offered by engines that declare {@link Capability#SERIALIZABLE_TRANSACTIONS}.
   */
  SERIALIZABLE
}
