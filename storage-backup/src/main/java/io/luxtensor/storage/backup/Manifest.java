package io.luxtensor.storage.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one backup holds, as its {@code manifest} file records it (format in
 * {@code docs/backup-format.md}). Immutable.
 *
 * @param formatVersion the format the backup was written in ({@link #FORMAT_VERSION} for new ones)
 * @param id the backup's id, six digits, increasing in the order backups were taken
 * @param parent the backup an incremental applies on top of, or {@code null} for a full backup
 * @param created when the snapshot was taken
 * @param sourceEngine the engine of the backed-up store (name)
 * @param sourceEngineVersion the engine's version
 * @param changeDetection how an incremental found its changes ({@link ChangeDetection#FULL} for a full one)
 * @param logId the change log the store wrote when backed up, or {@code null}
 * @param logSequence the last change-log sequence the snapshot contains, or -1 without a change log
 * @param compressionLevel zstd level of the chunks, 0 for none
 * @param encryption how the data key is wrapped, or {@code null} when not encrypted
 * @param columnFamilies the column families of the store at the snapshot, in store order
 * @param files every data and index file with its size and SHA-256, by file name
 */
public record Manifest(
    int formatVersion,
    String id,
    String parent,
    Instant created,
    String sourceEngine,
    String sourceEngineVersion,
    ChangeDetection changeDetection,
    String logId,
    long logSequence,
    int compressionLevel,
    Encryption encryption,
    List<ColumnFamilyEntry> columnFamilies,
    Map<String, FileEntry> files) {

  /** The newest format this build writes and reads. */
  public static final int FORMAT_VERSION = 1;

  public Manifest {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(sourceEngine, "sourceEngine");
    Objects.requireNonNull(sourceEngineVersion, "sourceEngineVersion");
    Objects.requireNonNull(changeDetection, "changeDetection");
    columnFamilies = List.copyOf(columnFamilies);
    files = Map.copyOf(files);
  }

  /** Whether the backup holds only the changes since {@link #parent()}. */
  public boolean isIncremental() {
    return parent != null;
  }

  public boolean isEncrypted() {
    return encryption != null;
  }

  public Optional<ColumnFamilyEntry> columnFamily(String name) {
    return columnFamilies.stream().filter(cf -> cf.name().equals(name)).findFirst();
  }

  /** This manifest with another encryption (a rekey changes nothing else). */
  Manifest withEncryption(Encryption replacement) {
    return new Manifest(formatVersion, id, parent, created, sourceEngine, sourceEngineVersion, changeDetection, logId,
        logSequence, compressionLevel, replacement, columnFamilies, files);
  }

  /** How an incremental backup found what changed since its parent. */
  public enum ChangeDetection {
    /** Not an incremental: every entry of the snapshot. */
    FULL,
    /** The keys named by the store's change log between the parent's sequence and this one. */
    CHANGE_LOG,
    /** A scan of every entry, compared with the parent's key index (key and value hash). */
    SCAN
  }

  /**
   * One column family of the backup.
   *
   * @param name the family's name
   * @param dataFile the data file holding its records
   * @param records how many records the data file holds
   * @param reset whether a restore clears the family before applying this backup's records (an
   *     incremental whose family was dropped and created again since the parent)
   * @param indexFile the key index (key, hash of value) of the family's whole state, or {@code null}
   * @param stateCount the number of entries of the whole family at the snapshot, or -1 when unknown
   * @param stateSha256 SHA-256 of the whole family's entries at the snapshot, or {@code null} when unknown
   */
  public record ColumnFamilyEntry(String name, String dataFile, long records, boolean reset, String indexFile,
      long stateCount, String stateSha256) {

    public ColumnFamilyEntry {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(dataFile, "dataFile");
    }
  }

  /** A file of the backup with its size and SHA-256 (lowercase hex). */
  public record FileEntry(long size, String sha256) {

    public FileEntry {
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * How the backup's data key is protected.
   *
   * @param kdf {@code "key-file"} (the key file is the key-encryption key) or {@code "argon2id"}
   * @param keyId identifies the key-encryption key without revealing it
   * @param salt Argon2id salt (hex), or {@code null} for a key file
   * @param memoryKib Argon2id memory, 0 for a key file
   * @param iterations Argon2id passes, 0 for a key file
   * @param parallelism Argon2id lanes, 0 for a key file
   * @param wrappedKey the data key sealed with AES-256-GCM under the key-encryption key (hex)
   */
  public record Encryption(String kdf, String keyId, String salt, int memoryKib, int iterations, int parallelism,
      String wrappedKey) {

    public Encryption {
      Objects.requireNonNull(kdf, "kdf");
      Objects.requireNonNull(keyId, "keyId");
      Objects.requireNonNull(wrappedKey, "wrappedKey");
    }
  }
}
