package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.ColumnFamily;
import io.luxtensor.storage.CorruptionException;
import io.luxtensor.storage.KeyRange;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Example tests of the block store on the memory engine: rejections, idempotence, reorgs, verify and repair. */
class BlockStoreTest {

  private static final ChainFixture.Key ALICE = ChainFixture.key(0);
  private static final ChainFixture.Key BOB = ChainFixture.key(1);
  private static final Address SHOP = ChainFixture.address(1);

  private KeyValueStore kv;
  private BlockStore store;
  private ChainFixture fixture;
  private ChainFixture.Built genesis;

  @BeforeEach
  void open() {
    kv = StorageEngines.open(TestEngines.MEMORY.config());
    store = BlockStore.open(kv);
    fixture = new ChainFixture(store.roots());
    genesis = fixture.genesis();
    store.importBlock(genesis.block(), genesis.receipts());
  }

  @AfterEach
  void close() {
    kv.close();
  }

  private ChainFixture.Built child(ChainFixture.Built parent, long salt, Transaction... txs) {
    List<List<Log>> logs = java.util.Arrays.stream(txs)
        .map(tx -> List.of(new Log(SHOP, List.of(ChainFixture.topic(1)), new byte[] {1}))).toList();
    return fixture.block(parent.block().header(), List.of(txs), logs, salt);
  }

  private ChainFixture.Built imported(ChainFixture.Built b) {
    store.importBlock(b.block(), b.receipts());
    return b;
  }

  private long entries() {
    long n = 0;
    for (ColumnFamily cf : kv.columnFamilies()) {
      n += kv.count(cf, KeyRange.all());
    }
    return n;
  }

  @Test
  void blockWithWrongTransactionsRootIsRejectedNamingFieldsAndWritesNothing() {
    ChainFixture.Built good = child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1));
    Header forged = good.block().header().toBuilder().transactionsRoot(Hash.ZERO).build();
    Block bad = Block.of(forged, good.block().body());
    long before = entries();

    assertThatThrownBy(() -> store.importBlock(bad, good.receipts())).isInstanceOfSatisfying(
        InvalidBlockException.class, e -> {
          assertThat(e.field()).isEqualTo("transactionsRoot");
          assertThat(e.actual()).isEqualTo(Hash.ZERO.toString());
          assertThat(e.expected()).isEqualTo(good.block().header().transactionsRoot().toString());
        });
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void blockWithReceiptsThatDoNotMatchItsReceiptsRootIsRejected() {
    ChainFixture.Built good = child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1));
    List<Receipt> other = List.of(Receipt.of(0, false, 21_000, good.receipts().get(0).logs()));

    assertThatThrownBy(() -> store.importBlock(good.block(), other)).isInstanceOfSatisfying(
        InvalidBlockException.class, e -> assertThat(e.field()).isEqualTo("receiptsRoot"));
    assertThat(store.contains(good.hash())).isFalse();
  }

  @Test
  void blockWhoseParentIsUnknownIsRejected() {
    ChainFixture.Built orphanParent = fixture.block(genesis.block().header(), List.of(), List.of(), 99);
    ChainFixture.Built orphan = child(orphanParent, 2);

    assertThatThrownBy(() -> store.importBlock(orphan.block())).isInstanceOfSatisfying(
        InvalidBlockException.class, e -> assertThat(e.field()).isEqualTo("parentHash"));
  }

  @Test
  void importingTheSameBlockTwiceChangesNothing() {
    ChainFixture.Built one = imported(child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1)));
    long before = entries();

    assertThat(store.importBlock(one.block(), one.receipts())).isEqualTo(ImportResult.ALREADY_KNOWN);
    assertThat(entries()).isEqualTo(before);
  }

  @Test
  void storedBlockReadsBackByteIdenticalWithItsReceipts() {
    ChainFixture.Built one = imported(child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1),
        ChainFixture.dynamicFee(BOB, 0, SHOP, 2), ChainFixture.setCode(ALICE, 1, SHOP, BOB.address())));

    assertThat(store.blockAt(1).orElseThrow().encoded()).isEqualTo(one.block().encoded());
    assertThat(store.receiptsAt(1)).contains(one.receipts());
    assertThat(store.receipt(one.block().transactions().get(2).hash())).contains(one.receipts().get(2));
    assertThat(store.bodyAt(1).orElseThrow()).isEqualTo(one.block().body());
    assertThat(store.headerAt(1)).contains(one.block().header());
  }

  @Test
  void unknownBlockOrTransactionIsEmpty() {
    assertThat(store.block(Hash.ZERO)).isEmpty();
    assertThat(store.blockAt(5)).isEmpty();
    assertThat(store.transaction(Hash.ZERO)).isEmpty();
    assertThat(store.receipts(Hash.ZERO)).isEmpty();
  }

  @Test
  void setHeadToAnUnknownBlockFails() {
    assertThatThrownBy(() -> store.setHead(Hash.ZERO)).isInstanceOf(UnknownBlockException.class)
        .hasMessageContaining(Hash.ZERO.toString());
  }

  @Test
  void reorgMovesATransactionInBothBranchesToItsNewPlaceAndDropsTheOthers() {
    Transaction shared = ChainFixture.legacy(ALICE, 0, SHOP, 1);
    Transaction onlyOld = ChainFixture.legacy(BOB, 0, SHOP, 2);
    ChainFixture.Built a1 = imported(child(genesis, 1, shared, onlyOld));
    ChainFixture.Built a2 = imported(child(a1, 2));
    ChainFixture.Built b1 = imported(child(genesis, 3));
    ChainFixture.Built b2 = imported(child(b1, 4));
    ChainFixture.Built b3 = imported(child(b2, 5, shared));
    assertThat(store.head().orElseThrow().hash()).isEqualTo(a2.hash());

    store.setHead(b3.hash());

    assertThat(store.transaction(shared.hash()).orElseThrow().blockHash()).isEqualTo(b3.hash());
    assertThat(store.transaction(onlyOld.hash())).isEmpty();
    assertThat(store.transactionsOf(BOB.address(), Optional.empty(), 10).items()).isEmpty();
    assertThat(store.logs(LogFilter.byAddress(SHOP, 0, 10), Optional.empty(), 10).items())
        .extracting(LogEntry::blockHash).containsExactly(b3.hash());
    assertThat(store.verify().problems()).isEmpty();

    store.setHead(a1.hash());

    assertThat(store.bestHeight().getAsLong()).isEqualTo(1);
    assertThat(store.canonicalHash(2)).isEmpty();
    assertThat(store.transaction(onlyOld.hash()).orElseThrow().blockHash()).isEqualTo(a1.hash());
    assertThat(store.verify().problems()).isEmpty();
  }

  @Test
  void cursorThatNoQueryProducedIsRejected() {
    assertThatThrownBy(() -> store.transactionsOf(SHOP, Optional.of("not a cursor"), 5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    assertThatThrownBy(() -> store.logs(LogFilter.byAddress(SHOP, 0, 1), Optional.of("AAAA"), 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.transactionsOf(SHOP, Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyReportsAMissingIndexEntryAndRepairRestoresIt() {
    Transaction tx = ChainFixture.legacy(ALICE, 0, SHOP, 1);
    imported(child(genesis, 1, tx));
    kv.delete(kv.columnFamily("TxByHash"), BlockKeys.txHash(tx.hash()));

    VerifyReport report = store.verify();

    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("TxByHash lacks"));
    assertThat(store.repair().problems()).isEmpty();
    assertThat(store.transaction(tx.hash())).isPresent();
  }

  @Test
  void verifyReportsAnEntryNamingABlockThatLacksIt() {
    ChainFixture.Built a1 = imported(child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1)));
    ChainFixture.Built b1 = imported(child(genesis, 2));
    store.setHead(b1.hash());
    // An entry that names b1 (height 1, slot 1, without transactions) as the place of a1's transaction.
    byte[] key = BlockKeys.txHash(a1.block().transactions().get(0).hash());
    byte[] value = kv.get(kv.columnFamily("TxByHash"), key);
    kv.put(kv.columnFamily("TxByHash"), key, concat(value, BlockKeys.location(new BlockRef(1, 1), 0)));

    VerifyReport report = store.verify();

    assertThat(report.isClean()).isFalse();
    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("lists transaction 0 of block #1"));
    assertThat(store.repair().isClean()).isTrue();
  }

  @Test
  void verifyReportsAnAddressEntryOfAnotherBlock() {
    ChainFixture.Built one = imported(child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1)));
    kv.put(kv.columnFamily("TxByAddress"), BlockKeys.txByAddress(BOB.address().bytes(), new BlockRef(1, 0), 0),
        new byte[0]);

    VerifyReport report = store.verify();

    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("is not an entry of block #1 " + one.hash()));
    assertThat(store.repair().isClean()).isTrue();
  }

  @Test
  void verifyReportsAMissingBloomVectorAndRepairRestoresIt() {
    BlockStore small = BlockStore.open(kv, BlockStore.TX_CACHE_SIZE, 2);
    ChainFixture.Built one = child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1));
    small.importBlock(one.block(), one.receipts());
    ChainFixture.Built two = child(one, 2);
    // Height 2 is the first above section 0 (heights 0 and 1): its import seals it.
    small.importBlock(two.block(), two.receipts());
    int bit = Bloom.bitsOf(SHOP.bytes())[0];
    kv.delete(kv.columnFamily("LogBloomBits"), LogBloomIndex.vectorKey(0, bit));

    VerifyReport report = small.verify();

    assertThat(report.problems()).anySatisfy(p -> assertThat(p).contains("lacks the vector of bit " + bit
        + " of section 0"));
    assertThat(small.repair().problems()).isEmpty();
    assertThat(small.logs(LogFilter.byAddress(SHOP, 0, 2), Optional.empty(), 10).items())
        .extracting(LogEntry::blockHash).containsExactly(one.hash());
  }

  @Test
  void verifyReportsABloomSectionThatShouldNotBeSealed() {
    BlockStore small = BlockStore.open(kv, BlockStore.TX_CACHE_SIZE, 2);
    ChainFixture.Built one = child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1));
    small.importBlock(one.block(), one.receipts());
    kv.put(kv.columnFamily("LogBloomBits"), LogBloomIndex.markerKey(0), new byte[] {2});

    assertThat(small.verify().problems()).anySatisfy(p -> assertThat(p).contains("not sealed"));
    assertThat(small.repair().problems()).isEmpty();
  }

  @Test
  void aLogQueryNeedsNoSealedSection() {
    ChainFixture.Built one = imported(child(genesis, 1, ChainFixture.legacy(ALICE, 0, SHOP, 1)));
    imported(child(one, 2, ChainFixture.legacy(BOB, 0, SHOP, 2)));

    List<LogEntry> logs = store.logs(LogFilter.byAddress(SHOP, 0, 100), Optional.empty(), 10).items();

    assertThat(kv.count(kv.columnFamily("LogBloomBits"), KeyRange.all())).isZero();
    assertThat(logs).extracting(LogEntry::height).containsExactly(1L, 2L);
  }

  @Test
  void aTransactionOnASideBranchIsFoundOnlyWhileItsBranchIsCanonical() {
    Transaction tx = ChainFixture.legacy(ALICE, 0, SHOP, 1);
    ChainFixture.Built a1 = imported(child(genesis, 1));
    ChainFixture.Built b1 = imported(child(genesis, 2, tx));

    assertThat(store.transaction(tx.hash())).isEmpty();
    assertThat(store.transactionsOf(SHOP, Optional.empty(), 10).items()).isEmpty();
    store.setHead(b1.hash());
    assertThat(store.transaction(tx.hash()).map(TransactionLocation::blockHash)).contains(b1.hash());
    assertThat(store.transactionsOf(SHOP, Optional.empty(), 10).items()).hasSize(1);
    store.setHead(a1.hash());
    assertThat(store.transaction(tx.hash())).isEmpty();
    assertThat(store.verify().problems()).isEmpty();
  }

  @Test
  void aLocationWhoseTransactionHasAnotherHashIsPassedOver() {
    Transaction mine = ChainFixture.legacy(ALICE, 0, SHOP, 1);
    Transaction other = ChainFixture.legacy(BOB, 0, SHOP, 2);
    imported(child(genesis, 1, other, mine));
    // As if other's hash started with the same 8 bytes as mine's: its location comes first under mine's key.
    byte[] key = BlockKeys.txHash(mine.hash());
    kv.put(kv.columnFamily("TxByHash"), key, concat(BlockKeys.location(new BlockRef(1, 0), 0),
        kv.get(kv.columnFamily("TxByHash"), key)));

    assertThat(store.transaction(mine.hash()).map(TransactionLocation::index)).contains(1);
    assertThat(store.transaction(other.hash()).map(TransactionLocation::index)).contains(0);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void damagedHeaderIsReportedAsCorruption() {
    ChainFixture.Built one = imported(child(genesis, 1));
    kv.put(kv.columnFamily("Headers"), one.hash().bytes(), new byte[] {(byte) 0xc1, 0x01});

    assertThatThrownBy(() -> store.header(one.hash())).isInstanceOf(CorruptionException.class)
        .hasMessageContaining(one.hash().toString());
  }

  @Test
  void pragueHeaderWithRequestsHashRoundTrips() {
    Header prague = genesis.block().header().toBuilder().blobGasUsed(131_072).excessBlobGas(0)
        .parentBeaconBlockRoot(Hash.ZERO).requestsHash(Hash.keccak256(new byte[0])).build();

    Header decoded = Header.decode(prague.encoded());

    assertThat(decoded.fieldCount()).isEqualTo(21);
    assertThat(decoded.requestsHash()).contains(Hash.keccak256(new byte[0]));
    assertThat(decoded.hash()).isEqualTo(prague.hash());
  }

  @Test
  void headerWithAForkFieldButNotThoseOfTheForksBeforeItIsRefused() {
    assertThatThrownBy(() -> Header.builder().requestsHash(Hash.ZERO).build())
        .isInstanceOf(BlockFormatException.class).hasMessageContaining("requestsHash");
  }

  @Test
  void setCodeTransactionDecodesAndRecoversItsSender() {
    Transaction tx = ChainFixture.setCode(ALICE, 3, SHOP, BOB.address());

    Transaction decoded = Transaction.fromEnvelope(tx.encoded()).validate();

    assertThat(decoded.type()).isEqualTo(Transaction.SET_CODE);
    assertThat(decoded.sender()).isEqualTo(ALICE.address());
    assertThat(decoded.nonce()).isEqualTo(3);
    assertThat(decoded.to()).contains(SHOP);
  }

  @Test
  void unknownTransactionTypeIsRefused() {
    assertThatThrownBy(() -> Transaction.fromEnvelope(new byte[] {0x05, (byte) 0xc0}))
        .isInstanceOf(BlockFormatException.class).hasMessageContaining("0x05");
  }
}
