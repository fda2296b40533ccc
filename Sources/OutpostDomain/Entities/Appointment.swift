import OutpostCore

extension OutpostSchema {
    /// An appointment (邀约 / 试听): a visit invitation, trial class, assessment or parent
    /// meeting (DOMAIN §1.9).
    public enum Appointment {
        /// Statuses from lowest to highest precedence: evidence beats assertion.
        public static let statuses = ["scheduled", "confirmed", "no_show", "cancelled", "attended"]

        /// The entity's schema. The subject (`customer_id` / `lead_id`, one required) is
        /// immutable for clients ("serverOwned after create"); the trial session is booked by
        /// the server's `book` command, which sets `trial_session_id` or `waitlisted`,
        /// so a trial class only needs its student here.
        public static let schema = EntitySchema("appointment", fields: [
            FieldSchema("kind", .enumeration(["visit_invitation", "trial_class", "assessment", "parent_meeting"]),
                        required: true, policy: .immutable),
            FieldSchema("customer_id", reference("customer"), policy: .immutable, indexed: true),
            FieldSchema("lead_id", reference("lead"), policy: .immutable, indexed: true),
            FieldSchema("student_id", reference("student"), indexed: true),
            FieldSchema("campus_id", reference("org_unit"), required: true),
            FieldSchema("trial_session_id", reference("trial_session"), policy: .serverOwned, indexed: true),
            FieldSchema("waitlisted", .boolean, policy: .serverOwned),
            // Start and end as one register: never a start from one edit and an end from another.
            FieldSchema("schedule", .composite(["start": .timestamp, "end": .timestamp]), required: true),
            FieldSchema("status", .enumeration(statuses), required: true, policy: .precedence(statuses)),
            FieldSchema("rescheduled_from_id", reference("appointment"), policy: .immutable),
            FieldSchema("invited_by_id", reference("user"), required: true, policy: .immutable, indexed: true),
            FieldSchema("attendance_marked_by_id", reference("user"), policy: .serverOwned),
            FieldSchema("teacher_feedback", .text(maximumLength: 2000)),
            FieldSchema("post_trial_intent", .enumeration(intentLevels)),
        ], rowRules: [
            .requiresOne(of: ["customer_id", "lead_id"], in: "appointment"),
            .requires("student_id", when: "kind", is: "trial_class", in: "appointment"),
            endNotBeforeStart,
        ])

        /// The code of an appointment that ends before it starts.
        public static let endsBeforeStartCode = "appointment.ends_before_start"

        /// A schedule's end is not before its start (equal: an open-ended appointment).
        static let endNotBeforeStart = RowRule("schedule_end_not_before_start") { row in
            guard let schedule = row["schedule"]?.objectValue, let start = schedule["start"]?.integerValue,
                  let end = schedule["end"]?.integerValue, end < start else { return [] }
            return [RowProblem(code: endsBeforeStartCode, field: FieldName("schedule"),
                               message: "The appointment ends before it starts. Pick an end after the start.")]
        }
    }
}
