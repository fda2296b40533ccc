import Foundation
import OutpostCore
import OutpostDomain
import OutpostProtocol
import OutpostServer
import OutpostTestSupport
import Testing

/// An appointment's status, schedule and campus against a real store (both kinds): attendance
/// only after the start, recorded with who vouched for it, and neither the schedule nor
/// the campus moves once the appointment is over (DOMAIN §1.9).
@Suite struct AppointmentRuleTests {
    private let now = AppointmentFixture.now

    @Test(arguments: StoreKind.allCases)
    func attendanceWaitsForTheStartAndNamesWhoRecordedIt(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1"), [], to: store, at: now)

            let early = try await wang.push([wang.change("appointment", "a1", "status", .text("attended"))], [], to: store, at: now + 1000)
            #expect(early.results.map(\.code?.rawValue) == ["appointment.not_started"])
            let startText = Date(timeIntervalSince1970: Double(AppointmentFixture.start) / 1000).formatted(.iso8601)
            #expect(early.results.first?.message?.contains(startText) == true, "the start is named as a time a person reads")
            #expect(try await appointment("a1", in: store).values[FieldName("status")] == .text("scheduled"))

            let after = AppointmentFixture.start + 600_000
            let attended = try await wang.push([wang.change("appointment", "a1", "status", .text("attended"), at: after)], [], to: store, at: after)
            #expect(attended.results.map(\.status) == [.applied])
            let row = try await appointment("a1", in: store)
            #expect(row.values[FieldName("status")] == .text("attended"))
            #expect(row.values[FieldName("attendance_marked_by_id")] == .text("u-wang"))
        }
    }

    @Test(arguments: StoreKind.allCases, ["attended", "cancelled"])
    func theScheduleOfAnAppointmentThatIsOverDoesNotMove(store kind: StoreKind, status: String) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1"), [], to: store, at: now)
            let after = AppointmentFixture.start + 600_000
            let over = try await wang.push([wang.change("appointment", "a1", "status", .text(status), at: after)], [], to: store, at: after)
            #expect(over.results.map(\.status) == [.applied])

            let moved: FieldValue = .object(["start": .integer(after + 86_400_000), "end": .integer(after + 90_000_000)])
            let answer = try await wang.push([wang.change("appointment", "a1", "schedule", moved, at: after + 1000)], [], to: store, at: after + 1000)
            #expect(answer.results.map(\.code?.rawValue) == ["appointment.closed"])
            let schedule = try await appointment("a1", in: store).values[FieldName("schedule")]
            #expect(schedule?.objectValue?["start"] == .integer(AppointmentFixture.start))
        }
    }

    @Test(arguments: StoreKind.allCases, ["attended", "no_show", "cancelled"])
    func theCampusOfAnAppointmentThatIsOverDoesNotMove(store kind: StoreKind, status: String) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows(), serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1"), [], to: store, at: now)
            // While it is scheduled or confirmed, the campus moves like any LWW field.
            let confirmed = try await wang.push([wang.change("appointment", "a1", "status", .text("confirmed")),
                                                 wang.change("appointment", "a1", "campus_id", .text("ou-hd"))], [], to: store, at: now + 1000)
            #expect(confirmed.results.map(\.status) == [.applied, .applied])
            let after = AppointmentFixture.start + 600_000
            let over = try await wang.push([wang.change("appointment", "a1", "status", .text(status), at: after)], [], to: store, at: after)
            #expect(over.results.map(\.status) == [.applied])

            let answer = try await wang.push([wang.change("appointment", "a1", "campus_id", .text("ou-hd-campus"), at: after + 1000)], [],
                                             to: store, at: after + 1000)
            #expect(answer.results.map(\.status) == [.rejected])
            #expect(answer.results.map(\.code?.rawValue) == ["appointment.closed"])
            #expect(answer.results.first?.message
                == "This appointment is \(status); its campus no longer changes. Make a new appointment (rescheduled_from_id) instead.")
            #expect(answer.results.first?.currentVersion?.version.value == .text("ou-hd"), "the laptop shows the server's campus again")
            #expect(try await appointment("a1", in: store).values[FieldName("campus_id")] == .text("ou-hd"))
        }
    }

    /// A booked trial class waits for its session: moving the appointment's own
    /// schedule into the past does not let attendance be recorded before the session starts.
    @Test(arguments: StoreKind.allCases)
    func attendanceOfABookedTrialClassWaitsForItsSession(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 12)], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1"),
                                    [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])], to: store, at: now)
            let past: FieldValue = .object(["start": .integer(now - 86_400_000), "end": .integer(now - 82_800_000)])
            let moved = try await wang.push([wang.change("appointment", "a1", "schedule", past, at: now + 1000)], [], to: store, at: now + 1000)
            #expect(moved.results.map(\.status) == [.applied], "the schedule is LWW while the appointment is not over")

            let early = try await wang.push([wang.change("appointment", "a1", "status", .text("attended"), at: now + 2000)], [], to: store, at: now + 2000)
            #expect(early.results.map(\.code?.rawValue) == ["appointment.not_started"])
            #expect(try await appointment("a1", in: store).values[FieldName("status")] == .text("scheduled"))

            // Booked and marked attended in one push (black-box round 17): the booking runs first.
            let both = try await wang.push(AppointmentFixture.appointment(&wang, "a2")
                                            + [wang.change("appointment", "a2", "schedule", past, at: now + 3000)], [], to: store, at: now + 3000)
            #expect(both.results.allSatisfy { $0.status == .applied })
            let book = wang.command(.book, "appointment", "a2", ["trial_session_id": .text("ts1")])
            let attend = wang.change("appointment", "a2", "status", .text("attended"), at: now + 4000)
            let sameSync = try await wang.push([attend], [book], to: store, at: now + 4000)
            #expect(sameSync.results.map(\.code?.rawValue) == [nil, "appointment.not_started"], "\(sameSync.results)")

            let after = AppointmentFixture.start + 600_000
            let attended = try await wang.push([wang.change("appointment", "a1", "status", .text("attended"), at: after)], [], to: store, at: after)
            #expect(attended.results.map(\.status) == [.applied])
        }
    }

    /// `teacher_feedback` is the teacher's (DOMAIN §1.9 "LWW (teacher only)"): the consultant
    /// who made the appointment is refused, on a new appointment as on an existing one, and
    /// keeps the rest of the row; a teacher writes it; once the appointment is booked into a
    /// session that names its teacher, another teacher is refused.
    @Test(arguments: StoreKind.allCases)
    func onlyTheTeacherWritesTheTeachersFeedback(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            func teacher(_ id: String, mobile: String) -> SeedRow {
                var row = RoleFixture.user(id, unit: "ou-hd", mobile: mobile, position: "teacher")
                row.values["role_ids"] = .list([.text("role-subtree")])
                return row
            }
            var session = AppointmentFixture.session("ts1", capacity: 12)
            session.values["teacher_id"] = .text("u-li")
            try await store.seed(try DemoOrganisation.rows() + [RoleFixture.role("role-subtree", scope: "unit_subtree"),
                                                                teacher("u-li", mobile: "13800000021"), teacher("u-zhou", mobile: "13800000022"),
                                                                session], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), li = Device("t1", UserID("u-li")), zhou = Device("t2", UserID("u-zhou"))
            let feedback = FieldName("teacher_feedback")

            var created = AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1")
            created.append(wang.change("appointment", "a1", "teacher_feedback", .text("孩子很专注")))
            let byConsultant = try await wang.push(created, [], to: store, at: now)
            #expect(byConsultant.results.last?.code?.rawValue == "permission.field_read_only")
            #expect(byConsultant.results.last?.message?.contains("only a user whose position is teacher") == true)
            #expect(byConsultant.results.dropLast().allSatisfy { $0.status == .applied }, "the appointment itself is made")
            #expect(try await appointment("a1", in: store).values[feedback] == nil)
            let edited = try await wang.push([wang.change("appointment", "a1", "teacher_feedback", .text("很好"))], [], to: store, at: now + 1000)
            #expect(edited.results.map(\.code?.rawValue) == ["permission.field_read_only"])

            let byTeacher = try await zhou.push([zhou.change("appointment", "a1", "teacher_feedback", .text("逻辑清楚"), at: now + 2000)], [], to: store, at: now + 2000)
            #expect(byTeacher.results.map(\.status) == [.applied])
            #expect(try await appointment("a1", in: store).values[feedback] == .text("逻辑清楚"))

            let booked = try await wang.push([], [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])], to: store, at: now + 3000)
            #expect(booked.results.map(\.status) == [.applied])
            let notTheirs = try await zhou.push([zhou.change("appointment", "a1", "teacher_feedback", .text("改一下"), at: now + 4000)], [], to: store, at: now + 4000)
            #expect(notTheirs.results.map(\.code?.rawValue) == ["permission.field_read_only"])
            #expect(notTheirs.results.first?.message?.contains("its session's teacher, u-li") == true, "\(notTheirs.results)")
            let theirs = try await li.push([li.change("appointment", "a1", "teacher_feedback", .text("专注，逻辑清楚"), at: now + 5000)], [], to: store, at: now + 5000)
            #expect(theirs.results.map(\.status) == [.applied])
            #expect(try await appointment("a1", in: store).values[feedback] == .text("专注，逻辑清楚"))
        }
    }

    /// The teacher of a trial session reads the appointments booked into it, though they are
    /// not theirs and the teacher has no role, and records attendance and feedback on them,
    /// nothing else; the family's records stay out of the teacher's reach.
    @Test(arguments: StoreKind.allCases)
    func theSessionsTeacherReadsItsAppointmentsAndRecordsAttendanceAndFeedback(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            var session = AppointmentFixture.session("ts1", capacity: 12)
            session.values["teacher_id"] = .text("u-li")
            try await store.seed(try DemoOrganisation.rows() + [RoleFixture.user("u-li", unit: "ou-hd-campus", mobile: "13800000021", position: "teacher"),
                                                                RoleFixture.user("u-zhou", unit: "ou-hd-campus", mobile: "13800000022", position: "teacher"),
                                                                session], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID), li = Device("t1", UserID("u-li"))
            _ = try await wang.push(AppointmentFixture.family(&wang) + AppointmentFixture.appointment(&wang, "a1"), [], to: store, at: now)
            #expect(try await storeRows(store, entity: EntityName("appointment"), as: UserID("u-li"))[RowID("a1")] == nil, "not booked into Li's session yet")

            _ = try await wang.push([], [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])], to: store, at: now + 1000)
            #expect(try await storeRows(store, entity: EntityName("appointment"), as: UserID("u-li"))[RowID("a1")] != nil)
            #expect(try await storeRows(store, entity: EntityName("customer"), as: UserID("u-li"))[RowID("k1")] == nil, "the family stays Wang's")

            let cancel = try await li.push([li.change("appointment", "a1", "status", .text("cancelled"), at: now + 2000)], [], to: store, at: now + 2000)
            #expect(cancel.results.map(\.code?.rawValue) == ["permission.not_owner"], "a teacher records attendance, not a cancel")

            let after = AppointmentFixture.start + 600_000
            let recorded = try await li.push([li.change("appointment", "a1", "status", .text("attended"), at: after),
                                              li.change("appointment", "a1", "teacher_feedback", .text("专注"), at: after)], [], to: store, at: after)
            #expect(recorded.results.map(\.status) == [.applied, .applied], "\(recorded.results)")
            let row = try await appointment("a1", in: store)
            #expect(row.values[FieldName("attendance_marked_by_id")] == .text("u-li"))
            #expect(row.values[FieldName("teacher_feedback")] == .text("专注"))
            let other = try await li.push([li.change("appointment", "a1", "post_trial_intent", .text("A"), at: after + 1000)], [], to: store, at: after + 1000)
            #expect(other.results.map(\.status) == [.rejected], "the rest of the appointment is the consultant's")

            // Head office gives the session to another teacher (sessions are set up by seed): the appointment goes with it.
            try await store.seed([SeedRow(entity: EntityName("trial_session"), id: RowID("ts1"), values: ["teacher_id": .text("u-zhou")])],
                                 serverNow: after + 2000)
            #expect(try await storeRows(store, entity: EntityName("appointment"), as: UserID("u-li"))[RowID("a1")] == nil)
            #expect(try await storeRows(store, entity: EntityName("appointment"), as: UserID("u-zhou"))[RowID("a1")] != nil)
        }
    }

    /// A new appointment whose status is refused would be a row without its required status,
    /// which nothing may book: the whole row is refused instead, so no half row is stored
    /// (spec §8.2), and booking it finds no appointment.
    @Test(arguments: StoreKind.allCases)
    func aNewAppointmentWhoseStatusIsRefusedIsNotStored(store kind: StoreKind) async throws {
        try await withChangeStore(kind) { store in
            try await store.seed(try DemoOrganisation.rows() + [AppointmentFixture.session("ts1", capacity: 1)], serverNow: now)
            var wang = Device("w1", DemoUsers.wang.userID)
            _ = try await wang.push(AppointmentFixture.family(&wang), [], to: store, at: now)

            let writes = AppointmentFixture.appointment(&wang, "a1", status: "no_show")
            let answer = try await wang.push(writes, [wang.command(.book, "appointment", "a1", ["trial_session_id": .text("ts1")])],
                                             to: store, at: now + 1000)
            let codes = Dictionary(uniqueKeysWithValues: zip(writes.map(\.field.rawValue), answer.results.map(\.code?.rawValue)))
            #expect(codes["status"] == "appointment.not_started")
            #expect(codes.filter { $0.key != "status" }.values.allSatisfy { $0 == "validation.required" })
            let kindMessage = answer.results[writes.firstIndex { $0.field == FieldName("kind") }!].message ?? ""
            #expect(kindMessage.contains("This push's 'status' was refused: The appointment starts at"), "it says why the status is missing: \(kindMessage)")
            #expect(answer.results.last?.code?.rawValue == "command.unknown_row")
            #expect(try await storeRows(store, entity: EntityName("appointment"))[RowID("a1")] == nil)
        }
    }

    private func appointment(_ id: String, in store: any ChangeStore) async throws -> RowState {
        try #require(try await storeRows(store, entity: EntityName("appointment"))[RowID(id)])
    }
}
