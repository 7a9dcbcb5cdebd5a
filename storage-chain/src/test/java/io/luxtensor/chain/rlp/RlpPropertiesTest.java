package io.luxtensor.chain.rlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class RlpPropertiesTest {

  @Provide
  Arbitrary<RlpItem> items() {
    Arbitrary<RlpItem> strings = Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(RlpString::new);
    return Arbitraries.recursive(
        () -> strings,
        inner -> inner.list().ofMaxSize(5).map(items -> (RlpItem) new RlpList(items)),
        0, 4);
  }

  @Property
  void decodingAnEncodingGivesTheItemBack(@ForAll("items") RlpItem item) {
    assertThat(Rlp.decode(Rlp.encode(item))).isEqualTo(item);
  }

  @Property
  void encodedLengthIsTheLengthOfTheEncoding(@ForAll("items") RlpItem item) {
    assertThat(Rlp.encodedLength(item)).isEqualTo(Rlp.encode(item).length);
  }

  @Property
  void everyStrictPrefixOfAnEncodingIsRejected(@ForAll("items") RlpItem item) {
    byte[] encoded = Rlp.encode(item);
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> Rlp.decode(prefix)).isInstanceOf(RlpException.class);
    }
  }
}
