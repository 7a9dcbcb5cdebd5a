package io.luxtensor.chain.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.chain.crypto.Address;
import io.luxtensor.chain.crypto.Hash;
import io.luxtensor.chain.crypto.Hex;
import io.luxtensor.chain.rlp.Rlp;
import io.luxtensor.chain.rlp.RlpException;
import io.luxtensor.chain.rlp.RlpList;
import io.luxtensor.chain.rlp.RlpString;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AccountTest {

  @Test
  void encodesAsTheEthereumAccountRlp() {
    Account account = new Account(1, BigInteger.valueOf(0x0de0b6b3a7640000L), Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_CODE_HASH);

    assertThat(Hex.encode(account.encode())).isEqualTo("0xf84c01880de0b6b3a7640000"
        + "a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
        + "a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Account.decode(account.encode())).isEqualTo(account);
  }

  @Test
  void encodesEdgeQuantitiesWithoutLeadingZeros() {
    long[] nonces = {0, 1, 0x7f, 0x80, 0xff, 0x100, Long.MAX_VALUE};
    BigInteger[] balances = {BigInteger.ZERO, BigInteger.ONE, BigInteger.valueOf(0x80), BigInteger.ONE.shiftLeft(255),
        Account.MAX_BALANCE};
    for (long nonce : nonces) {
      for (BigInteger balance : balances) {
        Account account = new Account(nonce, balance, Hash.EMPTY_TRIE_ROOT, Hash.keccak256(new byte[] {1}));

        assertThat(account.encode()).as("nonce %d, balance %s", nonce, balance)
            .isEqualTo(Rlp.encode(RlpList.of(RlpString.ofUnsigned(nonce), RlpString.ofUnsigned(balance),
                new RlpString(account.storageRoot().bytes()), new RlpString(account.codeHash().bytes()))));
        assertThat(Account.decode(account.encode())).isEqualTo(account);
      }
    }
  }

  @Test
  void decodeRejectsAListOfTheWrongShape() {
    assertThatThrownBy(() -> Account.decode(new byte[] {(byte) 0xc1, 0x01})).isInstanceOf(RlpException.class);
  }

  @Test
  void rejectsANegativeOrOversizedBalance() {
    assertThatThrownBy(() -> Account.EMPTY.withBalance(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Account.EMPTY.withBalance(Account.MAX_BALANCE.add(BigInteger.ONE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyMeansNoNonceNoBalanceNoCode() {
    assertThat(Account.EMPTY.isEmpty()).isTrue();
    assertThat(Account.EMPTY.withNonce(1).isEmpty()).isFalse();
    assertThat(Account.EMPTY.withCodeHash(Hash.keccak256(new byte[] {1})).hasCode()).isTrue();
  }

  @Test
  void quantitiesParseAsGenesisFilesWriteThem() {
    assertThat(Hex.parseQuantity("0x1")).isEqualTo(BigInteger.ONE);
    assertThat(Hex.parseQuantity("0x")).isEqualTo(BigInteger.ZERO);
    assertThat(Hex.parseQuantity("1000000000000000000")).isEqualTo(BigInteger.TEN.pow(18));
    assertThat(Words.parse("0x12e2")).isEqualTo(Words.of(0x12e2));
    assertThatThrownBy(() -> Hex.parseQuantity("ff")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x prefix");
    assertThatThrownBy(() -> Words.of(BigInteger.ONE.shiftLeft(256))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressesParseWithOrWithoutThePrefix() {
    assertThat(Address.parse("a94f5374fce5edbc8e2a8697c15331677e6ebf0b"))
        .isEqualTo(Address.fromHex("0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b"));
    assertThatThrownBy(() -> Address.parse("0x01")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void wordsRoundTripThroughNumbers() {
    assertThat(Words.toBigInteger(Words.of(BigInteger.TWO.pow(255)))).isEqualTo(BigInteger.TWO.pow(255));
    assertThat(Words.fromTrimmed(Words.trimmed(Words.of(0x1234)))).isEqualTo(Words.of(0x1234));
    assertThat(Words.trimmed(Hash.ZERO)).isEmpty();
  }
}
