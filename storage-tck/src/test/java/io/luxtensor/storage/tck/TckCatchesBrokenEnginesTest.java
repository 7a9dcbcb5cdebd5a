package io.luxtensor.storage.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.luxtensor.storage.KeyValueStore;
import io.luxtensor.storage.StorageConfig;
import io.luxtensor.storage.StorageEngines;
import io.luxtensor.storage.spi.CachingEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The TCK can fail: it runs the whole {@link StorageEngineContract} against the reference engine,
 * which must pass it without skipping anything, and against the same engine with one deliberate bug
 * each, which must fail with an assertion of the contract in the test that pins that behaviour and,
 * for the bugs a single thread can see, in the model-based property too.
 */
class TckCatchesBrokenEnginesTest {

  private static final String PROPERTY = "storeBehavesLikeTheSortedMapModel";

  @Test
  void referenceEngineWithoutBugsPassesTheWholeContractSkippingNothing() {
    Outcome outcome = run(CorrectCandidate.class);
    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.skipped()).as("contract tests skipped for the reference engine").isEmpty();
  }

  @Test
  void referenceEngineBehindTheApisReadCachePassesTheWholeContractSkippingNothing() {
    Outcome outcome = run(ReadCacheCandidate.class);
    assertThat(outcome.failed()).isEmpty();
    assertThat(outcome.skipped()).as("contract tests skipped for the cached reference engine").isEmpty();
  }

  /**
   * Caught for certain by the transaction example. The model property catches it only when a random
   * sequence happens to read a key after a batch rewrote it, so it is not asserted here.
   */
  @Test
  void readCacheLeftStaleByBatchesAndCommitsIsCaught() {
    assertCaught(StaleReadCacheCandidate.class, "transactionReadsItsOwnWritesAndCommitsThemAtomically");
  }

  @Test
  void signedByteOrderIsCaught() {
    assertCaught(SignedOrderCandidate.class, "keysSortUnsignedLexicographically", PROPERTY);
  }

  @Test
  void batchAppliedHalfWayOnAnErrorIsCaught() {
    assertCaught(HalfAppliedBatchCandidate.class, "batchTouchingADroppedColumnFamilyAppliesNothing");
  }

  @Test
  void largeBatchSortedWithoutKeepingAKeysOrderIsCaught() {
    assertCaught(LargeBatchSortedUnstablyCandidate.class, "aLargeBatchOutOfKeyOrderAppliesLikeItsOperationsOneAfterAnother");
  }

  @Test
  void batchThatConcurrentReadersSeeHalfAppliedIsCaught() {
    assertCaught(BatchVisibleHalfAppliedCandidate.class, "parallelWritersAndReadersSeeNoTornBatchAndLoseNoWrite");
  }

  @Test
  void batchThatAKillLeavesHalfWrittenOnDiskIsCaught() {
    assertCaught(BatchTornOnDiskCandidate.class, "killsDuringReopenAndWritesLeaveWholeBatchesAndEverySyncedOne");
  }

  @Test
  void iteratorSeeingLaterWritesIsCaught() {
    assertCaught(IteratorSeesLaterWritesCandidate.class, "iteratorDoesNotSeeWritesMadeAfterItOpened", PROPERTY);
  }

  @Test
  void snapshotSeeingLaterWritesIsCaught() {
    assertCaught(SnapshotSeesLaterWritesCandidate.class, "snapshotDoesNotSeeLaterWrites", PROPERTY);
  }

  @Test
  void snapshotReadingAHintedFamilysValuesLiveIsCaught() {
    assertCaught(HintedSnapshotReadsLiveCandidate.class, "hintedFamilyAnswersAsWrittenThroughSnapshotsFlushesCompactionsAndReopens");
  }

  @Test
  void deleteRangeIncludingItsEndKeyIsCaught() {
    assertCaught(DeleteRangeIncludesEndCandidate.class, "deleteRangeRemovesFromInclusiveToExclusive", PROPERTY);
  }

  @Test
  void commitIgnoringAWriteWriteConflictIsCaught() {
    assertCaught(CommitIgnoresConflictsCandidate.class, "conflictingTransactionFailsAndAppliesNothing",
        "plainWriteAfterATransactionBeganMakesItsCommitConflict");
  }

  @Test
  void serializableCommitIgnoringItsReadsIsCaught() {
    assertCaught(SerializableIgnoresReadsCandidate.class, "writeSkewRejectsTheSecondCommitWhenSerializable",
        "serializableTransactionConflictsWhenAKeyAppearsInARangeItIterated",
        "serializableTransactionConflictsWhenAnAbsentKeyItReadIsCreated", "serializableHistoriesEqualTheirCommitOrder");
  }

  @Test
  void countOverrideIgnoringTheRangesEndIsCaught() {
    assertCaught(CountIgnoresUpperBoundCandidate.class, "prefixRangeCoversExactlyThePrefixIncludingFfBytes", PROPERTY);
  }

  @Test
  void closeLeavingIteratorsUsableIsCaught() {
    assertCaught(CloseLeavesIteratorsUsableCandidate.class, "closingTheStoreClosesOpenIteratorsAndSnapshots");
  }

  @Test
  void snapshotReleasedWithoutDrainingItsReadsIsCaught() {
    assertCaught(SnapshotReleasedUnderReadersCandidate.class, "snapshotClosedWhileOthersReadThroughItGivesRightDataOrStoreClosed");
  }

  /**
   * Asserts that each of {@code tests} failed on {@code candidate} with an assertion of the contract
   * (an {@link AssertionError}), not with whatever exception the broken engine happened to throw.
   */
  private static void assertCaught(Class<? extends StorageEngineContract> candidate, String... tests) {
    Map<String, Throwable> failed = run(candidate, tests).failed();
    assertThat(failed).containsKeys(tests);
    for (String test : tests) {
      assertThat(contractFailure(failed.get(test))).as("why %s failed on %s", test, candidate.getSimpleName())
          .isInstanceOf(AssertionError.class);
    }
  }

  /** The failure itself, out of the wrapper a check that ran it on other threads put it in. */
  private static Throwable contractFailure(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** What running the contract on one candidate did: its failed tests with their cause, and its skipped ones. */
  private record Outcome(Map<String, Throwable> failed, Set<String> skipped) {}

  /**
   * Runs the contract on one candidate: only {@code tests} when some are named (a broken candidate
   * needs only the tests that must catch it, which keeps this class fast), else all of it.
   */
  private static Outcome run(Class<? extends StorageEngineContract> candidate, String... tests) {
    Map<String, Throwable> failed = new ConcurrentHashMap<>();
    Set<String> skipped = ConcurrentHashMap.newKeySet();
    List<String> ran = new ArrayList<>();
    TestExecutionListener listener = new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier id, String reason) {
        skipped.add(id.getDisplayName());
      }

      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
          synchronized (ran) {
            ran.add(id.getDisplayName());
          }
          switch (result.getStatus()) {
            case FAILED -> failed.put(id.getDisplayName(), result.getThrowable().orElseGet(AssertionError::new));
            case ABORTED -> skipped.add(id.getDisplayName());
            default -> { }
          }
        }
      }
    };
    // Only whether a test fails matters here, not its minimal counterexample: skip shrinking.
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(candidate))
        .configurationParameter("jqwik.shrinking.default", "OFF");
    if (tests.length > 0) {
      Set<String> names = Set.of(tests);
      request.filters((PostDiscoveryFilter) descriptor -> FilterResult.includedIf(
          !(descriptor.getSource().orElse(null) instanceof MethodSource method) || names.contains(method.getMethodName())));
    }
    LauncherFactory.create().execute(request.build(), listener);
    if (tests.length > 0) {
      assertThat(ran).as("tests the contract ran on %s", candidate.getSimpleName()).containsExactlyInAnyOrder(tests);
    } else {
      assertThat(ran).as("tests the contract ran on %s", candidate.getSimpleName()).hasSizeGreaterThan(50).contains(PROPERTY);
    }
    return new Outcome(failed, skipped);
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
      StorageEngineProvider provider = switch (bug) {
        case STALE_READ_CACHE -> StaleReadCacheEngine.provider();
        default -> ReferenceEngine.provider(bug);
      };
      KeyValueStore store = StorageEngines.open(provider, config);
      return switch (bug) {
        case CLOSE_LEAVES_ITERATORS_USABLE -> new LeakyCloseStore(store);
        case SNAPSHOT_RELEASED_UNDER_READERS -> new UndrainedSnapshotStore(store);
        default -> store;
      };
    }
  }

  static final class CorrectCandidate extends Candidate {
    CorrectCandidate() {
      super(Bug.NONE);
    }
  }

  /**
   * The reference engine behind the API's {@link CachingEngine}, with a cache small enough (16 KiB)
   * that the contract's data also runs through eviction.
   */
  static final class ReadCacheCandidate extends StorageEngineContract {
    @Override
    protected StorageConfig.Builder config(Path directory) {
      return StorageConfig.builder().engine("reference").path(directory);
    }

    @Override
    protected KeyValueStore open(StorageConfig config) {
      StorageEngineProvider reference = ReferenceEngine.provider(Bug.NONE);
      return StorageEngines.open(new CachingProvider(reference, 16 << 10), config);
    }
  }

  static final class StaleReadCacheCandidate extends Candidate {
    StaleReadCacheCandidate() {
      super(Bug.STALE_READ_CACHE);
    }
  }

  static final class HintedSnapshotReadsLiveCandidate extends Candidate {
    HintedSnapshotReadsLiveCandidate() {
      super(Bug.HINTED_SNAPSHOT_READS_LIVE);
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

  static final class LargeBatchSortedUnstablyCandidate extends Candidate {
    LargeBatchSortedUnstablyCandidate() {
      super(Bug.LARGE_BATCH_SORTED_UNSTABLY);
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

  static final class BatchVisibleHalfAppliedCandidate extends Candidate {
    BatchVisibleHalfAppliedCandidate() {
      super(Bug.BATCH_VISIBLE_HALF_APPLIED);
    }
  }

  static final class BatchTornOnDiskCandidate extends Candidate {
    BatchTornOnDiskCandidate() {
      super(Bug.BATCH_TORN_ON_DISK);
    }
  }

  static final class CommitIgnoresConflictsCandidate extends Candidate {
    CommitIgnoresConflictsCandidate() {
      super(Bug.COMMIT_IGNORES_CONFLICTS);
    }
  }

  static final class SerializableIgnoresReadsCandidate extends Candidate {
    SerializableIgnoresReadsCandidate() {
      super(Bug.SERIALIZABLE_IGNORES_READS);
    }
  }

  static final class CountIgnoresUpperBoundCandidate extends Candidate {
    CountIgnoresUpperBoundCandidate() {
      super(Bug.COUNT_IGNORES_UPPER_BOUND);
    }
  }

  static final class SnapshotReleasedUnderReadersCandidate extends Candidate {
    SnapshotReleasedUnderReadersCandidate() {
      super(Bug.SNAPSHOT_RELEASED_UNDER_READERS);
    }
  }
}
