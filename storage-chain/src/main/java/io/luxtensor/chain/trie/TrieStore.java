package io.luxtensor.chain.trie;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Keccak256;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The node store shared by tries: node RLP kept under its Keccak-256 hash in one column
 * family, and in front of it two bounded caches: decoded nodes by count, and node encodings by
 * bytes (geth's clean cache), which also takes every node a commit writes.
 *
 * <p>Thread-safe; many {@link MerklePatriciaTrie}s, on any threads, may share one store.
 * Every load checks that the stored bytes hash to the requested key and form a valid node,
 * so a damaged store surfaces as {@link CorruptionException}, never as wrong content. The
 * caller owns the {@link KeyValueStore} and closes it after the tries that use it.
 * Nodes are content-addressed and never overwritten with different bytes, so tries at
 * different roots share their common nodes; {@link #prune} removes the ones no live root needs.
 * The column family must be dedicated to trie nodes: pruning deletes every other key in it.
 *
 * <p>Nodes may also be {@linkplain #hold held} in memory instead of written (geth's dirty nodes):
 * loads find them as if stored, until {@link #writeHeld} writes those a root still reaches and
 * {@link #release} lets the rest go. Sets may be held and released on any threads, each set once.
 */
public final class TrieStore {

  /** Number of decoded nodes cached when no size is given. */
  public static final long DEFAULT_CACHED_NODES = 100_000;
  /** Bytes of node encodings cached when no size is given (chunks are allocated as they fill). */
  public static final long DEFAULT_CACHED_ENCODING_BYTES = 64L << 20;

  private final NodeStorage storage;
  private final Cache<NodeId, Node> cache;
  /**
   * The encodings of the nodes the latest commits wrote and of nodes read outside commits, by hash,
   * oldest forgotten first. A commit rewrites every node on the paths it changes, so the live trie
   * is, node by node, what commits wrote some time ago: the next commits find here the nodes
   * written within the cache's reach and pay a decode for them, not a storage read and a hash
   * check. Kept apart from {@link #cache} so that a commit's thousands of new nodes neither evict
   * the read working set nor are refused by its frequency-based admission; kept as byte ranges in
   * a few large arrays, so that holding millions of them costs the collector nothing.
   */
  private final EncodingCache encodings;
  /** Nodes held instead of written, by hash; see {@link #hold}. */
  private final HeldNodes held = new HeldNodes();
  /** The open {@link WalkScope}, whose map takes loaded nodes instead of {@link #cache}; else null. */
  private final AtomicReference<WalkScope> scoped = new AtomicReference<>();

  /**
   * Nodes in {@code columnFamily} of {@code store}, with a cache of at most
   * {@code maxCachedNodes} decoded nodes and one of at most {@code maxCachedEncodingBytes} of node
   * encodings (whole 64 KiB chunks, allocated as they fill; at least a few chunks when not 0);
   * 0 turns either off.
   *
   * @throws IllegalArgumentException if a size is negative
   */
  public static TrieStore open(KeyValueStore store, ColumnFamily columnFamily, long maxCachedNodes,
      long maxCachedEncodingBytes) {
    return new TrieStore(new KeyValueNodeStorage(store, columnFamily), maxCachedNodes, maxCachedEncodingBytes);
  }

  /**
   * Nodes in {@code columnFamily} of {@code store}, with a cache of at most
   * {@code maxCachedNodes} decoded nodes and {@link #DEFAULT_CACHED_ENCODING_BYTES} of encodings;
   * 0 caches nothing.
   *
   * @throws IllegalArgumentException if {@code maxCachedNodes} is negative
   */
  public static TrieStore open(KeyValueStore store, ColumnFamily columnFamily, long maxCachedNodes) {
    return open(store, columnFamily, maxCachedNodes, maxCachedNodes == 0 ? 0 : DEFAULT_CACHED_ENCODING_BYTES);
  }

  /** Nodes in {@code columnFamily} of {@code store}, with {@link #DEFAULT_CACHED_NODES} cached. */
  public static TrieStore open(KeyValueStore store, ColumnFamily columnFamily) {
    return open(store, columnFamily, DEFAULT_CACHED_NODES);
  }

  TrieStore(NodeStorage storage, long maxCachedNodes, long maxCachedEncodingBytes) {
    if (maxCachedNodes < 0) {
      throw new IllegalArgumentException("node cache size must not be negative, got " + maxCachedNodes);
    }
    this.storage = storage;
    this.cache = Caffeine.newBuilder().maximumSize(maxCachedNodes).recordStats().build();
    this.encodings = new EncodingCache(maxCachedEncodingBytes);
  }

  /** Fraction of node loads served by the cache since this store was created; 1.0 before any load. */
  public double cacheHitRate() {
    return cache.stats().hitRate();
  }

  /** Approximate number of decoded nodes currently cached. */
  public long cachedNodes() {
    return cache.estimatedSize();
  }

  /** Bytes the encoding cache has allocated so far: at most its configured size, never freed. */
  public long encodingCacheBytes() {
    return encodings.allocatedBytes();
  }

  /**
   * Whether the node with {@code hash} is stored or held (the root of every committed trie is).
   * {@link MerklePatriciaTrie#EMPTY_ROOT} is always present, as it needs no node.
   */
  public boolean contains(Hash hash) {
    return held.contains(hash.bytes()) || isWritten(hash);
  }

  /**
   * Whether the node with {@code hash} is in the column family itself, not only held. A written node
   * has its whole subtree written: {@link #writeHeld} writes children before parents, and pruning
   * keeps the subtrees of what it keeps. {@link MerklePatriciaTrie#EMPTY_ROOT} always is.
   */
  public boolean isWritten(Hash hash) {
    return hash.equals(MerklePatriciaTrie.EMPTY_ROOT) || storage.get(hash.bytes()) != null;
  }

  // ---- held nodes --------------------------------------------------------------------------

  /** Nodes {@link #writeHeld} writes in one batch, children before parents across batches too. */
  static final int HELD_WRITE_BATCH = 10_000;

  /**
   * Keeps the nodes of {@code set} in memory, where loads find them as if stored, until the set is
   * {@linkplain #release released}. A node in several held sets stays until the last is released.
   *
   * @throws IllegalStateException if the set is held already
   */
  public void hold(NodeSet set) {
    if (set.held) {
      throw new IllegalStateException("the node set is held already");
    }
    set.held = true;
    held.hold(set);
  }

  /**
   * Lets go of the nodes of a {@linkplain #hold held} {@code set} that no other held set has. Loads
   * of them then read the column family: a node that was not {@linkplain #writeHeld written} is gone.
   * Releasing a set twice, or one never held, does nothing.
   */
  public void release(NodeSet set) {
    if (!set.held) {
      return;
    }
    set.held = false;
    held.release(set);
  }

  /** The encoding of the held node with {@code hash}, or null if it is not held. */
  public byte[] heldNode(Hash hash) {
    return held.get(hash.bytes());
  }

  /** How many distinct nodes are held. */
  public long heldNodes() {
    return held.nodes();
  }

  /** The bytes of the held nodes' encodings. */
  public long heldBytes() {
    return held.bytes();
  }

  /**
   * Writes every held node that one of {@code roots} reaches, following {@code leafLinks} into
   * linked tries as {@link #prune(Collection, Function)} does, and returns how many it wrote, each
   * once. The walk stops at nodes that are not held: they are written already, with their subtrees.
   * Children are written before their parents, in batches of {@link #HELD_WRITE_BATCH} one after the
   * other, so a crash midway leaves only written nodes whose subtrees are written too. The nodes stay
   * held until released; the written ones are kept in the encoding cache, as a written commit's are.
   *
   * @throws MissingNodeException if a root is neither held nor written
   */
  public long writeHeld(Collection<Hash> roots, Function<byte[], Collection<Hash>> leafLinks) {
    HeldWriter writer = new HeldWriter(leafLinks);
    for (Hash root : roots) {
      if (root.equals(MerklePatriciaTrie.EMPTY_ROOT)) {
        continue;
      }
      NodeId id = new NodeId(root.bytes());
      if (writer.visited.contains(id)) {
        continue;
      }
      byte[] rlp = held.get(id.bytes());
      if (rlp != null) {
        writer.visit(id, rlp);
      } else if (!isWritten(root)) {
        throw new MissingNodeException(root, "the root");
      }
    }
    writer.flush();
    return writer.written;
  }

  /** The walk of {@link #writeHeld}: post-order over held nodes, writing in batches as it goes. */
  private final class HeldWriter {
    private final Function<byte[], Collection<Hash>> leafLinks;
    private final Set<NodeId> visited = new HashSet<>();
    private final List<byte[]> hashes = new ArrayList<>(HELD_WRITE_BATCH);
    private final List<byte[]> rlps = new ArrayList<>(HELD_WRITE_BATCH);
    long written;

    HeldWriter(Function<byte[], Collection<Hash>> leafLinks) {
      this.leafLinks = leafLinks;
    }

    void visit(NodeId id, byte[] rlp) {
      visited.add(id);
      visitChildren(NodeCodec.decode(rlp, id.bytes()));
      hashes.add(id.bytes());
      rlps.add(rlp);
      if (hashes.size() == HELD_WRITE_BATCH) {
        flush();
      }
    }

    private void visitChildren(Node node) {
      if (node instanceof HashNode reference) {
        visitHeld(reference.id);
      } else if (node instanceof BranchNode branch) {
        for (Node child : branch.children) {
          if (child != null) {
            visitChildren(child);
          }
        }
        if (branch.value != null) {
          visitLinks(branch.value);
        }
      } else if (node instanceof ExtensionNode extension) {
        visitChildren(extension.child);
      } else if (node instanceof LeafNode leaf) {
        visitLinks(leaf.value);
      }
    }

    private void visitLinks(byte[] value) {
      for (Hash linked : leafLinks.apply(value)) {
        visitHeld(new NodeId(linked.bytes()));
      }
    }

    private void visitHeld(NodeId id) {
      if (visited.contains(id)) {
        return;
      }
      byte[] rlp = held.get(id.bytes());
      if (rlp != null) {
        visit(id, rlp);
      }
    }

    void flush() {
      if (hashes.isEmpty()) {
        return;
      }
      storage.putAll(hashes, rlps);
      for (int i = 0; i < hashes.size(); i++) {
        encodings.put(hashes.get(i), rlps.get(i));
      }
      written += hashes.size();
      hashes.clear();
      rlps.clear();
    }
  }

  /**
   * Deletes every stored node that none of {@code liveRoots} reaches (nodes of older states,
   * abandoned forks), and returns how many were deleted. Opening another root afterwards, or a
   * trie at another root loading a node, throws {@link MissingNodeException}.
   *
   * <p>Walks every live trie in full first, marking its nodes in a scratch column family
   * ({@code <nodes>_prune_marks}, created on first use and emptied when the prune ends), then
   * sweeps the node column family, so it costs time proportional to the store but heap
   * independent of it; the costs are itemised on {@link TriePruner}. Must not run while any trie
   * on this store commits, because a commit in flight is not yet reachable from a live root and
   * would lose nodes; pass every root still in use. Deletion happens in batches, so a crash
   * midway leaves some dead nodes behind but never removes a live one.
   *
   * @throws MissingNodeException if a live root is incomplete in the store; nothing is deleted
   */
  public long prune(Collection<Hash> liveRoots) {
    return prune(liveRoots, value -> List.of());
  }

  /**
   * {@link #prune(Collection)} for a store whose trie values name the roots of other tries in it,
   * as an Ethereum account names its storage trie: {@code leafLinks} returns, for each stored
   * value met while marking, the roots it refers to (none for most values), and their tries are
   * kept as well. It must not throw for a value it does not understand; return no roots instead.
   *
   * @throws MissingNodeException if a live root or a linked root is incomplete; nothing is deleted
   */
  public long prune(Collection<Hash> liveRoots, Function<byte[], Collection<Hash>> leafLinks) {
    return new TriePruner(this, storage, leafLinks).prune(liveRoots);
  }

  /** Drops a deleted node from the caches, so it cannot be served after it left the store. */
  void forget(NodeId id) {
    WalkScope walk = scoped.get();
    if (walk != null) {
      walk.nodes.remove(id);
    }
    cache.invalidate(id);
    encodings.remove(id.bytes());
  }

  /**
   * Keeps the encodings of {@code written}, nodes a commit stored under their hashes, in the
   * encoding cache. Called once the nodes are staged or written; nodes are content-addressed, so an
   * encoding kept there is the stored one.
   */
  void remember(List<Node> written) {
    for (Node node : written) {
      encodings.put(node.hash(), node.rlp());
    }
  }

  /**
   * Until the returned scope is closed, keeps every node loaded through this store in a map of the
   * scope's own, consulted before the cache, instead of in the cache. For a batch of updates
   * prepared ahead on other threads: a commit's prefetch loads the paths the commit will change,
   * the commit walks them and replaces every node on them, so the loaded nodes are needed exactly
   * once more and never after. Put in the cache, each would cost an insert and an eviction, and
   * thousands of short-lived entries in a long-lived structure are what the collector pays for
   * most (every young collection scans the cache's changed cards); in the scope they are garbage
   * together when it closes. One scope at a time: the caller serialises its commits. Other
   * threads' loads meanwhile are right as ever; they too land in the scope, not the cache.
   *
   * @param expectedNodes about how many nodes the walks will load: the scope's map is sized for
   *     them up front, as growing it while several threads fill it costs them (each resize copies
   *     the table, and a thread that meets one helps to move it)
   * @throws IllegalStateException if a scope is open already
   * @throws IllegalArgumentException if {@code expectedNodes} is negative
   */
  public WalkScope openWalkScope(int expectedNodes) {
    WalkScope walk = new WalkScope(expectedNodes);
    if (!scoped.compareAndSet(null, walk)) {
      throw new IllegalStateException("a walk scope is open on this node store already");
    }
    return walk;
  }

  /**
   * The nodes loaded while it is open; see {@link #openWalkScope}. Closing it drops them (the nodes
   * stay in storage, of course); closing twice does nothing.
   */
  public final class WalkScope implements AutoCloseable {

    private final ConcurrentHashMap<NodeId, Node> nodes;
    /** The references whose {@link HashNode#loaded} this scope set, cleared when it closes. */
    private final ConcurrentLinkedQueue<HashNode> linked = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private WalkScope(int expectedNodes) {
      nodes = new ConcurrentHashMap<>(expectedNodes);
    }

    /** Lets {@code reference} lead straight to {@code node} until this scope closes. */
    private void link(HashNode reference, Node node) {
      reference.loaded = node;
      linked.add(reference);
      // Set after close() emptied the queue: this thread clears it (close's flag is written
      // before it drains, and this add before this read, so one of the two sees the other).
      if (closed) {
        reference.loaded = null;
      }
    }

    @Override
    public void close() {
      closed = true;
      for (HashNode reference = linked.poll(); reference != null; reference = linked.poll()) {
        reference.loaded = null;
      }
      scoped.compareAndSet(this, null);
    }
  }

  /** {@code node} itself, or for a hash reference the stored node it names. */
  Node resolve(Node node, byte[] key, int depth) {
    return resolve(node, key, depth, null);
  }

  /**
   * {@link #resolve(Node, byte[], int)}, trying before a storage read the leaf that holds
   * {@code expectedLeafValue} under the rest of {@code key}, if not null; see
   * {@link MerklePatriciaTrie#getExpecting}.
   */
  Node resolve(Node node, byte[] key, int depth, byte[] expectedLeafValue) {
    if (!(node instanceof HashNode reference)) {
      return node;
    }
    Node loaded = reference.loaded;
    if (loaded != null) {
      return loaded;
    }
    WalkScope walk = scoped.get();
    loaded = load(reference.id, key, depth, expectedLeafValue);
    if (walk != null) {
      walk.link(reference, loaded);
    }
    return loaded;
  }

  /** The node stored under {@code hash}; {@code key} and {@code depth} only describe where it was needed. */
  Node load(Hash hash, byte[] key, int depth) {
    return load(new NodeId(hash.bytes()), key, depth, null);
  }

  private Node load(NodeId id, byte[] key, int depth, byte[] expectedLeafValue) {
    WalkScope walk = scoped.get();
    if (walk != null) {
      Node loaded = walk.nodes.get(id);
      if (loaded != null) {
        return loaded;
      }
    }
    Node cached = cache.getIfPresent(id);
    if (cached != null) {
      return cached;
    }
    Node node = loadUncached(id, key, depth, walk == null, expectedLeafValue);
    if (walk != null) {
      walk.nodes.put(id, node);
    } else {
      cache.put(id, node);
    }
    return node;
  }

  /**
   * The leaf holding {@code value} under the rest of {@code key} from {@code depth}, if its hash
   * is {@code id}, else null (the node is a branch or an extension, or holds another value).
   */
  private static Node leafIfItIs(NodeId id, byte[] key, int depth, byte[] value) {
    byte[] path = Nibbles.slice(key, depth, key.length);
    LeafNode leaf = new LeafNode(path, value);
    byte[] hash = leaf.hash();
    return Arrays.equals(hash, id.bytes()) ? new LeafNode(path, value, leaf.rlp(), hash) : null;
  }

  /**
   * The node {@code id} if held, else from the encoding cache if it holds it, else the leaf of
   * {@code expectedLeafValue} if that is the node, else from storage; then kept in the encoding
   * cache if {@code keep} (a held node is not: it is kept already).
   */
  private Node loadUncached(NodeId id, byte[] key, int depth, boolean keep, byte[] expectedLeafValue) {
    byte[] heldRlp = held.get(id.bytes());
    if (heldRlp != null) {
      return NodeCodec.decode(heldRlp, id.bytes());
    }
    byte[] rlp = encodings.get(id.bytes());
    if (rlp != null) {
      // Kept by this process from a node whose hash is the key: no check against the hash needed.
      return NodeCodec.decode(rlp, id.bytes());
    }
    Node node = expectedLeafValue == null ? null : leafIfItIs(id, key, depth, expectedLeafValue);
    if (node == null) {
      node = read(id, key, depth);
    }
    if (keep) {
      encodings.put(id.bytes(), node.rlp());
    }
    return node;
  }

  /**
   * The node {@code id} from the caches if they hold it, else from storage without caching it:
   * for walks over whole tries (pruning) that would otherwise evict the working set.
   */
  Node loadBypassingCache(NodeId id) {
    Node cached = cache.getIfPresent(id);
    return cached != null ? cached : loadUncached(id, Nibbles.EMPTY, 0, false, null);
  }

  private Node read(NodeId id, byte[] key, int depth) {
    byte[] hash = id.bytes();
    byte[] rlp = storage.get(hash);
    if (rlp == null) {
      throw new MissingNodeException(Hash.of(hash), describe(key, depth));
    }
    if (!Arrays.equals(Keccak256.hash(rlp), hash)) {
      throw corrupt(Hash.of(hash), "its " + rlp.length + " stored bytes hash to " + Hash.keccak256(rlp), null);
    }
    Node node;
    try {
      node = NodeCodec.decode(rlp, hash);
    } catch (IllegalArgumentException e) {
      throw corrupt(Hash.of(hash), e.getMessage(), e);
    }
    return node;
  }

  /** Adds all nodes to the caller's batch. */
  void stage(WriteBatch batch, List<byte[]> hashes, List<byte[]> rlps) {
    storage.stage(batch, hashes, rlps);
  }

  /** Writes all nodes in one atomic batch. */
  void write(List<byte[]> hashes, List<byte[]> rlps) {
    if (!hashes.isEmpty()) {
      storage.putAll(hashes, rlps);
    }
  }

  private static CorruptionException corrupt(Hash id, String problem, Throwable cause) {
    return new CorruptionException("trie node " + id + " in the node store is corrupt: " + problem
        + "; restore the store from a backup or re-sync the state", cause);
  }

  private static String describe(byte[] key, int depth) {
    if (depth == 0) {
      return "the root";
    }
    StringBuilder path = new StringBuilder("at nibble path ");
    for (int i = 0; i < depth; i++) {
      path.append(Character.forDigit(key[i], 16));
    }
    return path.toString();
  }
}
