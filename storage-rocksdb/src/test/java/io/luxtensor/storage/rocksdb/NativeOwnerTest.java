package io.luxtensor.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.luxtensor.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The owner of a store's native objects closes each once, newest first, and keeps going past failures. */
class NativeOwnerTest {

  private final List<String> closed = new ArrayList<>();

  private AutoCloseable resource(String name) {
    return () -> closed.add(name);
  }

  private AutoCloseable failing(String name, Exception failure) {
    return () -> {
      closed.add(name);
      throw failure;
    };
  }

  @Test
  void closesNewestFirst() {
    NativeOwner owner = new NativeOwner();
    owner.own(resource("options"));
    owner.own(resource("db"));
    owner.own(resource("handle"));
    owner.close();
    assertThat(closed).containsExactly("handle", "db", "options");
  }

  @Test
  void closingTwiceClosesEachObjectOnce() {
    NativeOwner owner = new NativeOwner();
    owner.own(resource("db"));
    owner.close();
    owner.close();
    assertThat(closed).containsExactly("db");
  }

  @Test
  void ownReturnsTheResourceItTakes() throws Exception {
    NativeOwner owner = new NativeOwner();
    AutoCloseable db = resource("db");
    assertThat(owner.own(db)).isSameAs(db);
    owner.close();
  }

  @Test
  void objectHandedToAClosedOwnerIsClosedAndRefused() {
    NativeOwner owner = new NativeOwner();
    owner.close();
    assertThatThrownBy(() -> owner.own(resource("late"))).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already closed");
    assertThat(closed).containsExactly("late");
  }

  @Test
  void lateObjectWhoseCloseFailsIsStillRefused() {
    NativeOwner owner = new NativeOwner();
    owner.close();
    assertThatThrownBy(() -> owner.own(failing("late", new Exception("boom")))).isInstanceOf(IllegalStateException.class);
    assertThat(closed).containsExactly("late");
  }

  @Test
  void failingCloseDoesNotStopTheOthersAndIsRethrownFirst() {
    NativeOwner owner = new NativeOwner();
    IllegalStateException first = new IllegalStateException("handle close failed");
    owner.own(resource("options"));
    owner.own(failing("db", new RuntimeException("db close failed")));
    owner.own(failing("handle", first));

    assertThatThrownBy(owner::close).isSameAs(first);
    assertThat(first.getSuppressed()).hasSize(1);
    assertThat(first.getSuppressed()[0]).hasMessage("db close failed");
    assertThat(closed).containsExactly("handle", "db", "options");
  }

  @Test
  void checkedCloseFailureBecomesAStorageExceptionNamingTheCause() {
    NativeOwner owner = new NativeOwner();
    owner.own(failing("cache", new Exception("native free failed")));
    assertThatThrownBy(owner::close).isInstanceOf(StorageException.class).hasMessageContaining("native free failed")
        .hasCauseInstanceOf(Exception.class);
  }
}
