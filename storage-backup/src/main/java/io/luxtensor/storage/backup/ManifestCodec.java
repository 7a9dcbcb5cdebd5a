package io.luxtensor.storage.backup;

import io.luxtensor.storage.backup.Manifest.ChangeDetection;
import io.luxtensor.storage.backup.Manifest.ColumnFamilyEntry;
import io.luxtensor.storage.backup.Manifest.Encryption;
import io.luxtensor.storage.backup.Manifest.FileEntry;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes and strictly parses the manifest: a UTF-8 text of {@code key=value} lines after a header line
 * {@code luxtensor-backup-manifest <version>}, closed by {@code manifest-sha256=} over every byte
 * before that line. Any unknown, duplicated, missing or malformed line fails the parse, so a damaged
 * manifest is never half-understood. Stateless and thread-safe.
 */
final class ManifestCodec {

  static final String HEADER = "luxtensor-backup-manifest";
  private static final String CHECKSUM_KEY = "manifest-sha256";
  private static final String NONE = "-";
  private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern FILE_NAME = Pattern.compile("cf-\\d{4}\\.(dat|idx)");
  private static final HexFormat HEX = HexFormat.of();

  private ManifestCodec() {}

  static byte[] encode(Manifest m) {
    StringBuilder out = new StringBuilder();
    out.append(HEADER).append(' ').append(m.formatVersion()).append('\n');
    line(out, "id", m.id());
    line(out, "parent", orNone(m.parent()));
    line(out, "created", m.created().toString());
    line(out, "source.engine", m.sourceEngine());
    line(out, "source.engine-version", escape(m.sourceEngineVersion()));
    line(out, "change-detection", m.changeDetection().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    line(out, "log.id", orNone(m.logId()));
    line(out, "log.sequence", Long.toString(m.logSequence()));
    line(out, "compression.zstd-level", Integer.toString(m.compressionLevel()));
    Encryption e = m.encryption();
    line(out, "encryption", e == null ? "none" : "aes-256-gcm");
    if (e != null) {
      line(out, "encryption.kdf", e.kdf());
      line(out, "encryption.key-id", e.keyId());
      line(out, "encryption.salt", orNone(e.salt()));
      line(out, "encryption.argon2.memory-kib", Integer.toString(e.memoryKib()));
      line(out, "encryption.argon2.iterations", Integer.toString(e.iterations()));
      line(out, "encryption.argon2.parallelism", Integer.toString(e.parallelism()));
      line(out, "encryption.wrapped-key", e.wrappedKey());
    }
    line(out, "column-families", Integer.toString(m.columnFamilies().size()));
    for (int i = 0; i < m.columnFamilies().size(); i++) {
      ColumnFamilyEntry cf = m.columnFamilies().get(i);
      String p = "cf." + i + ".";
      line(out, p + "name", escape(cf.name()));
      line(out, p + "data-file", cf.dataFile());
      line(out, p + "records", Long.toString(cf.records()));
      line(out, p + "reset", Boolean.toString(cf.reset()));
      line(out, p + "index-file", orNone(cf.indexFile()));
      line(out, p + "state-count", Long.toString(cf.stateCount()));
      line(out, p + "state-sha256", orNone(cf.stateSha256()));
    }
    List<Map.Entry<String, FileEntry>> files = new ArrayList<>(m.files().entrySet());
    files.sort(Map.Entry.comparingByKey());
    line(out, "files", Integer.toString(files.size()));
    for (int i = 0; i < files.size(); i++) {
      String p = "file." + i + ".";
      line(out, p + "name", files.get(i).getKey());
      line(out, p + "size", Long.toString(files.get(i).getValue().size()));
      line(out, p + "sha256", files.get(i).getValue().sha256());
    }
    byte[] body = out.toString().getBytes(StandardCharsets.UTF_8);
    String sum = HEX.formatHex(Hashing.sha256(body));
    byte[] tail = (CHECKSUM_KEY + "=" + sum + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[body.length + tail.length];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(tail, 0, all, body.length, tail.length);
    return all;
  }

  /**
   * Parses a manifest.
   *
   * @param where names the manifest in error messages
   * @throws UnsupportedBackupFormatException when it was written by a newer format version
   * @throws ManifestFormatException when anything else is wrong with it
   */
  static Manifest decode(byte[] bytes, String where) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw bad(where, "it is not UTF-8 text");
    }
    int firstEnd = text.indexOf('\n');
    if (firstEnd < 0) {
      throw bad(where, "it has no header line \"" + HEADER + " <version>\"");
    }
    String header = text.substring(0, firstEnd);
    if (!header.startsWith(HEADER + " ")) {
      throw bad(where, "the first line is \"" + shorten(header) + "\", not \"" + HEADER + " <version>\"");
    }
    int version = parseInt(header.substring(HEADER.length() + 1), where, "the format version");
    if (version > Manifest.FORMAT_VERSION) {
      throw new UnsupportedBackupFormatException(where + " is in backup format version " + version
          + ", newer than version " + Manifest.FORMAT_VERSION + " that this build reads: restore it with a newer"
          + " LuxTensor Storage release");
    }
    if (version < 1) {
      throw bad(where, "its format version " + version + " is not a version (the first is 1)");
    }
    int sumAt = text.lastIndexOf(CHECKSUM_KEY + "=");
    if (sumAt < 0 || !text.endsWith("\n") || text.indexOf('\n', sumAt) != text.length() - 1
        || (sumAt > 0 && text.charAt(sumAt - 1) != '\n')) {
      throw bad(where, "its last line is not \"" + CHECKSUM_KEY + "=<sha256>\" (the file is truncated or edited)");
    }
    String expected = text.substring(sumAt + CHECKSUM_KEY.length() + 1, text.length() - 1);
    byte[] body = text.substring(0, sumAt).getBytes(StandardCharsets.UTF_8);
    if (!HEX.formatHex(Hashing.sha256(body)).equals(expected)) {
      throw bad(where, "its checksum line does not match its content (a changed or damaged byte)");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String[] lines = text.substring(firstEnd + 1, sumAt).split("\n", -1);
    for (int i = 0; i < lines.length - 1; i++) {
      String l = lines[i];
      int eq = l.indexOf('=');
      if (eq <= 0) {
        throw bad(where, "line " + (i + 2) + " \"" + shorten(l) + "\" is not key=value");
      }
      if (fields.put(l.substring(0, eq), l.substring(eq + 1)) != null) {
        throw bad(where, "line " + (i + 2) + " repeats \"" + l.substring(0, eq) + "\"");
      }
    }
    Fields f = new Fields(fields, where);
    Manifest m = parse(f, version, where);
    f.requireAllUsed();
    return m;
  }

  private static Manifest parse(Fields f, int version, String where) {
    String id = f.matching("id", Backups.ID_PATTERN);
    String parent = f.optional("parent");
    if (parent != null && !Backups.ID_PATTERN.matcher(parent).matches()) {
      throw bad(where, "parent \"" + shorten(parent) + "\" is not a backup id");
    }
    Instant created;
    try {
      created = Instant.parse(f.take("created"));
    } catch (DateTimeParseException e) {
      throw bad(where, "created is not an ISO-8601 instant");
    }
    String engine = f.take("source.engine");
    String engineVersion = unescape(f.take("source.engine-version"), where);
    ChangeDetection detection;
    try {
      detection = ChangeDetection.valueOf(f.take("change-detection").toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw bad(where, "change-detection is not one of full, change-log, scan");
    }
    if ((detection == ChangeDetection.FULL) != (parent == null)) {
      throw bad(where, "change-detection " + detection + " does not fit parent " + parent);
    }
    String logId = f.optional("log.id");
    long logSequence = f.longValue("log.sequence", -1);
    int level = (int) f.longValue("compression.zstd-level", 0);
    if (level > 22) {
      throw bad(where, "compression.zstd-level " + level + " is above zstd's 22");
    }
    String encryption = f.take("encryption");
    Encryption enc = null;
    if (encryption.equals("aes-256-gcm")) {
      String kdf = f.take("encryption.kdf");
      if (!kdf.equals(KeyWrapping.KDF_KEY_FILE) && !kdf.equals(KeyWrapping.KDF_ARGON2ID)) {
        throw bad(where, "encryption.kdf \"" + shorten(kdf) + "\" is not key-file or argon2id");
      }
      enc = new Encryption(kdf, f.take("encryption.key-id"), f.optional("encryption.salt"),
          (int) f.longValue("encryption.argon2.memory-kib", 0), (int) f.longValue("encryption.argon2.iterations", 0),
          (int) f.longValue("encryption.argon2.parallelism", 0), f.take("encryption.wrapped-key"));
    } else if (!encryption.equals("none")) {
      throw bad(where, "encryption \"" + shorten(encryption) + "\" is not none or aes-256-gcm");
    }
    int cfCount = (int) f.longValue("column-families", 1);
    List<ColumnFamilyEntry> cfs = new ArrayList<>();
    for (int i = 0; i < cfCount; i++) {
      String p = "cf." + i + ".";
      String name = unescape(f.take(p + "name"), where);
      String data = f.matching(p + "data-file", FILE_NAME);
      long records = f.longValue(p + "records", 0);
      String reset = f.take(p + "reset");
      if (!reset.equals("true") && !reset.equals("false")) {
        throw bad(where, p + "reset is not true or false");
      }
      String index = f.optional(p + "index-file");
      if (index != null && !FILE_NAME.matcher(index).matches()) {
        throw bad(where, p + "index-file is not a file name");
      }
      long stateCount = f.longValue(p + "state-count", -1);
      String stateSha = f.optional(p + "state-sha256");
      if (stateSha != null && !HEX_64.matcher(stateSha).matches()) {
        throw bad(where, p + "state-sha256 is not a SHA-256");
      }
      cfs.add(new ColumnFamilyEntry(name, data, records, Boolean.parseBoolean(reset), index, stateCount, stateSha));
    }
    int fileCount = (int) f.longValue("files", 0);
    Map<String, FileEntry> files = new LinkedHashMap<>();
    for (int i = 0; i < fileCount; i++) {
      String p = "file." + i + ".";
      String name = f.matching(p + "name", FILE_NAME);
      FileEntry entry = new FileEntry(f.longValue(p + "size", 0), f.matching(p + "sha256", HEX_64));
      if (files.put(name, entry) != null) {
        throw bad(where, "file " + name + " is listed twice");
      }
    }
    for (ColumnFamilyEntry cf : cfs) {
      if (!files.containsKey(cf.dataFile()) || (cf.indexFile() != null && !files.containsKey(cf.indexFile()))) {
        throw bad(where, "column family \"" + cf.name() + "\" names a file the file list lacks");
      }
    }
    return new Manifest(version, id, parent, created, engine, engineVersion, detection, logId, logSequence, level,
        enc, cfs, files);
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(key).append('=').append(value).append('\n');
  }

  private static String orNone(String value) {
    return value == null ? NONE : value;
  }

  /** Column family names and versions may hold any character: percent-encoded, so a line stays one line. */
  private static String escape(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String unescape(String value, String where) {
    try {
      return URLDecoder.decode(value, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw bad(where, "\"" + shorten(value) + "\" is not percent-encoded");
    }
  }

  private static int parseInt(String s, String where, String what) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(where, what + " \"" + shorten(s) + "\" is not a number");
    }
  }

  private static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }

  static ManifestFormatException bad(String where, String what) {
    return new ManifestFormatException(where + " does not parse: " + what
        + "; the backup cannot be used: restore an older backup, or take a new one");
  }

  /** The fields of a manifest, each taken once; what is left over at the end is an unknown field. */
  private static final class Fields {
    private final Map<String, String> fields;
    private final String where;

    Fields(Map<String, String> fields, String where) {
      this.fields = fields;
      this.where = where;
    }

    String take(String key) {
      String value = fields.remove(key);
      if (value == null) {
        throw bad(where, "the field \"" + key + "\" is missing");
      }
      return value;
    }

    String optional(String key) {
      String value = take(key);
      return value.equals(NONE) ? null : value;
    }

    String matching(String key, Pattern pattern) {
      String value = take(key);
      if (!pattern.matcher(value).matches()) {
        throw bad(where, key + " \"" + shorten(value) + "\" is malformed");
      }
      return value;
    }

    long longValue(String key, long min) {
      String value = take(key);
      try {
        long n = Long.parseLong(value);
        if (n < min) {
          throw bad(where, key + " " + n + " is below " + min);
        }
        return n;
      } catch (NumberFormatException e) {
        throw bad(where, key + " \"" + shorten(value) + "\" is not a number");
      }
    }

    void requireAllUsed() {
      if (!fields.isEmpty()) {
        throw bad(where, "unknown field \"" + shorten(fields.keySet().iterator().next()) + "\"");
      }
    }
  }
}
