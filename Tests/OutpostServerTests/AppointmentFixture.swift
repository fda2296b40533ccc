import OutpostCore
import OutpostProtocol
import OutpostServer
import OutpostTestSupport

/// Rows the appointment and trial-booking tests share: a family of Wang's with a student, its
/// appointments, and trial sessions, all starting three days after `now`.
enum AppointmentFixture {
    static let now: Int64 = 1_788_300_000_000
    /// When every appointment and session starts.
    static let start: Int64 = now + 3 * 86_400_000

    /// A trial session at `start`, empty.
    static func session(_ id: String, capacity: Int64) -> SeedRow {
        SeedRow(entity: EntityName("trial_session"), id: RowID(id), values: [
            "campus_id": .text("ou-hd-campus"), "course_id": .text("course-coding"),
            "start": .integer(start), "end": .integer(start + 5_400_000), "capacity": .integer(capacity), "booked_count": .integer(0),
        ])
    }

    /// The writes that create the customer `k1` with the student `st1`.
    static func family(_ device: inout Device) -> [PushChange] {
        device.create("customer", "k1", ["name": .text("王家"), "customer_type": .text("family")])
            + device.create("student", "st1", ["customer_id": .text("k1"), "name": .text("小明")])
    }

    /// The writes that create an appointment of `k1` at `start`; a trial class names `st1`.
    static func appointment(_ device: inout Device, _ id: String, kind: String = "trial_class", status: String = "scheduled") -> [PushChange] {
        var values: [String: FieldValue] = [
            "kind": .text(kind), "customer_id": .text("k1"), "campus_id": .text("ou-hd-campus"), "status": .text(status),
            "invited_by_id": .text(device.user.rawValue), "schedule": .object(["start": .integer(start), "end": .integer(start + 3_600_000)]),
        ]
        if kind == "trial_class" { values["student_id"] = .text("st1") }
        return device.create("appointment", id, values)
    }
}
