package io.luxtensor.storage.encryption;

import static io.luxtensor.storage.encryption.Stores.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.spi.ForwardingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encryption and audit layers pass serializable transactions on: a store opened with them
 * declares {@link Capability#SERIALIZABLE_TRANSACTIONS} exactly when the engine beneath honours it,
 * and its serializable transactions are encrypted, decrypted and audited like snapshot ones.
 */
class SerializableLayersTest {

  private static final String SECRET = "serializable-secret-value";

  @TempDir
  Path tmp;

  /** The memory engine with serializable transactions hidden, as an engine or layer that does not pass them on. */
  private static final class SnapshotOnlyProvider implements StorageEngineProvider {
    private final StorageEngineProvider memory = StorageEngines.provider("memory");

    @Override
    public String name() {
      return memory.name();
    }

    @Override
    public int priority() {
      return memory.priority();
    }

    @Override
    public Set<Capability> capabilities() {
      return memory.capabilities();
    }

    @Override
    public int maxKeySize() {
      return memory.maxKeySize();
    }

    @Override
    public StorageEngine open(StorageConfig config) {
      return new ForwardingEngine(memory.open(config)) {
        @Override
        public boolean supports(Isolation isolation) {
          return isolation == Isolation.SNAPSHOT;
        }
      };
    }
  }

  private StorageConfig.Builder audited(StorageConfig.Builder config) {
    return config.option("audit.file", tmp.resolve("audit.log").toString()).option("audit.writes", "*");
  }

  private static boolean declaresSerializable(StorageEngineProvider provider, StorageConfig config) {
    try (KeyValueStore store = StorageEngines.open(provider, config)) {
      return store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS);
    }
  }

  @Test
  void anEncryptedStoreDeclaresSerializableTransactionsOnEitherEngineThatDoes() {
    assertThat(declaresSerializable(StorageEngines.provider("memory"), Stores.encryptedMemory().build())).isTrue();
    assertThat(declaresSerializable(StorageEngines.provider("rocksdb"), Stores.encryptedRocks(tmp.resolve("r"), 1).build()))
        .isTrue();
  }

  @Test
  void anEncryptedStoreDoesNotDeclareSerializableTransactionsWhenTheEngineBeneathDoesNot() {
    assertThat(declaresSerializable(new SnapshotOnlyProvider(), Stores.encryptedMemory().build())).isFalse();
  }

  @Test
  void anAuditedStoreDeclaresSerializableTransactionsWhenTheEngineBeneathDoes() {
    assertThat(declaresSerializable(StorageEngines.provider("memory"),
        audited(StorageConfig.builder().engine("memory")).build())).isTrue();
  }

  @Test
  void anAuditedStoreDoesNotDeclareSerializableTransactionsWhenTheEngineBeneathDoesNot() {
    assertThat(declaresSerializable(new SnapshotOnlyProvider(), audited(StorageConfig.builder().engine("memory")).build()))
        .isFalse();
  }

  @Test
  void aSerializableTransactionsValuesAreEncryptedAtRestAndReadInClear() {
    Path dir = tmp.resolve("store");
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedRocks(dir, 1).build())) {
      try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
        tx.put(store.defaultColumnFamily(), bytes("k"), bytes(SECRET));
        assertThat(Stores.text(tx.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo(SECRET);
        tx.commit();
      }
      assertThat(Stores.text(store.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo(SECRET);
      try (Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
        assertThat(Stores.text(tx.get(store.defaultColumnFamily(), bytes("k")))).isEqualTo(SECRET);
        assertThat(tx.count(store.defaultColumnFamily(), KeyRange.all())).isEqualTo(1);
      }
    }
    try (KeyValueStore raw = StorageEngines.open(Stores.rocks(dir).build())) {
      byte[] stored = raw.get(raw.defaultColumnFamily(), bytes("k"));
      assertThat(stored).hasSize(SECRET.length() + ValueCipher.OVERHEAD);
      assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
    }
  }

  @Test
  void aSerializableTransactionThroughTheEncryptionLayerConflictsOnAKeyItReadThatChanged() {
    try (KeyValueStore store = StorageEngines.open(Stores.encryptedMemory().build());
        Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      tx.get(store.defaultColumnFamily(), bytes("read"));
      store.put(store.defaultColumnFamily(), bytes("read"), bytes("changed"));
      tx.put(store.defaultColumnFamily(), bytes("written"), bytes(SECRET));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      assertThat(store.get(store.defaultColumnFamily(), bytes("written"))).isNull();
    }
  }

  @Test
  void aSerializableCommitIsAuditedLikeASnapshotOne() throws Exception {
    Path log = tmp.resolve("audit.log");
    try (KeyValueStore store = StorageEngines.open(audited(Stores.encryptedMemory()).build())) {
      for (Isolation isolation : Isolation.values()) {
        try (Transaction tx = store.beginTransaction(isolation)) {
          tx.put(store.defaultColumnFamily(), bytes("k"), bytes("v"));
          tx.commit();
        }
      }
    }
    assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains(" commit "))
        .hasSize(Isolation.values().length)
        .allSatisfy(line -> assertThat(line).endsWith("commit cf=default puts=1 deletes=0 rangeDeletes=0 bytes=2"));
  }
}
