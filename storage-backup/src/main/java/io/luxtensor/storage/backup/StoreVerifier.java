package io.luxtensor.storage.backup;

import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.KvIterator;
import io.luxtensor.storage.Snapshot;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.StorageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a live store through the API: opening it runs the engine's own checks (RocksDB's paranoid
 * checks, LMDB's page check, MapDB's page checksums), and a full read of every column family from one
 * snapshot makes the engine check every block, page or value checksum it keeps. Damage is reported per
 * family, never returned as data. Stateless.
 */
public final class StoreVerifier {

  private StoreVerifier() {}

  /** Count and SHA-256 of one family's entries (the same figure on every engine for the same content). */
  public record FamilyDigest(String name, long count, String sha256) {}

  /** Opens the store of {@code config} and verifies it; a store that does not open is reported, not thrown. */
  public static VerifyReport verify(StorageConfig config) {
    String subject = String.valueOf(config.path());
    KeyValueStore store;
    try {
      store = StorageEngines.open(config);
    } catch (StorageException e) {
      return new VerifyReport(List.of(subject), List.of(new VerifyReport.Problem(subject, null,
          "the store does not open: " + e.getMessage())), true);
    }
    try (store) {
      return verify(store);
    }
  }

  /** Reads every column family of {@code store} through; each family that fails is a problem. */
  public static VerifyReport verify(KeyValueStore store) {
    String subject = String.valueOf(store.config().path());
    List<String> checked = new ArrayList<>();
    List<VerifyReport.Problem> problems = new ArrayList<>();
    List<ColumnFamily> families;
    Snapshot snapshot;
    try {
      families = store.columnFamilies();
      snapshot = store.snapshot();
    } catch (StorageException e) {
      return new VerifyReport(List.of(subject), List.of(new VerifyReport.Problem(subject, null, e.getMessage())), true);
    }
    try (snapshot) {
      for (ColumnFamily cf : families) {
        checked.add(cf.name());
        try {
          digest(snapshot, cf);
        } catch (StorageException e) {
          problems.add(new VerifyReport.Problem(subject, cf.name(), e.getMessage()));
        }
      }
    }
    return new VerifyReport(checked, problems, true);
  }

  /** Every family's digest, from one snapshot. */
  public static List<FamilyDigest> digests(KeyValueStore store) {
    List<FamilyDigest> out = new ArrayList<>();
    try (Snapshot snapshot = store.snapshot()) {
      for (ColumnFamily cf : store.columnFamilies()) {
        out.add(digest(snapshot, cf));
      }
    }
    return out;
  }

  private static FamilyDigest digest(Snapshot snapshot, ColumnFamily cf) {
    StateDigest d = new StateDigest();
    try (KvIterator it = snapshot.iterator(cf, KeyRange.all())) {
      for (; it.isValid(); it.next()) {
        d.add(it.key(), it.value());
      }
    }
    return new FamilyDigest(cf.name(), d.count(), d.finish());
  }
}
