import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// Trial-session seats against a real store (both kinds): `booked_count` counts the
/// appointments holding a seat, and only a live trial class takes one.
@Suite struct TrialBookingTests {
    private let now = AppointmentFixture.now

    @Test(arguments: StoreKind.allCases)
    func aRebookedOrCancelledAppointmentGivesItsSeatBack(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 1), AppointmentFixture.session("ts2", capacity: 2)], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1")
                + AppointmentFixture.appointment(&wang, "a2"), [], to: store, at: now)

            let first = try await wang.push([], [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])], to: store, at: now + 1000)
            let moved = try await wang.push([], [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts2")])], to: store, at: now + 2000)
            #expect((first.results + moved.results).map(\.status) == [.applied, .applied])
            #expect(try await bookedCounts(store) == ["ts1": 0, "ts2": 1])
            // The seat a1 left is free for a2.
            let other = try await wang.push([], [wang.command(.book, "appointment", "a2", ["trial_session_id": .text("ts1")])], to: store, at: now + 3000)
            #expect(other.results.map(\.status) == [.applied])
            #expect(try await bookedCounts(store) == ["ts1": 1, "ts2": 1])

            let cancel = try await wang.push([wang.change("appointment", "a1", "status", .text("cancelled"))], [], to: store, at: now + 4000)
            #expect(cancel.results.map(\.status) == [.applied])
            #expect(try await bookedCounts(store) == ["ts1": 1, "ts2": 0])
            let cancelled = try #require(try await storeRows(store, entity: EntityName("appointment"))[RowID("a1")])
            #expect((cancelled.values[FieldName("trial_session_id")] ?? .null) == .null)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func onlyALiveTrialClassTakesASeat(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 2)], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            let rows = AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "visit", kind: "visit_invitation")
                + AppointmentFixture.appointment(&wang, "gone", status: "cancelled")
            _ = try await wang.push(rows, [], to: store, at: now)
            let answer = try await wang.push([], ["visit", "gone"].map { wang.command(.book, "appointment", $0, ["trial_session_id": .text("ts1")]) },
                                             to: store, at: now + 1000)
            #expect(answer.results.map(\.code?.rawValue) == ["trial.not_bookable", "trial.not_bookable"])
            #expect(try await bookedCounts(store) == ["ts1": 0])
            let appointments = try await storeRows(store, entity: EntityName("appointment"))
            #expect(appointments.values.allSatisfy { ($0.values[FieldName("trial_session_id")] ?? .null) == .null })
        }
    }

    // MARK: - Helpers

    private func bookedCounts(_ store: any ChangeStore) async throws -> [String: Int64] {
        try await storeRows(store, entity: EntityName("trial_session")).reduce(into: [:]) {
            guard ["ts1", "ts2"].contains($1.key.rawValue) else { return }   // not the demo organisation's own sessions
            $0[$1.key.rawValue] = $1.value.values[FieldName("booked_count")]?.integerValue
        }
    }
}
