/**
 * The MapDB engine ({@link io.luxtensor.storage.mapdb.MapDbEngineProvider}, name {@code "mapdb"}).
 *
 * <h2>Layout</h2>
 * One MapDB store file per store ({@code <path>/mapdb.db}), with its page checksums
 * ({@code mapdb.db.crc}) and, while it is open, its journal ({@code mapdb.db.journal}); a temporary
 * store ({@code path == null}) is a transactional MapDB memory database. Each column family is a
 * {@code BTreeMap<byte[], byte[]>} ordered unsigned
 * lexicographically ({@code UnsignedKeySerializer}), with values inside the leaf nodes (a cursor holds
 * a copy of its leaf, which stays valid whatever a concurrent writer removes; values in records of
 * their own could be freed and reused under it), named by a numeric id; the registry
 * {@code lux.families} maps family names to ids, and {@code lux.sequence} holds the last committed
 * sequence number. All three change only inside MapDB commits, so they survive reopen and crashes
 * together.
 *
 * <h2>Durability: kills, power cuts, damaged files</h2>
 * MapDB 3.1's transactional store ({@code StoreWAL}) writes its write-ahead log and then overwrites
 * the store file in place, but never replays that log at open: a process killed during that
 * overwrite leaves a store mixing two commits, and a store killed during its creation never opens
 * again. So the engine assembles the store from MapDB's parts ({@code MapDbFiles}): MapDB's log stays
 * in memory ({@code StoreVolumes}), and the store file is a {@code JournaledVolume}, which holds a
 * commit's page writes in memory, appends the full images of the changed 4 KiB pages to
 * {@code PageJournal} and fsyncs it (the commit's one fsync), then copies them into the store file;
 * an open replays the journal's whole records, in order, and ignores a record cut short. The store
 * file and checksums are fsynced at checkpoints (every 64 MiB of journal, and on close, which removes
 * the journal). Every commit is therefore durable when it returns, synced or not, and after a kill
 * (or a power cut, on a disk that honours fsync) a store holds exactly the commits that returned,
 * plus possibly the one in flight. A new store is built in {@code mapdb.db.creating/} and renamed
 * into place ({@code StoreDirectory}), so a kill during creation leaves no store, created again by the
 * next open. Each page of the store file has a CRC-32C ({@code PageChecksums}) checked the first time
 * it is read after open, and each version chain one of its own: a damaged byte is reported as
 * {@code CorruptionException}, before MapDB decodes anything from the damaged page. Compaction and the
 * clearing of a dropped family commit in bounded steps, so no commit needs memory in proportion to a
 * family.
 *
 * <h2>Writes</h2>
 * One writer at a time, under a lock: a batch (a single put or delete is a batch of one) is applied to
 * the trees as versions tagged with the next sequence number {@code s}, then {@code s} is stored and
 * {@code db.commit()} makes all of it durable atomically; only then does {@code s} become visible to
 * readers. On any failure MapDB's {@code rollback()} undoes the batch. Every commit fsyncs the
 * journal, so {@code WriteOptions.SYNC} and {@code ASYNC} both commit and are equally durable; an
 * async write costs the same fsync as a synced one. A range delete writes one
 * tombstone per live key in the range, in the same commit. A batch naming a dropped family fails with
 * {@code UnknownColumnFamilyException} before anything is applied.
 *
 * <h2>Snapshots and iterators: multi-version concurrency control</h2>
 * MapDB 3 has no snapshots of its own, and its uncommitted writes are visible to concurrent readers,
 * so every stored value is a <em>version chain</em> ({@code VersionChain}): the key's versions, newest
 * first, each with the sequence of the batch that wrote it, a delete being a tombstone version, and a
 * CRC-32C of the key and the versions, checked on every read (MapDB keeps no record checksums, so
 * this is what turns a damaged value into a {@code CorruptionException} instead of wrong data).
 * <ul>
 *   <li>A snapshot is a sequence number registered in {@code ReaderRegistry}: O(log r) in the number
 *       of distinct open reader sequences r, independent of the size of the store. A cursor registers
 *       the same way, so it sees the data as of its creation while writers continue.
 *   <li>A read at sequence {@code r} takes, from the key's chain, the newest version with sequence
 *       {@code <= r}; a tombstone or no such version means absent. Versions of a batch in progress
 *       carry a sequence above every reader's, so a reader never sees half a batch.
 *   <li>A plain {@code get} registers nothing: it reads the chain, then the committed sequence, and
 *       answers as of that sequence (the chain always holds the newest version at or below it).
 *   <li>Pruning keeps, of a key's chain, the versions newer than the last commit (a batch in
 *       progress) and, for each open reader's sequence and for the last committed one (where plain
 *       reads and new readers read), the newest version at or below it; everything else is
 *       unreachable. A tombstone with nothing older kept under it is dropped once no reader older
 *       than it is open, and a key left with nothing is removed from the tree. So a key carries at
 *       most one version per distinct open reader, plus its newest.
 *   <li>Each write prunes the chain it rewrites. An overwrite must still keep the previous version
 *       until its batch commits (concurrent plain reads need it), so the written keys that hold more
 *       than one version are queued in {@code VersionCollector} and pruned right after the commit;
 *       keys that still hold versions for an open reader wait until the <em>horizon</em> (the oldest
 *       open reader, or the last commit) passes their write, checked whenever a reader closes and at
 *       every write. The collector's pruning is committed with the next commit; if a crash loses it,
 *       the leftover versions are harmless (readers skip them) and are pruned by the next write of the
 *       key or by {@code compact}.
 *   <li>A dropped family leaves the registry at once; its tree is cleared when no reader older than
 *       the drop remains (and at the next open, if a crash came first).
 * </ul>
 * Costs against plain MapDB: 13 bytes of version header per version and a 4-byte checksum per key;
 * a CRC-32C over key and chain per read; a read-modify-write per put (to carry the previous
 * version); a second write per overwritten key when it is pruned after the commit; a version check
 * and copy per entry when scanning. Taking a snapshot costs one registry entry whatever the size of
 * the store.
 *
 * <h2>Optimistic transactions</h2>
 * A transaction ({@code MapDbTransaction}) is a registered read sequence plus a private buffer of
 * writes; its reads and cursors lay the buffer over the store as of that sequence. Commit applies the
 * buffer as one batch under the write lock, after checking that no key it writes has a version newer
 * than the read sequence, and otherwise throws {@code TransactionConflictException} having applied
 * nothing. The check is sound because a key's newest version (a tombstone included) is never pruned
 * while a reader older than it is open.
 *
 * <h2>Errors and limits</h2>
 * {@code MapDbErrors} maps MapDB's corruption errors (and MapDB failing to decode what it read: an
 * index out of bounds, a buffer underflow, one of its assertions) to {@code CorruptionException},
 * on every read and write path, cursors included; out-of-space to
 * {@code StorageFullException} and a file locked by another process to a {@code StorageException}
 * naming the file; a version chain failing its checksum or malformed is reported as corruption,
 * never returned. Keys are at most 4096 bytes. No multi-process access.
 *
 * <h2>Checkpoints, dropped families, permissions</h2>
 * A checkpoint ({@code MapDbCheckpoint}) registers a read sequence and lists the live families under
 * the write lock, then copies every family as of that sequence into a new store built like any other
 * ({@code StoreDirectory}), in commits of at most 1,024 entries or 4 MiB, while writers go on; only
 * the newest version of each key is copied and dropped families are left out, so the copy is compact.
 * A failed checkpoint removes what it wrote. MapDB frees a cleared tree's records without overwriting
 * them, so a drop alone would leave the family's keys and values in the file's free space: a drop
 * marks the store ({@code mapdb.db.scrub}), and the next close rewrites it the same way into
 * {@code mapdb.db.rewrite/} and renames the copy into place ({@code StoreRewrite}); a kill during the
 * rewrite is settled at the next open, which discards an incomplete copy or finishes the renames of a
 * complete one. The price is one copy of the live data per close after a drop. Directories the engine
 * creates are {@code 0700} and its files {@code 0600} on POSIX file systems.
 */
package io.luxtensor.storage.mapdb;
