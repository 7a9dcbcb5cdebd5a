package io.luxtensor.storage.backup;

import static io.luxtensor.storage.backup.Fixtures.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.Isolation;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.Transaction;
import io.luxtensor.storage.TransactionConflictException;
import io.luxtensor.storage.spi.ForwardingEngine;
import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChangeLoggingEngineTest {

  @TempDir
  Path dir;

  private static final StorageConfig MEMORY = StorageConfig.builder().engine("memory").build();

  /** The memory engine with serializable transactions hidden, as a layer that does not pass them on would. */
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

  private ChangeLoggingProvider logging(StorageEngineProvider provider) {
    return new ChangeLoggingProvider(provider, dir.resolve("log"), 1 << 20);
  }

  private static List<LogRecord.Op> logged(ChangeLog log) {
    List<LogRecord.Op> ops = new ArrayList<>();
    log.read(0, Long.MAX_VALUE, record -> ops.addAll(record.operations()));
    return ops;
  }

  @Test
  void aLoggedStoreDeclaresSerializableTransactionsWhenTheEngineBeneathDoes() {
    assertThat(StorageEngines.provider("memory").capabilities()).contains(Capability.SERIALIZABLE_TRANSACTIONS);
    try (KeyValueStore store = StorageEngines.open(logging(StorageEngines.provider("memory")), MEMORY)) {
      assertThat(store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS)).isTrue();
    }
  }

  @Test
  void aLoggedStoreDoesNotDeclareSerializableTransactionsWhenTheEngineBeneathDoesNot() {
    try (KeyValueStore store = StorageEngines.open(logging(new SnapshotOnlyProvider()), MEMORY)) {
      assertThat(store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS)).isFalse();
    }
  }

  @Test
  void aSerializableCommitIsLoggedWhole() {
    ChangeLoggingProvider provider = logging(StorageEngines.provider("memory"));
    try (KeyValueStore store = StorageEngines.open(provider, MEMORY);
        Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      tx.put(store.defaultColumnFamily(), b("a"), b("1"));
      tx.delete(store.defaultColumnFamily(), b("b"));
      tx.commit();
      assertThat(logged(provider.opened())).extracting(LogRecord.Op::kind, op -> new String(op.key()))
          .containsExactly(Tuple.tuple(LogRecord.Kind.PUT, "a"),
              Tuple.tuple(LogRecord.Kind.DELETE, "b"));
    }
  }

  @Test
  void aLoggedStoreBeginsTheSerializableTransactionsItDeclares() {
    try (LoggedStore store = LoggedStore.open(MEMORY, dir.resolve("logged"));
        Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      tx.put(store.defaultColumnFamily(), b("a"), b("1"));
      tx.commit();
      assertThat(store.engine().supports(Capability.SERIALIZABLE_TRANSACTIONS)).isTrue();
      assertThat(store.get(store.defaultColumnFamily(), b("a"))).isEqualTo(b("1"));
    }
  }

  @Test
  void aSerializableCommitThatConflictsLogsNothing() {
    ChangeLoggingProvider provider = logging(StorageEngines.provider("memory"));
    try (KeyValueStore store = StorageEngines.open(provider, MEMORY);
        Transaction tx = store.beginTransaction(Isolation.SERIALIZABLE)) {
      tx.get(store.defaultColumnFamily(), b("read"));
      store.put(store.defaultColumnFamily(), b("read"), b("changed"));
      tx.put(store.defaultColumnFamily(), b("written"), b("1"));
      assertThatThrownBy(tx::commit).isInstanceOf(TransactionConflictException.class);
      assertThat(logged(provider.opened())).extracting(op -> new String(op.key())).containsExactly("read");
    }
  }
}
