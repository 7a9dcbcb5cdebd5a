package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.testing.ConformanceFiles;
import io.luxtensor.chain.testing.TestEngines;
import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageEngines;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every BlockchainTests case of the shared conformance directory, read at test time, on every
 * engine: the {@code pre} allocation committed as height 0 has the genesis header's state root,
 * and the change from {@code pre} to {@code postState} committed as height 1 has the last block's
 * state root; flat reads, trie reads and proofs then agree with the vector's post state, and a
 * rollback to height 0 restores the genesis root and the pre state.
 */
class StateConformanceTest {

  static Stream<Arguments> casesOnEngines() {
    List<String> files = ConformanceFiles.allJsonFiles().stream().filter(f -> f.startsWith("BlockchainTests/")).toList();
    assertThat(files).as("BlockchainTests vectors in " + ConformanceFiles.root()).isNotEmpty();
    List<Arguments> out = new ArrayList<>();
    for (String file : files) {
      ConformanceFiles.cases(file).forEach((name, value) -> {
        Map<String, Object> testCase = map(value);
        // Cases too big to list their post state give only its hash; every stored case lists it.
        assertThat(testCase).as(file + " " + name).containsKey("postState");
        for (TestEngines.Engine engine : TestEngines.ALL) {
          out.add(Arguments.of(engine, file + " " + name, testCase));
        }
      });
    }
    return out.stream();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("casesOnEngines")
  void preAndPostStateRootsMatchTheHeaders(TestEngines.Engine engine, String name, Map<String, Object> testCase) {
    Map<String, Object> pre = map(testCase.get("pre"));
    Map<String, Object> post = map(testCase.get("postState"));
    List<Object> blocks = list(testCase.get("blocks"));
    Map<String, Object> lastHeader = map(map(blocks.get(blocks.size() - 1)).get("blockHeader"));
    Hash genesisRoot = Hash.fromHex((String) map(testCase.get("genesisBlockHeader")).get("stateRoot"));
    Hash postRoot = Hash.fromHex((String) lastHeader.get("stateRoot"));
    Hash genesisHash = Hash.fromHex((String) map(testCase.get("genesisBlockHeader")).get("hash"));
    Hash lastHash = Hash.fromHex((String) lastHeader.get("hash"));

    try (KeyValueStore kv = StorageEngines.open(engine.config())) {
      StateStore state = StateStore.open(kv);
      WorldState world = state.begin();
      load(world, pre, Map.of());
      assertThat(world.commit(0, genesisHash)).as("genesis state root").isEqualTo(genesisRoot);

      load(world, post, pre);
      assertThat(world.commit(1, lastHash)).as("post state root").isEqualTo(postRoot);

      checkAgainst(state.head(), post);
      checkAgainst(state.at(postRoot), post);
      checkAgainst(state.at(0), pre);
      state.rollbackTo(0);
      assertThat(state.headRoot()).isEqualTo(genesisRoot);
      checkAgainst(state.head(), pre);
      checkAgainst(StateStore.open(kv).head(), pre);
    }
  }

  /** Turns the state {@code from} into {@code to}; with an empty {@code from}, loads {@code to}. */
  private static void load(WorldState world, Map<String, Object> to, Map<String, Object> from) {
    for (String address : from.keySet()) {
      if (!to.containsKey(address)) {
        world.deleteAccount(Address.parse(address));
      }
    }
    to.forEach((hex, value) -> {
      Address address = Address.parse(hex);
      Map<String, Object> account = map(value);
      world.createAccount(address);
      world.setNonce(address, Hex.parseQuantity((String) account.get("nonce")).longValueExact());
      world.setBalance(address, Hex.parseQuantity((String) account.get("balance")));
      world.setCode(address, Hex.decode((String) account.get("code")));
      Map<String, Object> slots = map(account.get("storage"));
      Map<String, Object> before = from.containsKey(hex) ? map(map(from.get(hex)).get("storage")) : Map.of();
      for (String slot : before.keySet()) {
        if (!slots.containsKey(slot)) {
          world.setStorage(address, Words.parse(slot), Hash.ZERO);
        }
      }
      slots.forEach((slot, word) -> world.setStorage(address, Words.parse(slot), Words.parse((String) word)));
    });
  }

  private static void checkAgainst(StateView view, Map<String, Object> expected) {
    expected.forEach((hex, value) -> {
      Address address = Address.parse(hex);
      Map<String, Object> account = map(value);
      assertThat(view.balance(address)).as("balance of " + hex).isEqualTo(Hex.parseQuantity((String) account.get("balance")));
      assertThat(view.nonce(address)).as("nonce of " + hex)
          .isEqualTo(Hex.parseQuantity((String) account.get("nonce")).longValueExact());
      assertThat(view.code(address)).as("code of " + hex).isEqualTo(Hex.decode((String) account.get("code")));
      List<Hash> slots = new ArrayList<>();
      map(account.get("storage")).forEach((slot, word) -> {
        slots.add(Words.parse(slot));
        assertThat(view.storage(address, Words.parse(slot))).as("slot " + slot + " of " + hex)
            .isEqualTo(Words.parse((String) word));
      });
      AccountProof proof = view.proof(address, slots);
      proof.verify(view.root());
      assertThat(proof.account()).isEqualTo(view.account(address));
    });
  }
}
