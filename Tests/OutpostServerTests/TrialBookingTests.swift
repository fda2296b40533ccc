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
            // It still names the session it left: an attendance that beats the cancel takes the seat back.
            let cancelled = try #require(try await storeRows(store, entity: EntityName("appointment"))[RowID("a1")])
            #expect(cancelled.values[FieldName("trial_session_id")] == .text("ts2"))
        }
    }

    /// A row without a status (stored before a refused status refused the whole new row) is
    /// not a scheduled appointment, and takes no seat.
    @Test(arguments: StoreKind.allCases)
    func anAppointmentWithoutAStatusTakesNoSeat(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            let halfRow = SeedRow(entity: EntityName("appointment"), id: RowID("half"), values: [
                "kind": .text("trial_class"), "customer_id": .text("k1"), "student_id": .text("st1"), "campus_id": .text("ou-hd-campus"),
                "invited_by_id": .text("u-wang"), "schedule": .object(["start": .integer(AppointmentFixture.start), "end": .integer(AppointmentFixture.start + 3_600_000)]),
            ])
            try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 1)], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang), [], to: store, at: now)
            try await store.seed([halfRow], serverNow: now + 500)

            let answer = try await wang.push([], [wang.command(.book, "appointment", "half", ["trial_session_id": .text("ts1")])], to: store, at: now + 1000)
            #expect(answer.results.map(\.code?.rawValue) == ["trial.not_bookable"])
            #expect(try await bookedCounts(store) == ["ts1": 0])
        }
    }

    /// Attended beats a concurrent cancel (R-15.2, DOMAIN §3.2 rule 5), and the seat follows the
    /// status: whichever reaches the server first, the attended appointment holds the one seat
    /// and nobody else takes it (DESIGN invariant 1).
    @Test(arguments: StoreKind.allCases, [false, true])
    func attendedBeatsAConcurrentCancelAndKeepsTheSeatWhateverTheOrder(store kind: StoreKind, attendedFirst: Bool) async throws {
        try await withChangeStore(kind) { store in
            var (wang, lily) = try await bookedIntoASingleSeat(store)
            let after = AppointmentFixture.start + 600_000
            let cancel = wang.change("appointment", "a1", "status", .text("cancelled"), at: after)
            let attended = lily.change("appointment", "a1", "status", .text("attended"), at: after)
            let pushes = [(wang, cancel), (lily, attended)]
            for (device, change) in attendedFirst ? pushes.reversed() : pushes {
                let answer = try await device.push([change], [], to: store, at: after + 1000)
                #expect(answer.results.map(\.status) != [.rejected])
            }

            let a1 = try await appointment("a1", in: store)
            #expect(a1.values[FieldName("status")] == .text("attended"))
            #expect(a1.values[FieldName("trial_session_id")] == .text("ts1"))
            #expect(a1.values[FieldName("waitlisted")]?.boolValue != true)
            #expect(try await bookedCounts(store) == ["ts1": 1])
            let other = try await wang.push([], [wang.command(.book, "appointment", "a2", ["trial_session_id": .text("ts1")])], to: store, at: after + 2000)
            #expect(other.results.map(\.code?.rawValue) == ["trial.session_full"])
            #expect(try await bookedCounts(store) == ["ts1": 1])
        }
    }

    /// When the cancel gave the seat back and another appointment took it before the attendance
    /// arrived, the session stays within capacity: the attended appointment is waitlisted, as a
    /// booking of a full session is.
    @Test(arguments: StoreKind.allCases)
    func anAttendanceAfterTheSeatWasRetakenIsWaitlisted(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var (wang, lily) = try await bookedIntoASingleSeat(store)
            let after = AppointmentFixture.start + 600_000
            _ = try await wang.push([wang.change("appointment", "a1", "status", .text("cancelled"), at: after)], [], to: store, at: after)
            let retaken = try await wang.push([], [wang.command(.book, "appointment", "a2", ["trial_session_id": .text("ts1")])], to: store, at: after + 1000)
            #expect(retaken.results.map(\.status) == [.applied])

            let attended = try await lily.push([lily.change("appointment", "a1", "status", .text("attended"), at: after)], [], to: store, at: after + 2000)
            #expect(attended.results.map(\.status) == [.applied])
            let a1 = try await appointment("a1", in: store)
            #expect(a1.values[FieldName("status")] == .text("attended"))
            #expect(a1.values[FieldName("waitlisted")] == .bool(true))
            #expect(try await bookedCounts(store) == ["ts1": 1])
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

    /// Seeds the session `ts1` with one seat, creates Wang's trial classes `a1` and `a2`, and
    /// books `a1` into it; returns Wang's device and his team lead Lily's.
    private func bookedIntoASingleSeat(_ store: any ChangeStore) async throws -> (wang: Device, lily: Device) {
        try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 1)], serverNow: now)
        var wang = Device("w1", DemoUsers.wang.userID)
        _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1")
            + AppointmentFixture.appointment(&wang, "a2"), [], to: store, at: now)
        let booked = try await wang.push([], [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])], to: store, at: now + 1000)
        #expect(booked.results.map(\.status) == [.applied])
        #expect(try await bookedCounts(store) == ["ts1": 1])
        return (wang, Device("l1", DemoUsers.lily.userID))
    }

    private func appointment(_ id: String, in store: any ChangeStore) async throws -> RowState {
        try #require(try await storeRows(store, entity: EntityName("appointment"))[RowID(id)])
    }

    private func bookedCounts(_ store: any ChangeStore) async throws -> [String: Int64] {
        try await storeRows(store, entity: EntityName("trial_session")).reduce(into: [:]) {
            guard ["ts1", "ts2"].contains($1.key.rawValue) else { return }   // not the demo organisation's own sessions
            $0[$1.key.rawValue] = $1.value.values[FieldName("booked_count")]?.integerValue
        }
    }
}
