package io.luxtensor.storage.tck;

import io.luxtensor.storage.Capability;
import io.luxtensor.storage.EngineInfo;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.AfterTry;
import org.opentest4j.TestAbortedException;

/**
 * What every contract test stands on: the engine's config factory, store opening and reopening,
 * temporary directories, and clean-up of whatever a test leaves open.
 */
public abstract class ContractFixture {

  /** The column family besides {@code "default"} that every TCK store opens with. */
  protected static final String SECOND_CF = "tck_second";

  private final List<KeyValueStore> openStores = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  /**
   * A config for a store in {@code directory}: engine name and tuning, no column families (the TCK
   * adds them). Called once per store, and again with the same directory to reopen it. Persistent
   * engines keep their files there; the TCK creates the directory empty and deletes it afterwards.
   */
  protected abstract StorageConfig.Builder config(Path directory);

  /**
   * Opens a store. Engines found through {@link java.util.ServiceLoader} need not override this; an
   * engine wired by hand overrides it with {@code StorageEngines.open(provider, config)}.
   */
  protected KeyValueStore open(StorageConfig config) {
    return StorageEngines.open(config);
  }

  /** A fresh, empty store with the default and the {@link #SECOND_CF} column families. */
  protected final KeyValueStore newStore() {
    return openIn(newDirectory(), false);
  }

  /** A fresh, empty store as {@link #newStore()} opens it, with {@code tuning} applied to its config. */
  protected final KeyValueStore newStore(UnaryOperator<StorageConfig.Builder> tuning) {
    Path directory = newDirectory();
    return openTracked(tuning.apply(config(directory).columnFamilies(SECOND_CF)).build());
  }

  /** Opens the store in {@code directory} (again). */
  protected final KeyValueStore openIn(Path directory, boolean readOnly) {
    return openTracked(config(directory).columnFamilies(SECOND_CF).readOnly(readOnly).build());
  }

  /**
   * Opens the store in {@code directory} without tracking it: the caller closes it. For checks that
   * may have to abandon a store whose engine hangs, which closing after the test would wait for.
   */
  final KeyValueStore openUntracked(Path directory) {
    return open(config(directory).columnFamilies(SECOND_CF).build());
  }

  /** Opens {@code config}; the store is closed after the test. */
  private KeyValueStore openTracked(StorageConfig config) {
    KeyValueStore store = open(config);
    synchronized (openStores) {
      openStores.add(store);
    }
    return store;
  }

  /** Closes {@code store} and opens it again from its directory. */
  protected final KeyValueStore reopen(KeyValueStore store) {
    Path directory = store.config().path();
    store.close();
    return openIn(directory, false);
  }

  /** A new empty directory, deleted after the test. */
  protected final Path newDirectory() {
    try {
      Path directory = Files.createTempDirectory("tck-");
      synchronized (directories) {
        directories.add(directory);
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the calling test unless the engine declares {@code capability}. */
  protected final void assumeCapability(KeyValueStore store, Capability capability) {
    if (!store.engine().supports(capability)) {
      throw new TestAbortedException("engine " + store.engine().name() + " does not declare " + capability);
    }
  }

  /** The engine's declared facts, from a throwaway store. */
  protected final EngineInfo engineInfo() {
    try (KeyValueStore store = newStore()) {
      return store.engine();
    }
  }

  @AfterTry
  protected final void closeStoresOfTry() {
    closeOpenStores();
  }

  @AfterProperty
  protected final void cleanUp() {
    closeOpenStores();
    List<Path> toDelete;
    synchronized (directories) {
      toDelete = new ArrayList<>(directories);
      directories.clear();
    }
    toDelete.forEach(ContractFixture::deleteRecursively);
  }

  private void closeOpenStores() {
    List<KeyValueStore> toClose;
    synchronized (openStores) {
      toClose = new ArrayList<>(openStores);
      openStores.clear();
    }
    toClose.forEach(KeyValueStore::close);
  }

  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
