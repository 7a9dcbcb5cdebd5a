package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * <p>The latest value of every key a layer changed is indexed for the head's reads, and per layer
 * for reads of older heights. A rollback to a height at or above the flat height only drops layers;
 * the flat tables are written when the oldest layer is flushed, in the batch of a later commit.
 *
 * <p>Thread safety: {@link #account} and {@link #slot} may be called from any thread at any time
 * (the head's read caches load through them); every other method runs under the state store's
 * visibility lock, the mutators under its write lock, after the batch that they mirror has landed.
 */
final class DiffLayers {

  /** A key's value as of the newest layer that changed it. */
  private record Latest<T>(long height, T value) {}

  /** One height's changes, indexed by key. */
  private record Layer(StateDiff diff, Map<Address, StateDiff.AccountChange> accounts,
      Map<StateStore.SlotKey, StateDiff.SlotChange> slots) {

    static Layer of(StateDiff diff) {
      Map<Address, StateDiff.AccountChange> accounts = new HashMap<>(diff.accounts().size() * 2);
      for (StateDiff.AccountChange change : diff.accounts()) {
        accounts.put(change.address(), change);
      }
      Map<StateStore.SlotKey, StateDiff.SlotChange> slots = new HashMap<>(diff.slots().size() * 2);
      for (StateDiff.SlotChange change : diff.slots()) {
        slots.put(new StateStore.SlotKey(change.address(), change.slot()), change);
      }
      return new Layer(diff, accounts, slots);
    }

    long height() {
      return diff.height();
    }
  }

  /** Ascending heights, flatHeight + 1 up to the head. */
  private final ArrayDeque<Layer> layers = new ArrayDeque<>();
  private final ConcurrentHashMap<Address, Latest<Optional<Account>>> accounts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Address, ConcurrentHashMap<Hash, Latest<Hash>>> slots = new ConcurrentHashMap<>();
  private volatile long flatHeight;
  /** Account and slot changes held in all layers. */
  private long changes;

  /** The most account and slot changes the layers hold together (some hundred MB of heap). */
  static final long MAX_CHANGES = 1_000_000;

  DiffLayers(long flatHeight) {
    this.flatHeight = flatHeight;
  }

  /** The height the flat tables and history rows hold; -1 if nothing is written there. */
  long flatHeight() {
    return flatHeight;
  }

  int size() {
    return layers.size();
  }

  /** The head's value of {@code address} if a layer changed it, else {@code null}: read the flat table. */
  Optional<Account> account(Address address) {
    Latest<Optional<Account>> latest = accounts.get(address);
    return latest == null ? null : latest.value();
  }

  /** The head's value of a slot if a layer changed it, else {@code null}: read the flat table. */
  Hash slot(Address address, Hash slot) {
    Map<Hash, Latest<Hash>> ofAddress = slots.get(address);
    Latest<Hash> latest = ofAddress == null ? null : ofAddress.get(slot);
    return latest == null ? null : latest.value();
  }

  /** The head's value of every slot of {@code address} a layer changed ({@link Hash#ZERO}: unset). */
  Map<Hash, Hash> slotsOf(Address address) {
    Map<Hash, Latest<Hash>> ofAddress = slots.get(address);
    if (ofAddress == null) {
      return Map.of();
    }
    Map<Hash, Hash> out = new HashMap<>();
    ofAddress.forEach((slot, latest) -> out.put(slot, latest.value()));
    return out;
  }

  /**
   * The value {@code address} had at {@code height} if a layer above {@code height} changed it
   * (the before value of the first such change), else {@code null}.
   */
  Optional<Account> accountBefore(Address address, long height) {
    for (Layer layer : layers) {
      if (layer.height() > height) {
        StateDiff.AccountChange change = layer.accounts().get(address);
        if (change != null) {
          return change.before();
        }
      }
    }
    return null;
  }

  /** As {@link #accountBefore}, for a slot. */
  Hash slotBefore(Address address, Hash slot, long height) {
    StateStore.SlotKey key = new StateStore.SlotKey(address, slot);
    for (Layer layer : layers) {
      if (layer.height() > height) {
        StateDiff.SlotChange change = layer.slots().get(key);
        if (change != null) {
          return change.before();
        }
      }
    }
    return null;
  }

  /** Adds the newest height's diff. */
  void push(StateDiff diff) {
    layers.addLast(Layer.of(diff));
    changes += changes(diff);
    long height = diff.height();
    for (StateDiff.AccountChange change : diff.accounts()) {
      accounts.put(change.address(), new Latest<>(height, change.after()));
    }
    for (StateDiff.SlotChange change : diff.slots()) {
      slots.computeIfAbsent(change.address(), a -> new ConcurrentHashMap<>())
          .put(change.slot(), new Latest<>(height, change.after()));
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
    long held = changes + changes(next);
    int flushed = 0;
    while (flushed < all.size() && (all.size() - flushed > depth || held > MAX_CHANGES)) {
      held -= changes(all.get(flushed));
      flushed++;
    }
    return all.subList(0, flushed);
  }

  private static long changes(StateDiff diff) {
    return diff.accounts().size() + diff.slots().size();
  }

  /**
   * Forgets the oldest layer once its batch has written it to the flat tables: the flat height
   * moves to it, and the keys no newer layer changed are read from the flat tables again.
   */
  void flushedOldest() {
    Layer oldest = layers.removeFirst();
    changes -= changes(oldest.diff());
    long height = oldest.height();
    flatHeight = height;
    for (Address address : oldest.accounts().keySet()) {
      accounts.computeIfPresent(address, (a, latest) -> latest.height() == height ? null : latest);
    }
    for (StateStore.SlotKey key : oldest.slots().keySet()) {
      slots.computeIfPresent(key.address(), (a, ofAddress) -> {
        ofAddress.computeIfPresent(key.slot(), (s, latest) -> latest.height() == height ? null : latest);
        return ofAddress.isEmpty() ? null : ofAddress;
      });
    }
  }

  /**
   * Drops the layers above {@code target} (at or above the flat height): each key they changed
   * answers its value at {@code target} again.
   */
  void dropAbove(long target) {
    boolean atFlat = target <= flatHeight;
    // Newest first, so that the value left for a key is the before value of its oldest dropped change:
    // its value at the target. That value is the flat row's once layer `target` is flushed (or
    // already, at the flat height), so it is tagged with the target for that flush to forget it.
    while (!layers.isEmpty() && layers.peekLast().height() > target) {
      Layer layer = layers.removeLast();
      changes -= changes(layer.diff());
      for (StateDiff.AccountChange change : layer.diff().accounts()) {
        if (atFlat) {
          accounts.remove(change.address());
        } else {
          accounts.put(change.address(), new Latest<>(target, change.before()));
        }
      }
      for (StateDiff.SlotChange change : layer.diff().slots()) {
        if (atFlat) {
          slots.computeIfPresent(change.address(), (a, ofAddress) -> {
            ofAddress.remove(change.slot());
            return ofAddress.isEmpty() ? null : ofAddress;
          });
        } else {
          slots.computeIfAbsent(change.address(), a -> new ConcurrentHashMap<>())
              .put(change.slot(), new Latest<>(target, change.before()));
        }
      }
    }
  }

  /** Drops every layer after a rollback below the flat height rewrote the flat tables up to {@code height}. */
  void reset(long height) {
    layers.clear();
    changes = 0;
    accounts.clear();
    slots.clear();
    flatHeight = height;
  }
}
