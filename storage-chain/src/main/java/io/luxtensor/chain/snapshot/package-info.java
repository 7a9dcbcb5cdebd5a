/**
 * State snapshots for fast sync: a new node loads the state of a recent height instead of
 * replaying the chain, and checks it against a state root it trusts.
 *
 * <h2>Full snapshots</h2>
 * {@link io.luxtensor.chain.snapshot.SnapshotExporter} reads one committed height from a store
 * snapshot (so the node keeps committing meanwhile) and cuts its accounts, in secure-trie key
 * order, into chunks of bounded size; each chunk holds whole accounts with all their slots and
 * code, plus the Merkle proof nodes of its key range's two ends. The
 * {@link io.luxtensor.chain.snapshot.SnapshotManifest} lists the height, the state root, the
 * block hash and per chunk its key range, size and SHA-256; the ranges cover the key space.
 * {@link io.luxtensor.chain.snapshot.SnapshotImporter} takes chunks in any order, from any
 * stream, and checks each one on arrival: size and SHA-256 against the manifest, then on its own
 * against the root (storage tries rebuilt to each account's storage root, code to its code hash,
 * and a range proof, as Ethereum's snap protocol has, that the chunk's accounts are exactly the
 * state trie's leaves in its range). A chunk that fails is refused by index with nothing kept; a
 * chunk that passes is written atomically with its trie nodes and a progress mark, so an import
 * killed at any point resumes with the chunks still missing. The height becomes visible (its
 * {@code StateRoots} entry is written) only when every chunk is in.
 *
 * <h2>Incremental snapshots</h2>
 * {@link io.luxtensor.chain.snapshot.IncrementalSnapshot} sends the heights A+1..B as their
 * stored diffs (values after each change, new code) and replays them on a store whose head is A,
 * one commit per height, each checked against the source's root; a mismatch rolls back to A.
 *
 * <h2>Use</h2>
 * <pre>{@code
 * try (SnapshotExporter exporter = SnapshotExporter.open(sourceKv, height)) {
 *   SnapshotManifest manifest = exporter.manifest();         // send manifest.encode()
 *   exporter.writeChunk(i, out);                              // serve chunk i, any order
 * }
 * // on the new node, after checking manifest.root() against a trusted root:
 * SnapshotImporter importer = SnapshotImporter.open(emptyKv, manifest);   // or resume
 * for (int i : importer.missingChunks()) importer.importChunk(i, in);     // InvalidChunkException names bad ones
 * StateStore state = StateStore.open(emptyKv);              // head = height, root = manifest.root()
 * IncrementalSnapshot.apply(state, incrementalIn);          // optional: on to a later height
 * }</pre>
 *
 * <p>The package reads and writes the state store's rows directly, in the layout
 * {@link io.luxtensor.chain.state.StateLayout} publishes (names, key and value encodings), because
 * the state store offers no public hook to list a height's accounts or to write accounts with
 * their trie nodes outside a commit. Its own family, {@code SnapshotImport}, holds the progress of
 * an unfinished import.
 */
package io.luxtensor.chain.snapshot;
