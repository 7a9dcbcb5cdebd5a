/**
 * Ethereum blocks, transactions and receipts with their indexes, stored through the storage API.
 *
 * <p>A {@link io.luxtensor.chain.block.BlockStore} checks and stores blocks of any number of
 * branches, one of which, ending at the head, is canonical; each import and each head change is
 * one atomic batch. Blocks are named by height and slot (the order in which blocks at one height
 * were stored), so bodies, receipts and index entries never move when the head does.
 *
 * <p>Indexes, and what a reorg does to them:
 * <ul>
 *   <li>TxByHash (5 bytes of the transaction hash to every location, as varints) and TxByAddress
 *       (sender and recipient, newest first): one entry per stored transaction on any branch; a
 *       query shows an entry only while its block is the canonical one at its height.
 *   <li>LogBloomBits: bloom bits per section of 4096 blocks, as geth has them. A sealed section
 *       holds, for each of the 2048 logs-bloom bits, a compressed bit vector over its heights (set
 *       when any stored block there, on any branch, has the bit); a section is sealed in the batch
 *       of the first block stored above it, and a side-branch block stored into a sealed section
 *       ORs its bloom in. A log query ANDs the vectors of the bits of its address and topics to
 *       get candidate heights (the newest, unsealed section is read from the canonical headers'
 *       blooms instead), then reads the canonical block's receipts there and filters exactly.
 *       Logs cost no entry of their own, and reorgs change no vector.
 * </ul>
 * {@link io.luxtensor.chain.block.BlockStore#verify()} recomputes every index from the stored
 * blocks and headers and {@link io.luxtensor.chain.block.BlockStore#repair()} rebuilds them.
 *
 * <pre>{@code
 * BlockStore blocks = BlockStore.open(keyValueStore);
 * blocks.importBlock(block, receipts);                 // CANONICAL, SIDE_BRANCH or ALREADY_KNOWN
 * Page<LogEntry> page = blocks.logs(LogFilter.byAddress(token, 0, 20_000_000), Optional.empty(), 1000);
 * Page<LogEntry> more = blocks.logs(LogFilter.byAddress(token, 0, 20_000_000), page.next(), 1000);
 * blocks.setHead(otherBranchTip);                     // reorg: rewrites canonical heights and the head only
 * }</pre>
 */
package io.luxtensor.chain.block;
