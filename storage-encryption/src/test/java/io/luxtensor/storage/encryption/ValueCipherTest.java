package io.luxtensor.storage.encryption;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.CorruptionException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The associated data of a value (header, family, key) is authenticated whatever its length. */
class ValueCipherTest {

  private final ValueCipher cipher = new ValueCipher(KeyRing.fresh());
  private final byte[] value = Stores.bytes("value");

  private static byte[] key(int length, int fill) {
    byte[] key = new byte[length];
    Arrays.fill(key, (byte) fill);
    return key;
  }

  @Test
  void aKeyAndFamilyLongerThanAnyBeforeRoundTrip() {
    byte[] tag = ValueCipher.familyTag("f".repeat(300));
    byte[] longKey = key(4096, 1);
    assertThat(cipher.decrypt("f", tag, longKey, cipher.encrypt(tag, longKey, value))).isEqualTo(value);
  }

  @Test
  void aShortKeyAfterALongOneIsAuthenticatedAloneNotWithTheLongOnesTail() {
    byte[] tag = ValueCipher.familyTag("default");
    byte[] longKey = key(4096, 1);
    byte[] shortKey = key(3, 1);
    cipher.decrypt("default", tag, longKey, cipher.encrypt(tag, longKey, value));
    byte[] sealed = cipher.encrypt(tag, shortKey, value);
    assertThat(cipher.decrypt("default", tag, shortKey, sealed)).isEqualTo(value);
    assertThatThrownBy(() -> cipher.decrypt("default", tag, key(4, 1), sealed)).isInstanceOf(CorruptionException.class);
  }

  @Test
  void aValueMovedToAnotherKeyOfTheSameLengthFailsAuthentication() {
    byte[] tag = ValueCipher.familyTag("default");
    byte[] sealed = cipher.encrypt(tag, key(16, 1), value);
    assertThatThrownBy(() -> cipher.decrypt("default", tag, key(16, 2), sealed)).isInstanceOf(CorruptionException.class);
  }
}
