package io.luxtensor.chain.state;

import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.trie.NodeSet;
import io.luxtensor.chain.trie.TrieStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The trie nodes of the heights above the newest trie written in full (the written height), one
 * {@link NodeSet} per height, oldest first, held in memory by the node store until a flush writes
 * what the flat height's trie reaches and lets the rest go. Every height's trie from the written
 * height up is complete: its nodes are held, or written with the written height's trie (a node
 * reachable at two heights is reachable at every height between, so a flush wrote it).
 *
 * <p>Changed under the state store's writer lock only; {@link #writtenHeight} is read by any thread.
 * Node sets taken out of the layers are released on {@code releaser}, in order, off the caller's
 * path (a flush or a deep rollback lets go of hundreds of thousands of nodes): releasing one only
 * counts down nodes no remaining set holds, so it may run beside anything else.
 */
final class TrieLayers {

  private record Layer(long height, NodeSet nodes) {}

  private final TrieStore store;
  private final Executor releaser;
  private final ArrayDeque<Layer> layers = new ArrayDeque<>();
  /** The releases handed to {@link #releaser}, the latest last. */
  private volatile CompletableFuture<Void> releases = CompletableFuture.completedFuture(null);
  private volatile long writtenHeight;
  private Hash writtenRoot;

  /** No held heights above {@code writtenHeight}, whose trie, at {@code writtenRoot}, is written. */
  TrieLayers(TrieStore store, Executor releaser, long writtenHeight, Hash writtenRoot) {
    this.store = store;
    this.releaser = releaser;
    this.writtenHeight = writtenHeight;
    this.writtenRoot = writtenRoot;
  }

  /** The height of the newest trie written in full (-1 for an empty store). */
  long writtenHeight() {
    return writtenHeight;
  }

  /** The root of that trie. */
  Hash writtenRoot() {
    return writtenRoot;
  }

  /** The newest held height, or the written height if none is held. */
  long topHeight() {
    Layer top = layers.peekLast();
    return top == null ? writtenHeight : top.height();
  }

  /** Holds {@code nodes}, the new nodes of {@code height}: the height above the newest held. */
  void add(long height, NodeSet nodes) {
    if (height != topHeight() + 1) {
      throw new IllegalStateException("trie nodes of height " + height + " held above height " + topHeight());
    }
    store.hold(nodes);
    layers.addLast(new Layer(height, nodes));
  }

  /** The bytes of the held node sets of heights up to {@code height}. */
  long heldBytesThrough(long height) {
    long bytes = 0;
    for (Layer layer : layers) {
      if (layer.height() > height) {
        break;
      }
      bytes += layer.nodes().bytes();
    }
    return bytes;
  }

  /**
   * Records that the trie of {@code height}, at {@code root}, is written, and lets go of the node
   * sets of it and the heights below: what the heights above still need was written with it.
   */
  void writtenThrough(long height, Hash root) {
    List<NodeSet> released = new ArrayList<>();
    while (!layers.isEmpty() && layers.peekFirst().height() <= height) {
      released.add(layers.pollFirst().nodes());
    }
    writtenRoot = root;
    writtenHeight = height;
    release(released);
  }

  /** Lets go of the node sets of the heights above {@code height} (a rollback undid them). */
  void dropAbove(long height) {
    List<NodeSet> released = new ArrayList<>();
    while (!layers.isEmpty() && layers.peekLast().height() > height) {
      released.add(layers.pollLast().nodes());
    }
    release(released);
  }

  /** Lets go of every held node set. */
  void releaseAll() {
    List<NodeSet> released = new ArrayList<>();
    while (!layers.isEmpty()) {
      released.add(layers.pollFirst().nodes());
    }
    release(released);
  }

  private void release(List<NodeSet> released) {
    if (!released.isEmpty()) {
      releases = releases.thenRunAsync(() -> released.forEach(store::release), releaser);
    }
  }

  /** Lets go of every node set of {@code replaced}, the layers these replace; {@link #awaitReleases} waits for it too. */
  void releaseReplaced(TrieLayers replaced) {
    replaced.releaseAll();
    releases = CompletableFuture.allOf(releases, replaced.releases);
  }

  /** Waits until every node set taken out so far is released. */
  void awaitReleases() {
    releases.join();
  }
}
