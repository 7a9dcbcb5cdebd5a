package io.luxtensor.chain.snapshot;

import io.luxtensor.chain.crypto.Hash;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a state snapshot holds: the height, its state root and block hash, and its chunks in key
 * order with their ranges and SHA-256 hashes. A receiver needs only the manifest and a trusted
 * state root (compare {@link #root()} with it) to check every chunk as it arrives. Immutable,
 * thread-safe; {@link #encode()} is the wire form and {@link #id()} its SHA-256.
 *
 * @param height the committed height the snapshot shows
 * @param root the state root at that height
 * @param blockHash the block hash recorded with that height
 * @param chunks the chunks, covering the secure-trie key space in order
 */
public record SnapshotManifest(long height, Hash root, Hash blockHash, List<ChunkRange> chunks) {

  private static final int MAGIC = 0x4c58534d; // "LXSM"
  private static final int VERSION = 1;
  private static final int CHUNK_BYTES = 32 + 32 + 8 + 32 + 4;
  /** Bounds what a decoder reads before it knows the manifest is sane. */
  static final int MAX_CHUNKS = 1 << 24;

  /**
   * Checks the chunks cover the key space: indices 0..n-1, the first starting at 0x00…00, each
   * starting right after the previous one's last key, the last ending at 0xff…ff.
   *
   * @throws IllegalArgumentException if they do not, or the height is negative
   */
  public SnapshotManifest {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(blockHash, "blockHash");
    chunks = List.copyOf(chunks);
    if (height < 0) {
      throw new IllegalArgumentException("height must not be negative, got " + height);
    }
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a manifest has at least one chunk");
    }
    byte[] expected = new byte[32];
    for (int i = 0; i < chunks.size(); i++) {
      ChunkRange chunk = chunks.get(i);
      if (chunk.index() != i) {
        throw new IllegalArgumentException("chunk at position " + i + " has index " + chunk.index());
      }
      if (!Arrays.equals(chunk.first().bytes(), expected)) {
        throw new IllegalArgumentException("chunk " + i + " does not start right after chunk " + (i - 1)
            + ": the chunks must cover the key space without gaps or overlaps");
      }
      if (Arrays.compareUnsigned(chunk.first().bytes(), chunk.last().bytes()) > 0) {
        throw new IllegalArgumentException("chunk " + i + " ends before it starts");
      }
      expected = successor(chunk.last().bytes());
      if (expected == null && i != chunks.size() - 1) {
        throw new IllegalArgumentException("chunk " + i + " ends the key space but more chunks follow");
      }
    }
    if (expected != null) {
      throw new IllegalArgumentException("the last chunk does not reach the end of the key space (0xff…ff)");
    }
  }

  /** The next 32-byte key, or null after 0xff…ff. */
  static byte[] successor(byte[] key) {
    byte[] next = key.clone();
    for (int i = next.length - 1; i >= 0; i--) {
      if (++next[i] != 0) {
        return next;
      }
    }
    return null;
  }

  /** Accounts in all chunks. */
  public long accounts() {
    return chunks.stream().mapToLong(ChunkRange::accounts).sum();
  }

  /** Bytes in all chunks. */
  public long bytes() {
    return chunks.stream().mapToLong(ChunkRange::length).sum();
  }

  /** The wire form. */
  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + chunks.size() * CHUNK_BYTES);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(height);
      out.write(root.bytes());
      out.write(blockHash.bytes());
      out.writeInt(chunks.size());
      for (ChunkRange chunk : chunks) {
        out.write(chunk.first().bytes());
        out.write(chunk.last().bytes());
        out.writeLong(chunk.length());
        out.write(chunk.sha256().bytes());
        out.writeInt(chunk.accounts());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** SHA-256 of {@link #encode()}: what an interrupted import checks to resume the same snapshot. */
  public Hash id() {
    return Hash.of(sha256(encode()));
  }

  /** Writes {@link #encode()} to {@code out} (not closed). */
  public void writeTo(OutputStream out) throws IOException {
    out.write(encode());
  }

  /**
   * Reads a manifest written by {@link #writeTo} from {@code in} (not closed).
   *
   * @throws SnapshotException if the bytes are not a manifest
   */
  public static SnapshotManifest readFrom(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] head = data.readNBytes(4 + 4 + 8 + 32 + 32 + 4);
    ByteBuffer buffer = ByteBuffer.wrap(head);
    try {
      int count = header(buffer);
      byte[] body = data.readNBytes(count * CHUNK_BYTES);
      ByteBuffer all = ByteBuffer.allocate(head.length + body.length).put(head).put(body).flip();
      return decode(all);
    } catch (BufferUnderflowException e) {
      throw new SnapshotException("the manifest is truncated", e);
    }
  }

  /**
   * Decodes {@link #encode()}'s output.
   *
   * @throws SnapshotException if the bytes are not a manifest
   */
  public static SnapshotManifest decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes));
  }

  private static int header(ByteBuffer in) {
    if (in.getInt() != MAGIC) {
      throw new SnapshotException("not a snapshot manifest (bad magic)");
    }
    int version = in.getInt();
    if (version != VERSION) {
      throw new SnapshotException("snapshot manifest version " + version + " is not supported (this reads " + VERSION + ")");
    }
    in.position(in.position() + 8 + 32 + 32);
    int count = in.getInt();
    if (count <= 0 || count > MAX_CHUNKS) {
      throw new SnapshotException("snapshot manifest lists " + count + " chunks");
    }
    return count;
  }

  private static SnapshotManifest decode(ByteBuffer in) {
    try {
      int count = header(in.duplicate());
      in.position(8);
      long height = in.getLong();
      Hash root = Hash.of(bytes(in, 32));
      Hash blockHash = Hash.of(bytes(in, 32));
      in.getInt();
      List<ChunkRange> chunks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        chunks.add(new ChunkRange(i, Hash.of(bytes(in, 32)), Hash.of(bytes(in, 32)), in.getLong(), Hash.of(bytes(in, 32)),
            in.getInt()));
      }
      if (in.hasRemaining()) {
        throw new SnapshotException("the manifest has " + in.remaining() + " trailing bytes");
      }
      return new SnapshotManifest(height, root, blockHash, chunks);
    } catch (BufferUnderflowException e) {
      throw new SnapshotException("the manifest is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException("the manifest is invalid: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(ByteBuffer in, int length) {
    byte[] out = new byte[length];
    in.get(out);
    return out;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
