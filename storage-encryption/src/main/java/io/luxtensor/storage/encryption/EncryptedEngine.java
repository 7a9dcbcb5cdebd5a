package io.luxtensor.storage.encryption;

import io.luxtensor.storage.ReadOnlyStoreException;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageException;
import io.luxtensor.storage.StoreClosedException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineBatch;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.EngineReader;
import io.luxtensor.storage.spi.EngineSnapshot;
import io.luxtensor.storage.spi.EngineTransaction;
import io.luxtensor.storage.spi.ForwardingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import javax.crypto.SecretKey;

/**
 * An engine whose values are encrypted (see {@link ValueCipher}); keys, order and ranges are the
 * engine's, in clear. The wrapped data keys live in a reserved column family,
 * {@value #RESERVED_FAMILY}, which {@link #columnFamilies()} hides: so they travel with every
 * checkpoint and native backup, are written atomically through the engine's own log, and need no
 * directory (the memory engine has none).
 *
 * <p>Every other call is forwarded (see {@link ForwardingEngine}) with the engine's column family
 * handles: counts and warming, which need no value, reach the engine without decrypting anything, and
 * transactions of every isolation level encrypt their writes and decrypt their reads alike (a
 * serializable one's read set is the engine transaction's, over the same keys in clear).
 *
 * <p>Writers (puts, deletes, batches, transaction commits) pass a shared gate that a rotation step
 * takes exclusively for at most {@code rotationStepEntries} values, so that a step's read and rewrite
 * of a value cannot interleave with a user's write of the same key. Thread-safe as the SPI requires;
 * owns the engine it wraps and its rotation thread, both stopped by {@link #close()}.
 */
final class EncryptedEngine extends ForwardingEngine implements EncryptionControl {

  static final String RESERVED_FAMILY = "__luxtensor_encryption";
  static final byte[] KEY_RING = "keyring".getBytes(StandardCharsets.US_ASCII);
  private static final System.Logger LOG = System.getLogger(EncryptedEngine.class.getName());

  private final StorageEngine inner;
  private final ValueCipher cipher;
  private final EncryptedReader live;
  private final StorageConfig config;
  private final EncryptionOptions options;
  private final EngineColumnFamily reserved;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final Map<Integer, AtomicInteger> openTransactions = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
  final AtomicLong reencrypted = new AtomicLong();
  final AtomicLong damagedSkipped = new AtomicLong();

  /** Guards everything below, and orders before {@link #gate}. */
  private final Object admin = new Object();
  private KeyRing ring;
  private KekSpec spec;
  private SecretKey kek;
  private boolean closed;
  private Thread rotator;
  private RuntimeException rotationFailure;

  private EncryptedEngine(StorageEngine inner, StorageConfig config, EncryptionOptions options,
      EngineColumnFamily reserved, KeyRing ring, KekSpec spec, SecretKey kek) {
    super(inner);
    this.inner = inner;
    this.cipher = new ValueCipher(ring);
    this.live = new LiveReader(inner, cipher);
    this.config = config;
    this.options = options;
    this.reserved = reserved;
    this.ring = ring;
    this.spec = spec;
    this.kek = kek;
  }

  /**
   * Unwraps the store's data keys, or creates them for a store that has none yet, and resumes a
   * pending rotation. Writes nothing unless the key ring is new.
   *
   * @throws StorageException for a wrong key, or a store with unencrypted data
   */
  static EncryptedEngine open(StorageEngine inner, StorageConfig config, EncryptionOptions options) {
    EngineColumnFamily reserved = inner.columnFamilies().stream()
        .filter(cf -> cf.name().equals(RESERVED_FAMILY)).findFirst().orElse(null);
    byte[] record = reserved == null ? null : inner.get(reserved, KEY_RING);
    KeyRing ring;
    KekSpec spec;
    SecretKey kek;
    if (record == null) {
      refuseUnencryptedData(inner, config);
      spec = KekSpec.fresh(options.source(), options.argon2());
      kek = spec.derive(options.source());
      ring = KeyRing.fresh();
      // A read-only open of an empty store (a fresh temporary one) has nothing to decrypt and can write
      // nothing: its keys live only as long as it is open.
      if (!config.readOnly()) {
        if (reserved == null) {
          reserved = inner.createColumnFamily(RESERVED_FAMILY);
        }
        inner.put(reserved, KEY_RING, KeyRingCodec.encode(ring, spec, kek), WriteOptions.SYNC);
      }
    } else {
      KeyRingCodec.Sealed sealed = KeyRingCodec.parse(record);
      spec = sealed.spec();
      kek = spec.derive(options.source());
      ring = KeyRingCodec.unwrap(sealed, kek);
    }
    EncryptedEngine engine = new EncryptedEngine(inner, config, options, reserved, ring, spec, kek);
    if (!config.readOnly() && !ring.retiredIds().isEmpty()) {
      synchronized (engine.admin) {
        engine.startRotator();
      }
    }
    return engine;
  }

  private static void refuseUnencryptedData(StorageEngine inner, StorageConfig config) {
    for (EngineColumnFamily cf : inner.columnFamilies()) {
      if (cf.name().equals(RESERVED_FAMILY)) {
        continue;
      }
      try (EngineCursor cursor = inner.cursor(cf, Bounds.all())) {
        cursor.seekToFirst();
        if (cursor.isValid()) {
          throw new StorageException("store " + where(config) + " holds data written without encryption (column"
              + " family \"" + cf.name() + "\"); the encryption layer cannot adopt it in place: copy it into a new"
              + " encrypted store (a storage-backup restore does), or open it without encryption options");
        }
      }
    }
  }

  private static String where(StorageConfig config) {
    return config.isTemporary() ? "(temporary)" : "at " + config.path();
  }

  // ---- StorageEngine ----

  @Override
  protected EngineColumnFamily delegateFamily(EngineColumnFamily cf) {
    return EncryptedColumnFamily.of(cf).inner();
  }

  @Override
  public byte[] get(EngineColumnFamily cf, byte[] key) {
    return live.get(cf, key);
  }

  @Override
  public List<byte[]> multiGet(EngineColumnFamily cf, List<byte[]> keys) {
    return live.multiGet(cf, keys);
  }

  @Override
  public List<byte[]> multiGet(List<EngineColumnFamily> families, List<byte[]> keys) {
    return live.multiGet(families, keys);
  }

  @Override
  protected EngineCursor wrapCursor(EngineColumnFamily cf, EngineCursor cursor) {
    return new EncryptedCursor(cursor, EncryptedColumnFamily.of(cf), cipher);
  }

  @Override
  public List<EngineColumnFamily> columnFamilies() {
    List<EngineColumnFamily> families = new ArrayList<>();
    for (EngineColumnFamily cf : inner.columnFamilies()) {
      if (!cf.name().equals(RESERVED_FAMILY)) {
        families.add(new EncryptedColumnFamily(cf));
      }
    }
    return families;
  }

  @Override
  public EngineColumnFamily createColumnFamily(String name) {
    if (name.equals(RESERVED_FAMILY)) {
      // A StorageException, not an IllegalArgumentException, which the decorator would report as an engine failure.
      throw new StorageException("column family name \"" + RESERVED_FAMILY
          + "\" is reserved by the encryption layer for the store's wrapped keys; choose another name");
    }
    return new EncryptedColumnFamily(inner.createColumnFamily(name));
  }

  @Override
  public void put(EngineColumnFamily cf, byte[] key, byte[] value, WriteOptions writeOptions) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    gate.readLock().lock();
    try {
      inner.put(family.inner(), key, cipher.encrypt(family.tag(), key, value), writeOptions);
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  public void delete(EngineColumnFamily cf, byte[] key, WriteOptions writeOptions) {
    EncryptedColumnFamily family = EncryptedColumnFamily.of(cf);
    underWriteGate(() -> inner.delete(family.inner(), key, writeOptions));
  }

  @Override
  public void write(EngineBatch batch, WriteOptions writeOptions) {
    underWriteGate(() -> inner.write(EncryptedBatch.of(batch, cipher, cipher.current()), writeOptions));
  }

  /** Runs a user's write while no rotation step is rewriting values. */
  void underWriteGate(Runnable write) {
    gate.readLock().lock();
    try {
      write.run();
    } finally {
      gate.readLock().unlock();
    }
  }

  @Override
  protected EngineSnapshot wrapSnapshot(EngineSnapshot snapshot) {
    return new EncryptedSnapshot(snapshot, cipher);
  }

  /** Encrypts the writes of a transaction of any isolation under the data key current now. */
  @Override
  protected EngineTransaction wrapTransaction(EngineTransaction transaction) {
    DataKey key;
    gate.readLock().lock();
    try {
      // Counted before the key can change, so a rotation sees every transaction writing under a retired key.
      key = cipher.current();
      openTransactions.computeIfAbsent(key.id(), id -> new AtomicInteger()).incrementAndGet();
    } finally {
      gate.readLock().unlock();
    }
    return new EncryptedTransaction(transaction, this, cipher, key);
  }

  void transactionClosed(EncryptedTransaction transaction) {
    openTransactions.get(transaction.key().id()).decrementAndGet();
  }

  /** How many open transactions write under one of {@code ids}. */
  int openTransactionsUnder(Set<Integer> ids) {
    int sum = 0;
    for (int id : ids) {
      AtomicInteger count = openTransactions.get(id);
      sum += count == null ? 0 : count.get();
    }
    return sum;
  }

  /** The engine's checkpoint, then restricted to the owner: its keys are in clear. */
  @Override
  public void checkpoint(Path target) {
    inner.checkpoint(target);
    StorePermissions.restrictTree(target);
  }

  /** Stops a running rotation (it resumes at the next open), then closes the engine. */
  @Override
  public void close() {
    Thread running;
    synchronized (admin) {
      closed = true;
      running = rotator;
      admin.notifyAll();
    }
    if (running != null) {
      boolean interrupted = false;
      while (running.isAlive()) {
        try {
          running.join();
        } catch (InterruptedException e) {
          interrupted = true; // the engine cannot close under a running step; the flag is restored below
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    super.close();
  }

  // ---- EncryptionControl ----

  @Override
  public EncryptionStatus status() {
    synchronized (admin) {
      return new EncryptionStatus(ring.current().id(), List.copyOf(ring.retiredIds()), rotator != null,
          reencrypted.get(), damagedSkipped.get());
    }
  }

  @Override
  public void rotate() {
    String event;
    synchronized (admin) {
      checkUsable("rotate");
      KeyRing next = ring.withNewCurrent();
      persist(next, spec, kek);
      gate.writeLock().lock();
      try {
        cipher.use(next);
        ring = next;
      } finally {
        gate.writeLock().unlock();
      }
      rotationFailure = null;
      startRotator();
      event = "rotate newKey=" + next.current().id() + " retiredKeys=" + next.retiredIds();
    }
    listeners.forEach(listener -> listener.accept(event));
  }

  @Override
  public boolean awaitRotation(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (admin) {
      while (!ring.retiredIds().isEmpty()) {
        if (rotationFailure != null) {
          throw new StorageException("the key rotation stopped: " + rotationFailure.getMessage()
              + "; rotate() starts it again", rotationFailure);
        }
        if (closed) {
          throw new StoreClosedException("the encrypted store was closed while a rotation was pending;"
              + " it resumes when the store is opened again");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        admin.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  @Override
  public void rewrap(KeySource source) {
    String event;
    synchronized (admin) {
      checkUsable("rewrap");
      KekSpec nextSpec = KekSpec.fresh(source, options.argon2());
      SecretKey nextKek = nextSpec.derive(source);
      persist(ring, nextSpec, nextKek);
      spec = nextSpec;
      kek = nextKek;
      event = "rewrap keyEncryptionKey=" + (nextSpec.passphrase() ? "passphrase" : "keyFile");
    }
    listeners.forEach(listener -> listener.accept(event));
  }

  /** Sends each administrative event of this layer (rotate, rewrap), as one line of text, to {@code listener}. */
  void onAdministrativeEvent(Consumer<String> listener) {
    listeners.add(listener);
  }

  private void checkUsable(String operation) {
    if (closed) {
      throw new StoreClosedException("the encrypted store was closed; " + operation + " needs an open store");
    }
    if (config.readOnly()) {
      throw new ReadOnlyStoreException(operation);
    }
  }

  /** Writes the key ring durably; the caller holds {@link #admin}. */
  private void persist(KeyRing next, KekSpec nextSpec, SecretKey nextKek) {
    inner.put(reserved, KEY_RING, KeyRingCodec.encode(next, nextSpec, nextKek), WriteOptions.SYNC);
  }

  private void startRotator() {
    if (rotator == null) {
      rotator = new Thread(new Rotation(this, inner, options.rotationStepEntries()), "luxtensor-key-rotation");
      rotator.setDaemon(true);
      rotator.start();
    }
  }

  // ---- for the rotation thread ----

  ReentrantReadWriteLock gate() {
    return gate;
  }

  ValueCipher cipher() {
    return cipher;
  }

  /** Decrypting reads of the live store. */
  private static final class LiveReader extends EncryptedReader {
    private final StorageEngine inner;

    LiveReader(StorageEngine inner, ValueCipher cipher) {
      super(cipher);
      this.inner = inner;
    }

    @Override
    EngineReader innerReader() {
      return inner;
    }
  }

  /**
   * The retired key ids still to re-encrypt away from; or {@code null} when there are none or the
   * store is closing, in which case the calling rotation thread is no longer this store's rotator and
   * must end (so that a {@link #rotate()} racing with its end starts a new one).
   */
  Set<Integer> retiredOrEnd() {
    synchronized (admin) {
      Set<Integer> retired = ring.retiredIds();
      if (closed || retired.isEmpty()) {
        rotator = null;
        admin.notifyAll();
        return null;
      }
      return retired;
    }
  }

  boolean closing() {
    synchronized (admin) {
      return closed;
    }
  }

  /** Waits a little for transactions or a close, without holding anything. */
  void pause() throws InterruptedException {
    synchronized (admin) {
      if (!closed) {
        admin.wait(20);
      }
    }
  }

  /**
   * Drops {@code done} from the stored key ring: no value carries them any more. They stay known to
   * this open store's cipher, for snapshots taken before.
   */
  void retire(Set<Integer> done) {
    synchronized (admin) {
      if (closed) {
        return;
      }
      inner.flush(); // the re-encrypted values are durable before the keys they replace are gone
      Map<Integer, DataKey> keys = new java.util.TreeMap<>(ring.keys());
      keys.keySet().removeAll(done);
      KeyRing next = new KeyRing(ring.current(), keys);
      persist(next, spec, kek);
      ring = next;
      admin.notifyAll();
    }
  }

  /** The rotation thread stopped on an error; values under retired keys stay readable. */
  void rotationFailed(RuntimeException failure) {
    synchronized (admin) {
      rotator = null;
      rotationFailure = failure;
      LOG.log(System.Logger.Level.WARNING, "key rotation of store " + where(config) + " stopped: " + failure
          + "; values under retired keys stay readable; rotate() starts it again", failure);
      admin.notifyAll();
    }
  }
}
