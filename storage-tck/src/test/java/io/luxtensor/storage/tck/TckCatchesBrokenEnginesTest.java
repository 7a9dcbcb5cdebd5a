package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The TCK can fail: it runs the whole {@link StorageEngineContract} against the reference engine,
 * which must pass, and against the same engine with one deliberate bug each, which must fail, in the
 * test that pins that behaviour and, for the engine bugs, in the model-based property too.
 */
class TckCatchesBrokenEnginesTest {

  private static final String PROPERTY = "storeBehavesLikeTheSortedMapModel";

  @Test
  void referenceEngineWithoutBugsPassesTheWholeContract() {
    assertThat(failuresOf(CorrectCandidate.class)).isEmpty();
  }

  @Test
  void signedByteOrderIsCaught() {
    assertThat(failuresOf(SignedOrderCandidate.class)).contains("keysSortUnsignedLexicographically", PROPERTY);
  }

  @Test
  void batchAppliedHalfWayOnAnErrorIsCaught() {
    assertThat(failuresOf(HalfAppliedBatchCandidate.class)).contains("batchTouchingADroppedColumnFamilyAppliesNothing");
  }

  @Test
  void iteratorSeeingLaterWritesIsCaught() {
    assertThat(failuresOf(IteratorSeesLaterWritesCandidate.class)).contains("iteratorDoesNotSeeWritesMadeAfterItOpened", PROPERTY);
  }

  @Test
  void snapshotSeeingLaterWritesIsCaught() {
    assertThat(failuresOf(SnapshotSeesLaterWritesCandidate.class)).contains("snapshotDoesNotSeeLaterWrites", PROPERTY);
  }

  @Test
  void deleteRangeIncludingItsEndKeyIsCaught() {
    assertThat(failuresOf(DeleteRangeIncludesEndCandidate.class)).contains("deleteRangeRemovesFromInclusiveToExclusive", PROPERTY);
  }

  @Test
  void closeLeavingIteratorsUsableIsCaught() {
    assertThat(failuresOf(CloseLeavesIteratorsUsableCandidate.class)).contains("closingTheStoreClosesOpenIteratorsAndSnapshots");
  }

  /** Runs the contract on one candidate and returns the names of the tests that failed. */
  private static Set<String> failuresOf(Class<? extends StorageEngineContract> candidate) {
    Set<String> failed = ConcurrentHashMap.newKeySet();
    List<String> ran = new ArrayList<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          synchronized (ran) {
            ran.add(id.getDisplayName());
          }
          if (result.getStatus() == TestExecutionResult.Status.FAILED) {
            failed.add(id.getDisplayName());
          }
        }
      }
    };
    // Only whether a test fails matters here, not its minimal counterexample: skip shrinking.
    LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(candidate))
        .configurationParameter("jqwik.shrinking.default", "OFF").build(), listener);
    assertThat(ran).as("tests the contract ran on %s", candidate.getSimpleName()).hasSizeGreaterThan(30).contains(PROPERTY);
    return failed;
  }

  /** The reference engine with one bug, opened by hand rather than through the ServiceLoader. */
  abstract static class Candidate extends StorageEngineContract {
    private final Bug bug;

    Candidate(Bug bug) {
      this.bug = bug;
    }

    @Override
    protected StorageConfig.Builder config(Path directory) {
      return StorageConfig.builder().engine("reference").path(directory);
    }

    @Override
    protected KeyValueStore open(StorageConfig config) {
      KeyValueStore store = StorageEngines.open(ReferenceEngine.provider(bug), config);
      return bug == Bug.CLOSE_LEAVES_ITERATORS_USABLE ? new LeakyCloseStore(store) : store;
    }
  }

  static final class CorrectCandidate extends Candidate {
    CorrectCandidate() {
      super(Bug.NONE);
    }
  }

  static final class SignedOrderCandidate extends Candidate {
    SignedOrderCandidate() {
      super(Bug.SIGNED_ORDER);
    }
  }

  static final class HalfAppliedBatchCandidate extends Candidate {
    HalfAppliedBatchCandidate() {
      super(Bug.HALF_APPLIED_BATCH);
    }
  }

  static final class IteratorSeesLaterWritesCandidate extends Candidate {
    IteratorSeesLaterWritesCandidate() {
      super(Bug.ITERATOR_SEES_LATER_WRITES);
    }
  }

  static final class SnapshotSeesLaterWritesCandidate extends Candidate {
    SnapshotSeesLaterWritesCandidate() {
      super(Bug.SNAPSHOT_SEES_LATER_WRITES);
    }
  }

  static final class DeleteRangeIncludesEndCandidate extends Candidate {
    DeleteRangeIncludesEndCandidate() {
      super(Bug.DELETE_RANGE_INCLUDES_END);
    }
  }

  static final class CloseLeavesIteratorsUsableCandidate extends Candidate {
    CloseLeavesIteratorsUsableCandidate() {
      super(Bug.CLOSE_LEAVES_ITERATORS_USABLE);
    }
  }
}
