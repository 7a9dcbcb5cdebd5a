/**
 * The engine SPI: what an engine author implements to plug a key-value engine into LuxTensor
 * storage.
 *
 * <p>An engine is a {@link io.luxtensor.storage.spi.StorageEngineProvider} listed in
 * {@code META-INF/services/io.luxtensor.storage.spi.StorageEngineProvider}, which opens a
 * {@link io.luxtensor.storage.spi.StorageEngine}. The engine implements only the raw operations;
 * {@link io.luxtensor.storage.StorageEngines} wraps it in the one decorator that validates arguments
 * (non-empty keys within {@code maxKeySize()}, non-null values, column families of this store),
 * rejects calls after close and writes on a read-only store, keeps cursors inside their range,
 * tracks and closes iterators, snapshots and transactions, and records metrics. So the engine may
 * assume valid input, and must give:
 * <ul>
 *   <li>unsigned lexicographic key order ({@link io.luxtensor.storage.Keys#ORDER});
 *   <li>atomic batches ({@link io.luxtensor.storage.spi.EngineBatch}), failing whole on a dropped column family;
 *   <li>cursors and snapshots that see the data as of their creation;
 *   <li>native errors mapped onto {@link io.luxtensor.storage.StorageException} subclasses, the native error as cause;
 *   <li>every native resource closed exactly once.
 * </ul>
 * Hints ({@link io.luxtensor.storage.spi.StorageEngine#hint}) may be ignored, and must never change an
 * answer. The TCK ({@code storage-tck}, class {@code StorageEngineContract}) checks all of it. An engine that
 * implements transactions by buffering writes over a snapshot extends {@link
 * io.luxtensor.storage.spi.BufferedTransaction} (four methods: read the snapshot, open a cursor on it,
 * validate and apply the writes, release it), which keeps them in a {@link
 * io.luxtensor.storage.spi.TransactionWrites} laid over the snapshot's reads and cursors ({@link
 * io.luxtensor.storage.spi.OverlayCursor}) and, for {@link io.luxtensor.storage.Isolation#SERIALIZABLE},
 * records the read set ({@link io.luxtensor.storage.spi.ReadSet}) the engine validates at commit.
 *
 * <p>Shared helpers: {@link io.luxtensor.storage.spi.PrivateFiles} creates owner-only directories and
 * files; {@link io.luxtensor.storage.spi.CachingEngine} puts a coherent read cache in front of any
 * engine. {@link io.luxtensor.storage.spi.ForwardingEngine} is the base of a layer: it forwards every
 * engine call, serializable transactions, counts and warming included, through hooks for
 * transactions, snapshots, cursors and column family handles; the read cache, the change log,
 * encryption and the audit log are built on it. A {@link io.luxtensor.storage.spi.StorageLayerProvider} (encryption, audit) wraps any engine
 * when a config names its option prefix.
 *
 * <p>A minimal engine, a single-lock copy-on-write map (correct, if slow for large stores):
 * <pre>{@code
 * public final class CowProvider implements StorageEngineProvider {
 *   public String name() { return "cow"; }
 *   public int priority() { return 10; }
 *   public Set<Capability> capabilities() { return Set.of(); }
 *   public int maxKeySize() { return 1 << 16; }
 *   public StorageEngine open(StorageConfig config) { return new CowEngine(config.columnFamilies()); }
 * }
 *
 * final class CowEngine implements StorageEngine {
 *   record Cf(String name) implements EngineColumnFamily {}
 *   private volatile Map<Cf, TreeMap<byte[], byte[]>> data;  // replaced, never mutated, on write
 *
 *   CowEngine(List<String> names) {
 *     Map<Cf, TreeMap<byte[], byte[]>> m = new HashMap<>();
 *     names.forEach(n -> m.put(new Cf(n), new TreeMap<>(Keys.ORDER)));
 *     data = m;
 *   }
 *   public byte[] get(EngineColumnFamily cf, byte[] key) {
 *     byte[] v = data.get(cf).get(key);
 *     return v == null ? null : v.clone();
 *   }
 *   public synchronized void write(EngineBatch batch, WriteOptions options) {
 *     Map<Cf, TreeMap<byte[], byte[]>> next = new HashMap<>();
 *     data.forEach((cf, map) -> next.put(cf, new TreeMap<>(map)));
 *     batch.forEach(new EngineBatch.Handler() {
 *       public void put(EngineColumnFamily cf, byte[] k, byte[] v) { table(next, cf).put(k.clone(), v.clone()); }
 *       public void delete(EngineColumnFamily cf, byte[] k) { table(next, cf).remove(k); }
 *       public void deleteRange(EngineColumnFamily cf, byte[] from, byte[] to) { table(next, cf).subMap(from, to).clear(); }
 *     });
 *     data = next;                                             // one volatile write: atomic
 *   }
 *   public EngineSnapshot snapshot() { Map<Cf, TreeMap<byte[], byte[]>> frozen = data; ... }  // reads `frozen`
 *   public EngineCursor cursor(EngineColumnFamily cf, Bounds bounds) { ... }               // over data.get(cf) now
 *   // put/delete: a one-operation batch; columnFamilies, create/drop, flush, compact, stats, close
 * }
 * }</pre>
 * {@code table} throws {@link io.luxtensor.storage.UnknownColumnFamilyException} for a family that is no
 * longer in the map, which fails the batch before {@code data} changes.
 */
package io.luxtensor.storage.spi;
