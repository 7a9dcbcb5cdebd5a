package io.luxtensor.storage.backup;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a chunk's raw records into the bytes stored, and back: zstd compression when it helps, then
 * AES-256-GCM under the backup's data key. The nonce is the file's index and the chunk's index, unique
 * per data key since every backup has its own; the additional data binds the chunk to its backup, file
 * and position, so chunks cannot be swapped or reordered unnoticed. The cipher and the compression
 * context are made once and reused, initialised per chunk. One codec per file; not thread-safe; its
 * writer or reader closes it.
 */
final class ChunkCodec implements AutoCloseable {

  static final int FLAG_ZSTD = 1;
  static final int FLAG_AES_GCM = 2;
  private static final int TAG_BITS = 128;

  private final int zstdLevel;
  private final SecretKeySpec dataKey;
  private final int fileIndex;
  private final String aadPrefix;
  private final Cipher cipher;
  /** Reused across chunks: a context per call would set up zstd's tables each time. */
  private ZstdCompressCtx compressor;
  private ZstdDecompressCtx decompressor;
  private byte[] packed;
  private byte[] sealed;

  /**
   * @param zstdLevel 0 for no compression
   * @param dataKey the backup's data key, or {@code null} when not encrypted
   */
  ChunkCodec(int zstdLevel, byte[] dataKey, String backupId, String fileName, int fileIndex) {
    this.zstdLevel = zstdLevel;
    this.dataKey = dataKey == null ? null : new SecretKeySpec(dataKey, "AES");
    this.fileIndex = fileIndex;
    this.aadPrefix = backupId + "/" + fileName + "/";
    try {
      this.cipher = dataKey == null ? null : Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new BackupException("this Java runtime has no AES-256-GCM: " + e, e);
    }
  }

  boolean encrypts() {
    return dataKey != null;
  }

  /** A chunk's stored bytes, {@code bytes[0, length)}, valid until the codec's next call, and its flags. */
  record Stored(byte[] bytes, int length, int flags) {}

  /**
   * The stored form of {@code raw[0, length)}. Copies nothing it need not: without compression or
   * encryption the stored bytes are {@code raw} itself; otherwise they sit in buffers the codec
   * reuses, so the caller writes them out before the next call.
   */
  Stored encode(byte[] raw, int length, long chunk) {
    int flags = 0;
    byte[] body = raw;
    int bodyLength = length;
    if (zstdLevel > 0) {
      if (compressor == null) {
        compressor = new ZstdCompressCtx().setLevel(zstdLevel);
      }
      packed = ensure(packed, (int) Zstd.compressBound(length));
      int n = compressor.compressByteArray(packed, 0, packed.length, raw, 0, length);
      if (n < length) {
        body = packed;
        bodyLength = n;
        flags |= FLAG_ZSTD;
      }
    }
    if (dataKey != null) {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce(chunk)));
        cipher.updateAAD(aad(chunk));
        sealed = ensure(sealed, bodyLength + TAG_BITS / 8);
        bodyLength = cipher.doFinal(body, 0, bodyLength, sealed, 0);
        body = sealed;
      } catch (GeneralSecurityException e) {
        throw new BackupException("AES-256-GCM encryption failed: " + e, e);
      }
      flags |= FLAG_AES_GCM;
    }
    return new Stored(body, bodyLength, flags);
  }

  private static byte[] ensure(byte[] buffer, int size) {
    return buffer != null && buffer.length >= size ? buffer : new byte[size];
  }

  /** Frees the zstd contexts' native memory; idempotent. */
  @Override
  public void close() {
    if (compressor != null) {
      compressor.close();
      compressor = null;
    }
    if (decompressor != null) {
      decompressor.close();
      decompressor = null;
    }
  }

  /**
   * The raw records of a stored chunk whose checksum already passed.
   *
   * @throws BackupCorruptedException when it does not authenticate or decompress
   */
  byte[] decode(byte[] stored, int flags, int rawLength, long chunk, String where) {
    byte[] body = stored;
    if ((flags & FLAG_AES_GCM) != 0) {
      if (dataKey == null) {
        throw new BackupCorruptedException(where + " is encrypted but its manifest says the backup is not");
      }
      try {
        cipher.init(Cipher.DECRYPT_MODE, dataKey, new GCMParameterSpec(TAG_BITS, nonce(chunk)));
        cipher.updateAAD(aad(chunk));
        body = cipher.doFinal(body);
      } catch (AEADBadTagException e) {
        throw new BackupCorruptedException(where + " fails AES-GCM authentication (its checksum held, so the chunk"
            + " was replaced or moved, or the data key is wrong): restore an older backup", e);
      } catch (GeneralSecurityException e) {
        throw new BackupException("AES-256-GCM decryption failed: " + e, e);
      }
    } else if (dataKey != null) {
      throw new BackupCorruptedException(where + " is not encrypted but the backup is: the chunk was replaced");
    }
    if ((flags & FLAG_ZSTD) != 0) {
      try {
        if (decompressor == null) {
          decompressor = new ZstdDecompressCtx();
        }
        byte[] raw = new byte[rawLength];
        int n = decompressor.decompressByteArray(raw, 0, rawLength, body, 0, body.length);
        if (n != rawLength) {
          throw new BackupCorruptedException(where + " decompresses to " + n + " bytes, not " + rawLength);
        }
        return raw;
      } catch (ZstdException e) {
        throw new BackupCorruptedException(where + " does not decompress: " + e.getMessage(), e);
      }
    }
    if (body.length != rawLength) {
      throw new BackupCorruptedException(where + " holds " + body.length + " bytes, its header says " + rawLength);
    }
    return body;
  }

  private byte[] nonce(long chunk) {
    return ByteBuffer.allocate(12).putInt(fileIndex).putLong(chunk).array();
  }

  private byte[] aad(long chunk) {
    return (aadPrefix + chunk).getBytes(StandardCharsets.UTF_8);
  }
}
