package io.luxtensor.storage.lmdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lmdbjava.DbiFlags.MDB_CREATE;
import static org.lmdbjava.EnvFlags.MDB_NOTLS;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmdbjava.ByteBufferProxy;
import org.lmdbjava.Dbi;
import org.lmdbjava.Env;
import org.lmdbjava.Txn;

/** The pool of read transactions behind live reads, iterators and snapshots: reuse, freshness, and the slots it gives back. */
class LmdbReadersTest {

  private static final int SLOTS = LmdbReaders.MAX_IDLE + 4;

  @TempDir
  Path dir;
  private Env<ByteBuffer> env;
  private LmdbReaders readers;

  @BeforeEach
  void open() {
    env = Env.create(ByteBufferProxy.PROXY_OPTIMAL).setMapSize(1 << 20).setMaxDbs(2).setMaxReaders(SLOTS)
        .open(dir.toFile(), MDB_NOTLS);
    readers = new LmdbReaders(env);
  }

  @AfterEach
  void close() {
    readers.close();
    env.close();
  }

  @Test
  void aReleasedReaderIsRenewedForTheNextAcquireAndSeesLaterCommits() {
    Dbi<ByteBuffer> dbi = env.openDbi("d", MDB_CREATE);
    LmdbReaders.Reader first = readers.acquire();
    readers.release(first);
    try (Txn<ByteBuffer> write = env.txnWrite()) {
      dbi.put(write, buffer(1), buffer(2));
      write.commit();
    }
    LmdbReaders.Reader second = readers.acquire();
    try {
      assertThat(second).isSameAs(first);
      assertThat(dbi.get(second.txn, buffer(1))).isNotNull();
    } finally {
      readers.release(second);
    }
  }

  @Test
  void readersReleasedBeyondTheIdleLimitGiveTheirSlotsBack() {
    List<LmdbReaders.Reader> all = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      all.add(readers.acquire());
    }
    assertThatThrownBy(env::txnRead).isInstanceOf(Env.ReadersFullException.class);
    all.forEach(readers::release);
    // the pool keeps MAX_IDLE slots; the four readers released past it freed theirs
    List<Txn<ByteBuffer>> others = new ArrayList<>();
    try {
      for (int i = 0; i < SLOTS - LmdbReaders.MAX_IDLE; i++) {
        others.add(env.txnRead());
      }
      assertThatThrownBy(env::txnRead).isInstanceOf(Env.ReadersFullException.class);
    } finally {
      others.forEach(Txn::close);
    }
  }

  private static ByteBuffer buffer(int b) {
    ByteBuffer buffer = ByteBuffer.allocateDirect(1);
    buffer.put((byte) b).flip();
    return buffer;
  }
}
