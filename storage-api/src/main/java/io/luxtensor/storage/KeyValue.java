package io.luxtensor.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry read from a store. Immutable: key and value are copied on the way in and out.
 *
 * @param key the key, never {@code null} or empty
 * @param value the value, never {@code null}; may be empty
 */
public record KeyValue(byte[] key, byte[] value) {

  public KeyValue {
    key = Objects.requireNonNull(key, "key").clone();
    value = Objects.requireNonNull(value, "value").clone();
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyValue other && Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return Keys.toHex(key) + "=" + Keys.toHex(value);
  }
}
