package io.luxtensor.storage.postgres;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The file a store's directory holds: which schema on the server is the store, with the store's id,
 * under a CRC-32C so that a damaged file fails the open with {@link CorruptionException} instead of
 * opening another (or no) schema. The data itself lives on the server; copying the directory copies
 * this pointer, and any process with it (and the server's credentials) opens the same store.
 *
 * @param schema the store's schema
 * @param tablePrefix the prefix of its tables
 * @param storeId the id stored in the schema, checked at every open
 * @param server the server the store was created on, for people reading the file (failover changes hosts)
 */
record StoreDescriptor(String schema, String tablePrefix, String storeId, String server) {

  static final String FILE = "postgres-store.properties";
  private static final String CHECKSUM = "crc32c=";

  /** The descriptor in {@code directory}, or {@code null} when it holds none. */
  static StoreDescriptor read(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new StorageException("cannot read the postgres store descriptor " + file + ": " + e.getMessage(), e);
    }
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int sum = text.lastIndexOf("\n" + CHECKSUM);
    if (sum < 0 || !text.endsWith("\n")) {
      throw damaged(file, "it has no checksum line");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, sum + 1);
    String expected = text.substring(sum + 1 + CHECKSUM.length(), text.length() - 1);
    if (!expected.equals(HexFormat.of().toHexDigits((int) crc.getValue()))) {
      throw damaged(file, "its checksum does not match its content");
    }
    Map<String, String> fields = new HashMap<>();
    for (String line : text.substring(0, sum).split("\n")) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        fields.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    if (!"1".equals(fields.get("format")) || fields.get("schema") == null || fields.get("table_prefix") == null
        || fields.get("store_id") == null) {
      throw damaged(file, "it is not a format 1 descriptor with schema, table_prefix and store_id");
    }
    return new StoreDescriptor(fields.get("schema"), fields.get("table_prefix"), fields.get("store_id"), fields.get("server"));
  }

  private static CorruptionException damaged(Path file, String why) {
    return new CorruptionException("the postgres store descriptor " + file + " is damaged: " + why
        + "; restore it from a copy (any process's copy of the store's directory holds the same file)");
  }

  /** Writes the descriptor into {@code directory} atomically (a temporary file, fsynced, renamed, directory fsynced). */
  void write(Path directory) {
    StringBuilder text = new StringBuilder()
        .append("# LuxTensor postgres store: the data lives in the schema below on a PostgreSQL server. Do not edit.\n")
        .append("format=1\n")
        .append("server=").append(server).append('\n')
        .append("schema=").append(schema).append('\n')
        .append("table_prefix=").append(tablePrefix).append('\n')
        .append("store_id=").append(storeId).append('\n');
    byte[] body = text.toString().getBytes(StandardCharsets.ISO_8859_1);
    CRC32C crc = new CRC32C();
    crc.update(body);
    byte[] bytes = (text + CHECKSUM + HexFormat.of().toHexDigits((int) crc.getValue()) + "\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = directory.resolve(FILE);
    Path temporary = directory.resolve(FILE + ".tmp");
    try {
      Files.createDirectories(directory);
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        channel.write(java.nio.ByteBuffer.wrap(bytes));
        channel.force(true);
      }
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException e) {
        // Some file systems cannot fsync a directory; the rename is then as durable as they make it.
      }
    } catch (IOException e) {
      throw new StorageException("cannot write the postgres store descriptor " + file + ": " + e.getMessage()
          + "; check that the directory is writable", e);
    }
  }
}
