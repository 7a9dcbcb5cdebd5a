package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest heights of a {@link StateStore} held in memory above the flat tables, as geth's
 * snapshot tree holds diff layers above its disk layer: the flat tables and the history rows hold
 * the state at {@link #flatHeight()}, and each layer the diff of one height above it, up to the
 * head. Every layer's diff is also stored (it is written with its commit), so the layers are a
 * cache of what the store holds and are read back on open.
 *
 * <p>For the head's reads, every key a layer changed keeps its versions, one per layer that changed
 * it, each naming its layer, whose sequence number is never reused. A version counts only while
 * its layer is live, which one array of the live layers' numbers tells, so a rollback within the
 * layers only drops layers: its cost is the number of heights undone, not of their changes. A
 * key's chain is cut below a layer's version when that layer is flushed to the flat tables (each
 * layer lists the newer versions that point at its own), so the chain of a key changed at every
 * height never holds more versions than there are layers, and neither staging nor flushing walks
 * it. Keys left with no live version, and the versions of dropped layers, are removed a bounded
 * number at a time by later pushes.
 *
 * <p>Thread safety: {@link #account} and {@link #slot} may be called from any thread at any time
 * (they read an immutable snapshot of the live layers, and version chains whose only change, a cut
 * below a flushed layer's version, sends a reader to the flat tables, which hold that value or a
 * newer one by then); every other method runs under the state store's writer lock or its
 * visibility lock, so never beside a mutator ({@link #slotsOf} also on the tasks a commit waits
 * for while it holds the writer lock).
 * The mutators run under the writer lock: {@link #stage} on another thread while the commit's
 * batches are written (what it adds does not count yet, so readers may go on), {@link #publish}
 * and the others under the visibility write lock too, once the height's batch has landed.
 */
final class DiffLayers {

  /** The most account and slot changes the layers hold together: ~250 MB at ~400 bytes each. */
  private static final long MAX_CHANGES = 600_000;
  /** Versions of dropped layers removed per push: a few heights' worth. */
  private static final int CLEANUP_PER_PUSH = 16_384;

  /** Orders slot changes by address, then slot. */
  private static final Comparator<StateDiff.SlotChange> BY_ADDRESS_AND_SLOT =
      Comparator.comparing(StateDiff.SlotChange::address).thenComparing(StateDiff.SlotChange::slot);

  /**
   * A key's value after {@code layer}, and the key's older versions: each key's versions are a
   * chain, newest first, and a change makes a new head (one object), so a reader needs no lock.
   * The live versions of a chain are contiguous: only versions of dropped or abandoned layers come
   * before them, which a new head passes over, and the versions of flushed layers are cut off below.
   */
  private static final class Version<T> {
    final Layer layer;
    final T value;
    /**
     * The next older version; set to null, once, when that version's layer is flushed. A head read
     * racing with the cut may see either: they answer alike, since the flat tables and their caches
     * already hold the flushed values. Reads of older heights hold the visibility read lock, and
     * the cut happens under its write lock.
     */
    volatile Version<T> older;

    Version(Layer layer, T value, Version<T> older) {
      this.layer = layer;
      this.value = value;
      this.older = older;
    }
  }

  /**
   * One height's diff and its layer's sequence number; {@code slots} are the diff's slot changes
   * in address order (the diff's own list, as commits write them ordered).
   */
  static final class Layer {
    private final long seq;
    private final long height;
    private final StateDiff diff;
    private final List<StateDiff.SlotChange> slots;
    /**
     * The versions of later layers whose older version is one of this layer's: their link is cut
     * when this layer is flushed. Added to by {@link #stage} and read by {@link #flushedOldest},
     * both under the store's writer lock.
     */
    private final List<Version<?>> successors = new ArrayList<>();

    private Layer(long seq, StateDiff diff, List<StateDiff.SlotChange> slots) {
      this.seq = seq;
      this.height = diff.height();
      this.diff = diff;
      this.slots = slots;
    }

    static Layer of(long seq, StateDiff diff) {
      List<StateDiff.SlotChange> slots = diff.slots();
      for (int i = 1; i < slots.size(); i++) {
        if (BY_ADDRESS_AND_SLOT.compare(slots.get(i - 1), slots.get(i)) > 0) {
          List<StateDiff.SlotChange> sorted = new ArrayList<>(slots);
          sorted.sort(BY_ADDRESS_AND_SLOT);
          slots = sorted;
          break;
        }
      }
      return new Layer(seq, diff, slots);
    }

    long seq() {
      return seq;
    }

    StateDiff diff() {
      return diff;
    }

    /** This height's changes to the slots of {@code address}. */
    List<StateDiff.SlotChange> slotsOf(Address address) {
      int low = 0;
      int high = slots.size();
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (slots.get(mid).address().compareTo(address) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      int end = low;
      while (end < slots.size() && slots.get(end).address().equals(address)) {
        end++;
      }
      return slots.subList(low, end);
    }

    long height() {
      return height;
    }

    long changes() {
      return diff.accounts().size() + diff.slots().size();
    }
  }

  /** The flat height and the sequence numbers of the live layers above it, in height order. Immutable. */
  private record Live(long flatHeight, long[] seqs) {
    boolean holds(Version<?> version) {
      Layer layer = version.layer;
      long index = layer.height - flatHeight - 1;
      return index >= 0 && index < seqs.length && seqs[(int) index] == layer.seq;
    }

    Live with(long seq) {
      long[] more = Arrays.copyOf(seqs, seqs.length + 1);
      more[seqs.length] = seq;
      return new Live(flatHeight, more);
    }
  }

  /** Live layers, ascending heights, flatHeight + 1 up to the head. */
  private final ArrayDeque<Layer> layers = new ArrayDeque<>();
  /** Layers dropped by rollbacks or flushed to the flat tables whose versions are still to be removed. */
  private final ArrayDeque<Layer> dropped = new ArrayDeque<>();
  private final ConcurrentHashMap<LayerKey, Version<Optional<Account>>> accounts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<LayerKey, Version<Hash>> slots = new ConcurrentHashMap<>();
  private volatile Live live;
  private long nextSeq;
  /** Account and slot changes held in the live layers. */
  private long changes;

  DiffLayers(long flatHeight) {
    live = new Live(flatHeight, new long[0]);
  }

  /** The height the flat tables and history rows hold; -1 if nothing is written there. */
  long flatHeight() {
    return live.flatHeight();
  }

  /** The head's value of {@code address} if a live layer changed it, else {@code null}: read the flat table. */
  Optional<Account> account(Address address) {
    return newest(accounts.get(LayerKey.of(address)));
  }

  /** The head's value of a slot if a live layer changed it, else {@code null}: read the flat table. */
  Hash slot(Address address, Hash slot) {
    return newest(slots.get(LayerKey.of(address, slot)));
  }

  private <T> T newest(Version<T> versions) {
    Live current = live;
    for (Version<T> version = versions; version != null; version = version.older) {
      if (current.holds(version)) {
        return version.value;
      }
    }
    return null;
  }

  /** The head's value of every slot of {@code address} a live layer changed ({@link Hash#ZERO}: unset). */
  Map<Hash, Hash> slotsOf(Address address) {
    Map<Hash, Hash> out = new HashMap<>();
    for (Layer layer : layers) {
      for (StateDiff.SlotChange change : layer.slotsOf(address)) {
        out.put(change.slot(), change.after());
      }
    }
    return out;
  }

  /**
   * The value of {@code address} at {@code height} (at or above the flat height) if a live layer at
   * or below {@code height} changed it, else {@code null}: then it is the flat table's.
   */
  Optional<Account> accountAt(Address address, long height) {
    return at(accounts.get(LayerKey.of(address)), height);
  }

  /** As {@link #accountAt}, for a slot. */
  Hash slotAt(Address address, Hash slot, long height) {
    return at(slots.get(LayerKey.of(address, slot)), height);
  }

  private <T> T at(Version<T> versions, long height) {
    Live current = live;
    for (Version<T> version = versions; version != null; version = version.older) {
      if (version.layer.height <= height && current.holds(version)) {
        return version.value;
      }
    }
    return null;
  }

  /** Adds the newest height's diff, and removes some versions of dropped layers. */
  void push(StateDiff diff) {
    publish(stage(diff));
  }

  /**
   * Adds the versions of {@code diff}, the next height's, without making them count (their layer is
   * not live, so reads pass over them), and removes some versions of dropped layers. The layer
   * becomes the newest with {@link #publish} once its batch landed, or is dropped with
   * {@link #abandon} if the batch failed. Changes nothing a read sees, so it may run on another
   * thread while the batches are written, with no other method of this class running meanwhile
   * but the reads.
   */
  Layer stage(StateDiff diff) {
    // First: the cleanup removes versions that are not live, as this layer's are not until published.
    removeDroppedVersions(CLEANUP_PER_PUSH);
    Layer layer = Layer.of(nextSeq++, diff);
    for (StateDiff.AccountChange change : diff.accounts()) {
      accounts.compute(LayerKey.of(change.address()), (a, versions) -> appended(versions, layer, change.after()));
    }
    for (StateDiff.SlotChange change : diff.slots()) {
      slots.compute(LayerKey.of(change.address(), change.slot()), (k, versions) -> appended(versions, layer, change.after()));
    }
    return layer;
  }

  /** Makes {@code layer}, from {@link #stage}, the newest live layer: its versions count from now. */
  void publish(Layer layer) {
    layers.addLast(layer);
    changes += layer.changes();
    live = live.with(layer.seq());
  }

  /** Drops {@code layer}, from {@link #stage}, whose batch failed: its versions are removed by later stages. */
  void abandon(Layer layer) {
    dropped.addLast(layer);
  }

  private <T> Version<T> appended(Version<T> versions, Layer layer, T value) {
    Version<T> older = firstLive(versions);
    Version<T> version = new Version<>(layer, value, older);
    if (older != null) {
      older.layer.successors.add(version);
    }
    return version;
  }

  /** The chain from its newest live version on (only dropped or abandoned layers' come before it); null if none is live. */
  private <T> Version<T> firstLive(Version<T> versions) {
    Live current = live;
    Version<T> version = versions;
    while (version != null && !current.holds(version)) {
      version = version.older;
    }
    return version;
  }

  /** Removes the versions before the first live one of the key's chain, and the key if none is live. */
  private <T> void forget(ConcurrentHashMap<LayerKey, Version<T>> map, LayerKey key) {
    Version<T> versions = map.get(key);
    if (versions != null && !live.holds(versions)) {
      map.computeIfPresent(key, (k, chain) -> firstLive(chain));
    }
  }

  /** Removes the versions of dropped layers' keys, about {@code budget} keys' worth. */
  private void removeDroppedVersions(int budget) {
    int done = 0;
    while (done < budget && !dropped.isEmpty()) {
      Layer layer = dropped.removeFirst();
      forgetVersions(layer);
      done += (int) layer.changes();
    }
  }

  /**
   * The diffs to flush, oldest first, when {@code next} becomes the newest layer: the oldest while
   * more than {@code depth} layers or more than {@link #MAX_CHANGES} changes would be held (so a
   * height larger than that, a genesis for one, is written straight through, {@code next} included).
   */
  List<StateDiff> toFlush(StateDiff next, int depth) {
    List<StateDiff> all = new ArrayList<>(layers.size() + 1);
    for (Layer layer : layers) {
      all.add(layer.diff());
    }
    all.add(next);
    long held = changes + next.accounts().size() + next.slots().size();
    int flushed = 0;
    while (flushed < all.size() && (all.size() - flushed > depth || held > MAX_CHANGES)) {
      StateDiff diff = all.get(flushed);
      held -= diff.accounts().size() + diff.slots().size();
      flushed++;
    }
    return all.subList(0, flushed);
  }

  /**
   * Forgets the oldest layer once its batch has written it to the flat tables (and the caller's
   * caches of flat rows hold its values): the flat height moves to it, and its keys are read from
   * the flat tables again unless a newer layer changed them. Its versions stop counting at once,
   * and are cut from the chains of the keys a newer layer changed. The keys it changed last are
   * removed by the next stage, as a dropped layer's are, on the thread that stages the next layer
   * while its batch is written instead of on the committing thread; a larger layer's (a genesis)
   * are removed here, so that they never wait for the next commit.
   */
  void flushedOldest() {
    Layer oldest = layers.removeFirst();
    changes -= oldest.changes();
    Live current = live;
    live = new Live(oldest.height(), Arrays.copyOfRange(current.seqs(), 1, current.seqs().length));
    for (Version<?> successor : oldest.successors) {
      successor.older = null;
    }
    oldest.successors.clear();
    if (oldest.changes() > CLEANUP_PER_PUSH) {
      forgetVersions(oldest);
    } else {
      dropped.addLast(oldest);
    }
  }

  /** Keys with versions held, live or awaiting removal; for tests. */
  long keysHeld() {
    return accounts.size() + slots.size();
  }

  /** Versions held in the chains of every key, live or awaiting removal; for tests. */
  long versionsHeld() {
    long held = 0;
    for (ConcurrentHashMap<LayerKey, ? extends Version<?>> map : List.of(accounts, slots)) {
      for (Version<?> versions : map.values()) {
        for (Version<?> version = versions; version != null; version = version.older) {
          held++;
        }
      }
    }
    return held;
  }

  /** Removes the versions no live layer holds from the keys {@code layer} changed. */
  private void forgetVersions(Layer layer) {
    for (StateDiff.AccountChange change : layer.diff().accounts()) {
      forget(accounts, LayerKey.of(change.address()));
    }
    for (StateDiff.SlotChange change : layer.diff().slots()) {
      forget(slots, LayerKey.of(change.address(), change.slot()));
    }
  }

  /**
   * Drops the live layers above {@code target} (at or above the flat height): their versions stop
   * counting at once, and are removed by later pushes.
   */
  void dropAbove(long target) {
    while (!layers.isEmpty() && layers.peekLast().height() > target) {
      Layer layer = layers.removeLast();
      changes -= layer.changes();
      dropped.addLast(layer);
    }
    Live current = live;
    live = new Live(current.flatHeight(), Arrays.copyOf(current.seqs(), layers.size()));
  }

  /** Drops every layer after a rollback below the flat height rewrote the flat tables up to {@code height}. */
  void reset(long height) {
    live = new Live(height, new long[0]);
    layers.clear();
    dropped.clear();
    changes = 0;
    accounts.clear();
    slots.clear();
  }

  int size() {
    return layers.size();
  }
}
