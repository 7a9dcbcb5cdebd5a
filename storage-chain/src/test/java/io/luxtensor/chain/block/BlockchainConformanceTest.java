package io.luxtensor.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.ConformanceFiles;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of the ethereum/tests BlockchainTests in the shared conformance directory, read at
 * test time: every valid block decodes and re-encodes byte-identically, its header hash, roots,
 * ommers hash, header fields and transactions (fields and recovered senders) match the vector,
 * and every case's chain imports on every engine, ending with {@code lastblockhash} as the head of
 * a canonical chain whose indexes verify.
 */
class BlockchainConformanceTest {

  static final String DIRECTORY = "BlockchainTests/";

  static List<String> files() {
    List<String> files = ConformanceFiles.allJsonFiles().stream().filter(f -> f.startsWith(DIRECTORY)).toList();
    assertThat(files).as("BlockchainTests vectors in " + ConformanceFiles.root()).isNotEmpty();
    return files;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String file : files()) {
      ConformanceFiles.cases(file).forEach((name, value) -> out.add(Arguments.of(file + " " + name, value)));
    }
    return out.stream();
  }

  static Stream<Arguments> casesOnEngines() {
    return cases().flatMap(c -> TestEngines.ALL.stream().map(e -> Arguments.of(e, c.get()[0], c.get()[1])));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  static byte[] hex(Object o) {
    return Hex.decode((String) o);
  }

  static BigInteger number(Object o) {
    return new BigInteger(1, hex(o));
  }

  /** The valid blocks of a case (those with a decoded header), in import order. */
  static List<Map<String, Object>> validBlocks(Map<String, Object> testCase) {
    return list(testCase.get("blocks")).stream().map(BlockchainConformanceTest::map)
        .filter(b -> b.containsKey("blockHeader")).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void genesisDecodesAndHashesAsTheVectorSays(String name, Map<String, Object> testCase) {
    byte[] rlp = hex(testCase.get("genesisRLP"));
    Block genesis = Block.decode(rlp);

    assertThat(Block.of(genesis.header(), genesis.body()).encoded()).isEqualTo(rlp);
    checkHeader(genesis.header(), map(testCase.get("genesisBlockHeader")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyValidBlockReencodesByteIdenticallyWithItsHashAndRoots(String name, Map<String, Object> testCase) {
    List<Map<String, Object>> blocks = validBlocks(testCase);
    assertThat(blocks).isNotEmpty();
    try (KeyValueStore kv = StorageEngines.open(TestEngines.MEMORY.config())) {
      checkBlocks(blocks, BlockStore.open(kv).roots());
    }
  }

  private static void checkBlocks(List<Map<String, Object>> blocks, BlockRoots roots) {
    for (Map<String, Object> vector : blocks) {
      byte[] rlp = hex(vector.get("rlp"));
      Block block = Block.decode(rlp);
      Map<String, Object> header = map(vector.get("blockHeader"));

      assertThat(Block.of(block.header(), block.body()).encoded()).isEqualTo(rlp);
      checkHeader(block.header(), header);
      assertThat(roots.transactionsRoot(block.transactions()).toHex()).isEqualTo(header.get("transactionsTrie"));
      assertThat(block.ommersHash().toHex()).isEqualTo(header.get("uncleHash"));
      if (header.containsKey("withdrawalsRoot")) {
        assertThat(roots.withdrawalsRoot(block.withdrawals().orElseThrow()).toHex())
            .isEqualTo(header.get("withdrawalsRoot"));
        checkWithdrawals(block.withdrawals().orElseThrow(), list(vector.get("withdrawals")));
      } else {
        assertThat(block.withdrawals()).isEmpty();
      }
      List<Object> ommers = list(vector.get("uncleHeaders"));
      assertThat(block.ommers()).hasSize(ommers.size());
      for (int i = 0; i < ommers.size(); i++) {
        checkHeader(block.ommers().get(i), map(ommers.get(i)));
      }
      checkTransactions(block.transactions(), list(vector.get("transactions")));
    }
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("casesOnEngines")
  void chainImportsAndEndsAtLastBlockHash(TestEngines.Engine engine, String name, Map<String, Object> testCase) {
    try (KeyValueStore kv = StorageEngines.open(engine.config())) {
      BlockStore store = BlockStore.open(kv);
      Block genesis = Block.decode(hex(testCase.get("genesisRLP")));
      assertThat(store.importBlock(genesis)).isEqualTo(ImportResult.CANONICAL);
      List<Block> imported = new ArrayList<>();
      List<Block> invalidButStored = new ArrayList<>();
      for (Object entry : list(testCase.get("blocks"))) {
        Map<String, Object> vector = map(entry);
        Block block = Block.decode(hex(vector.get("rlp")));
        if (vector.containsKey("expectException")) {
          // Invalid by execution (a store cannot tell) or by chain: refused, or kept but never canonical.
          try {
            store.importBlock(block);
            invalidButStored.add(block);
          } catch (InvalidBlockException refused) {
            assertThat(refused.field()).isNotEmpty();
          }
          continue;
        }
        assertThat(store.importBlock(block)).isNotEqualTo(ImportResult.ALREADY_KNOWN);
        imported.add(block);
      }
      Hash last = Hash.fromHex((String) testCase.get("lastblockhash"));
      store.setHead(last);

      assertThat(store.head().orElseThrow().hash()).isEqualTo(last);
      Header cursor = store.head().orElseThrow();
      assertThat(store.bestHeight().orElseThrow()).isEqualTo(cursor.number());
      while (true) {
        assertThat(store.canonicalHash(cursor.number())).contains(cursor.hash());
        Block canonical = store.blockAt(cursor.number()).orElseThrow();
        assertThat(canonical.hash()).isEqualTo(cursor.hash());
        for (int i = 0; i < canonical.transactions().size(); i++) {
          Transaction tx = canonical.transactions().get(i);
          TransactionLocation at = store.transaction(tx.hash()).orElseThrow();
          assertThat(at.blockHash()).isEqualTo(cursor.hash());
          assertThat(at.index()).isEqualTo(i);
          assertThat(at.transaction().encoded()).isEqualTo(tx.encoded());
        }
        if (cursor.number() == 0) {
          assertThat(cursor.hash()).isEqualTo(genesis.hash());
          break;
        }
        cursor = store.header(cursor.parentHash()).orElseThrow();
      }
      for (Block block : imported) {
        assertThat(store.block(block.hash()).orElseThrow().encoded()).isEqualTo(block.encoded());
        assertThat(store.importBlock(block)).isEqualTo(ImportResult.ALREADY_KNOWN);
      }
      for (Block block : invalidButStored) {
        assertThat(store.isCanonical(block.hash())).as("invalid block %s is canonical", block).isFalse();
      }
      VerifyReport report = store.verify();
      assertThat(report.problems()).isEmpty();
      assertThat(report.storedBlocks()).isEqualTo(1L + imported.size() + invalidButStored.size());
    }
  }

  @Test
  void headerWithTheFieldCountOfNoForkIsRejected() {
    Block block = firstBlockWithHeaderFields(20);
    byte[] nineteen = Hex.decode(reencodeHeaderWithout(block.header(), 1));

    assertThatThrownBy(() -> Header.decode(nineteen)).isInstanceOf(BlockFormatException.class)
        .hasMessageContaining("found 19");
  }

  @Test
  void withdrawalsInABlockWhoseHeaderIsBeforeShanghaiAreRejected() {
    Block london = firstBlockWithHeaderFields(16);
    byte[] withWithdrawals = io.luxtensor.chain.rlp.RlpEncoder.encodeList(london.header().encoded(),
        new byte[] {(byte) 0xc0}, new byte[] {(byte) 0xc0}, new byte[] {(byte) 0xc0});

    assertThatThrownBy(() -> Block.decode(withWithdrawals)).isInstanceOf(BlockFormatException.class)
        .hasMessageContaining("withdrawalsRoot");
  }

  @Test
  void trailingBytesAfterARealBlockAreRejected() {
    Block block = firstBlockWithHeaderFields(17);
    byte[] rlp = block.encoded();
    byte[] longer = java.util.Arrays.copyOf(rlp, rlp.length + 1);

    assertThatThrownBy(() -> Block.decode(longer)).isInstanceOf(io.luxtensor.chain.rlp.RlpException.class)
        .hasMessageContaining("trailing");
  }

  @Test
  void aBlockWithAnExtraListItemIsRejected() {
    Block block = firstBlockWithHeaderFields(17);
    byte[] five = io.luxtensor.chain.rlp.RlpEncoder.encodeList(block.header().encoded(), new byte[] {(byte) 0xc0},
        new byte[] {(byte) 0xc0}, new byte[] {(byte) 0xc0}, new byte[] {(byte) 0xc0});

    assertThatThrownBy(() -> Block.decode(five)).isInstanceOf(BlockFormatException.class)
        .hasMessageContaining("found 5");
  }

  /** The header RLP of {@code header} with its last {@code drop} fields removed, as hex. */
  private static String reencodeHeaderWithout(Header header, int drop) {
    io.luxtensor.chain.rlp.RlpSlice slice = io.luxtensor.chain.rlp.RlpSlice.of(header.encoded());
    List<io.luxtensor.chain.rlp.RlpSlice> items = slice.items();
    byte[][] kept = new byte[items.size() - drop][];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = items.get(i).encoded();
    }
    return Hex.encode(io.luxtensor.chain.rlp.RlpEncoder.encodeList(kept));
  }

  private static Block firstBlockWithHeaderFields(int fields) {
    return cases().map(a -> map(a.get()[1])).flatMap(c -> validBlocks(c).stream())
        .map(b -> Block.decode(hex(b.get("rlp")))).filter(b -> b.header().fieldCount() == fields).findFirst()
        .orElseThrow(() -> new AssertionError("no vector block has a " + fields + "-field header"));
  }

  static void checkHeader(Header header, Map<String, Object> json) {
    assertThat(header.hash().toHex()).isEqualTo(json.get("hash"));
    assertThat(header.parentHash().toHex()).isEqualTo(json.get("parentHash"));
    assertThat(header.ommersHash().toHex()).isEqualTo(json.get("uncleHash"));
    assertThat(header.coinbase().toHex()).isEqualTo(json.get("coinbase"));
    assertThat(header.stateRoot().toHex()).isEqualTo(json.get("stateRoot"));
    assertThat(header.transactionsRoot().toHex()).isEqualTo(json.get("transactionsTrie"));
    assertThat(header.receiptsRoot().toHex()).isEqualTo(json.get("receiptTrie"));
    assertThat(Hex.encode(header.logsBloom())).isEqualTo(json.get("bloom"));
    assertThat(header.difficulty()).isEqualTo(number(json.get("difficulty")));
    assertThat(BigInteger.valueOf(header.number())).isEqualTo(number(json.get("number")));
    assertThat(unsigned(header.gasLimit())).isEqualTo(number(json.get("gasLimit")));
    assertThat(unsigned(header.gasUsed())).isEqualTo(number(json.get("gasUsed")));
    assertThat(unsigned(header.timestamp())).isEqualTo(number(json.get("timestamp")));
    assertThat(Hex.encode(header.extraData())).isEqualTo(json.get("extraData"));
    assertThat(header.mixHash().toHex()).isEqualTo(json.get("mixHash"));
    assertThat(Hex.encode(header.nonce())).isEqualTo(json.get("nonce"));
    assertThat(header.baseFeePerGas()).isEqualTo(Optional.ofNullable(json.get("baseFeePerGas"))
        .map(BlockchainConformanceTest::number));
    assertThat(header.withdrawalsRoot().map(Hash::toHex)).isEqualTo(Optional.ofNullable(json.get("withdrawalsRoot")));
    assertThat(header.blobGasUsed().isPresent() ? Optional.of(unsigned(header.blobGasUsed().getAsLong()))
        : Optional.empty()).isEqualTo(Optional.ofNullable(json.get("blobGasUsed")).map(BlockchainConformanceTest::number));
    assertThat(header.excessBlobGas().isPresent() ? Optional.of(unsigned(header.excessBlobGas().getAsLong()))
        : Optional.empty()).isEqualTo(Optional.ofNullable(json.get("excessBlobGas")).map(BlockchainConformanceTest::number));
    assertThat(header.parentBeaconBlockRoot().map(Hash::toHex))
        .isEqualTo(Optional.ofNullable(json.get("parentBeaconBlockRoot")));
    assertThat(header.requestsHash().map(Hash::toHex)).isEqualTo(Optional.ofNullable(json.get("requestsHash")));
  }

  private static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }

  private static void checkWithdrawals(List<Withdrawal> withdrawals, List<Object> json) {
    assertThat(withdrawals).hasSize(json.size());
    for (int i = 0; i < json.size(); i++) {
      Map<String, Object> w = map(json.get(i));
      Withdrawal actual = withdrawals.get(i);
      assertThat(unsigned(actual.index())).isEqualTo(number(w.get("index")));
      assertThat(unsigned(actual.validatorIndex())).isEqualTo(number(w.get("validatorIndex")));
      assertThat(actual.address()).isEqualTo(Address.fromHex((String) w.get("address")));
      assertThat(unsigned(actual.amount())).isEqualTo(number(w.get("amount")));
    }
  }

  private static void checkTransactions(List<Transaction> txs, List<Object> json) {
    assertThat(txs).hasSize(json.size());
    for (int i = 0; i < json.size(); i++) {
      Map<String, Object> t = map(json.get(i));
      Transaction tx = txs.get(i);
      int type = t.containsKey("type") ? number(t.get("type")).intValueExact() : 0;
      assertThat(tx.type()).isEqualTo(type);
      assertThat(tx.sender()).isEqualTo(Address.fromHex((String) t.get("sender")));
      assertThat(unsigned(tx.nonce())).isEqualTo(number(t.get("nonce")));
      assertThat(unsigned(tx.gasLimit())).isEqualTo(number(t.get("gasLimit")));
      assertThat(tx.value()).isEqualTo(number(t.get("value")));
      assertThat(Hex.encode(tx.data())).isEqualTo(t.get("data"));
      String to = (String) t.get("to");
      assertThat(tx.to()).isEqualTo(to.isEmpty() ? Optional.empty() : Optional.of(Address.fromHex(to)));
      if (type != 0) {
        assertThat(tx.chainId()).contains(number(t.get("chainId")));
      } else if (number(t.get("v")).intValueExact() >= 35) {
        assertThat(tx.chainId()).contains(number(t.get("v")).subtract(BigInteger.valueOf(35)).shiftRight(1));
      } else {
        assertThat(tx.chainId()).isEmpty();
      }
      assertThat(tx.hash()).isEqualTo(Hash.keccak256(tx.encoded()));
    }
  }
}
