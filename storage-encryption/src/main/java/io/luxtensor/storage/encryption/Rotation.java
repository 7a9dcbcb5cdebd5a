package io.luxtensor.storage.encryption;

import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.UnknownColumnFamilyException;
import io.luxtensor.storage.WriteOptions;
import io.luxtensor.storage.spi.Bounds;
import io.luxtensor.storage.spi.EngineColumnFamily;
import io.luxtensor.storage.spi.EngineCursor;
import io.luxtensor.storage.spi.StorageEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The background re-encryption of a key rotation, on its own thread: passes over every column family
 * re-encrypting values that carry a retired key, in steps of at most {@code stepEntries} values. A
 * step finds candidates with a cursor (no lock), then, with writers held back, reads each candidate
 * again and rewrites it only if it still carries a retired key, so a user's newer write is never
 * overwritten. A retired key is dropped from the stored key ring after a full pass that began with no
 * transaction writing under it open: every value written before that pass began was seen by it, and
 * every later one carries the current key.
 */
final class Rotation implements Runnable {

  /** Entries a step's cursor may look at beyond its candidates, so a step stays short on a rotated range. */
  private static final int SCAN_FACTOR = 16;

  private final EncryptedEngine engine;
  private final StorageEngine inner;
  private final int stepEntries;

  Rotation(EncryptedEngine engine, StorageEngine inner, int stepEntries) {
    this.engine = engine;
    this.inner = inner;
    this.stepEntries = stepEntries;
  }

  @Override
  public void run() {
    try {
      Set<Integer> retired;
      while ((retired = engine.retiredOrEnd()) != null) {
        boolean quiet = engine.openTransactionsUnder(retired) == 0;
        if (!pass(retired)) {
          continue; // closing: retiredOrEnd ends the thread
        }
        if (quiet) {
          engine.retire(retired);
        } else {
          while (engine.openTransactionsUnder(retired) > 0 && !engine.closing()) {
            engine.pause();
          }
        }
      }
    } catch (InterruptedException e) {
      engine.rotationFailed(new IllegalStateException("the rotation thread was interrupted", e));
    } catch (RuntimeException e) {
      engine.rotationFailed(e);
    }
  }

  /** One pass over every column family; false when the store began closing. */
  private boolean pass(Set<Integer> retired) {
    for (EngineColumnFamily cf : inner.columnFamilies()) {
      if (cf.name().equals(EncryptedEngine.RESERVED_FAMILY)) {
        continue;
      }
      try {
        if (!passFamily(cf, ValueCipher.familyTag(cf.name()), retired)) {
          return false;
        }
      } catch (UnknownColumnFamilyException e) {
        // dropped while we passed over it: nothing of it is left to re-encrypt
      }
    }
    return true;
  }

  private boolean passFamily(EngineColumnFamily cf, byte[] tag, Set<Integer> retired) {
    byte[] after = null;
    while (true) {
      if (engine.closing()) {
        return false;
      }
      List<byte[]> candidates = new ArrayList<>();
      byte[] last = null;
      boolean exhausted;
      try (EngineCursor cursor = inner.cursor(cf, after == null ? Bounds.all() : Bounds.of(after, null))) {
        if (after == null) {
          cursor.seekToFirst();
        } else {
          cursor.seek(after);
          if (cursor.isValid() && Arrays.equals(cursor.key(), after)) {
            cursor.next();
          }
        }
        int scanned = 0;
        while (cursor.isValid() && candidates.size() < stepEntries && scanned < stepEntries * SCAN_FACTOR) {
          byte[] key = cursor.key();
          if (carriesRetired(cf.name(), cursor.value(), retired)) {
            candidates.add(key);
          }
          last = key;
          scanned++;
          cursor.next();
        }
        exhausted = !cursor.isValid();
      }
      if (!candidates.isEmpty()) {
        rewrite(cf, tag, candidates, retired);
      }
      if (exhausted) {
        return true;
      }
      after = last;
    }
  }

  /** Re-encrypts the candidates that still carry a retired key, with writers held back. */
  private void rewrite(EngineColumnFamily cf, byte[] tag, List<byte[]> candidates, Set<Integer> retired) {
    ValueCipher cipher = engine.cipher();
    engine.gate().writeLock().lock();
    try {
      List<byte[]> keys = new ArrayList<>(candidates.size());
      List<byte[]> values = new ArrayList<>(candidates.size());
      List<byte[]> stored = inner.multiGet(cf, candidates);
      for (int i = 0; i < candidates.size(); i++) {
        byte[] value = stored.get(i);
        if (value == null || !carriesRetired(cf.name(), value, retired)) {
          continue; // deleted or rewritten by a user since the cursor saw it
        }
        byte[] key = candidates.get(i);
        byte[] plain;
        try {
          plain = cipher.decrypt(cf.name(), tag, key, value);
        } catch (CorruptionException e) {
          engine.damagedSkipped.incrementAndGet(); // it fails to read with or without its key; leave it for repair
          continue;
        }
        keys.add(key);
        values.add(cipher.encrypt(tag, key, plain));
      }
      if (!keys.isEmpty()) {
        // Not synced: the retired key stays in the stored ring until a flush after the pass, so a lost step loses nothing.
        inner.write(EncryptedBatch.ofStoredPuts(cf, keys, values), WriteOptions.ASYNC);
        engine.reencrypted.addAndGet(keys.size());
      }
    } finally {
      engine.gate().writeLock().unlock();
    }
  }

  private boolean carriesRetired(String family, byte[] value, Set<Integer> retired) {
    try {
      return retired.contains(ValueCipher.keyId(family, value));
    } catch (CorruptionException e) {
      return false; // a damaged value fails to read whatever the rotation does
    }
  }
}
