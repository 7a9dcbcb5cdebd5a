package io.luxtensor.chain.testing;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.BooleanSupplier;

/** A key-value store whose writes fail on demand, for tests of what a failed write leaves behind. */
public final class FailingWrites {

  private FailingWrites() {}

  /**
   * {@code store} behind a view that, before each {@code write}, asks {@code fail} whether to throw a
   * {@link StorageException} ("injected write failure") instead; everything else passes through.
   */
  public static KeyValueStore when(KeyValueStore store, BooleanSupplier fail) {
    return (KeyValueStore) Proxy.newProxyInstance(KeyValueStore.class.getClassLoader(),
        new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("write") && fail.getAsBoolean()) {
            throw new StorageException("injected write failure");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
