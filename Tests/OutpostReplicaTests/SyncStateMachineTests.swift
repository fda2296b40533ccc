import OutpostReplica
import Testing

/// The sync conversation, driven with plain events (DESIGN "A sans-I/O sync engine").
@Suite struct SyncStateMachineTests {
    @Test func anOrdinarySyncPushesUntilTheJournalIsEmptyThenPullsThenFetchesConflicts() {
        var machine = SyncStateMachine()
        #expect(machine.next(after: .started) == .handshake)
        #expect(machine.next(after: .handshakeAnswered(pendingEntries: 700)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 200)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 0)) == .pull)
        #expect(machine.next(after: .pageApplied(hasMore: true)) == .pull)
        #expect(machine.next(after: .pageApplied(hasMore: false)) == .fetchConflicts)
        #expect(machine.next(after: .conflictsFetched(hasMore: false)) == .finish)
    }

    @Test func aPushThatTakesNothingStalls() {
        var machine = SyncStateMachine()
        _ = machine.next(after: .started)
        #expect(machine.next(after: .handshakeAnswered(pendingEntries: 5)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 5)) == .stall)
    }

    @Test func aCursorAheadOfARestoredServerReBootstrapsOnceThenPushesAndPullsAgain() {
        var machine = SyncStateMachine()
        _ = machine.next(after: .started)
        #expect(machine.next(after: .handshakeAnswered(pendingEntries: 0)) == .pull)
        #expect(machine.next(after: .cursorAhead) == .rebootstrap)
        #expect(machine.next(after: .rebootstrapPrepared(pendingEntries: 12)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 0)) == .pull)
        // A bootstrap has no cursor to refuse: a second refusal in one sync is reported, not looped on.
        #expect(machine.next(after: .cursorAhead) == .cursorStillAhead)
    }

    @Test func aReBootstrapWithNothingToSendGoesStraightToThePull() {
        var machine = SyncStateMachine()
        _ = machine.next(after: .started)
        _ = machine.next(after: .handshakeAnswered(pendingEntries: 0))
        #expect(machine.next(after: .cursorAhead) == .rebootstrap)
        #expect(machine.next(after: .rebootstrapPrepared(pendingEntries: 0)) == .pull)
    }

    @Test func aDisabledUsersSyncHandsOverWhatWaitsThenStops() {
        var machine = SyncStateMachine()
        _ = machine.next(after: .started)
        #expect(machine.next(after: .userDisabled(pendingEntries: 600)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 100)) == .push)
        #expect(machine.next(after: .pushAnswered(pendingEntries: 0)) == .stopDisabled, "nothing to pull for a disabled user")
        var empty = SyncStateMachine()
        _ = empty.next(after: .started)
        #expect(empty.next(after: .userDisabled(pendingEntries: 0)) == .stopDisabled)
    }
}
