import OutpostCore
import OutpostProtocol

/// A field value as a person reads it in a table.
enum FieldText {
    /// Times as ISO-8601, tag sets as their tags, null as "—", everything else as its plain text
    /// (`terminalSafe`: what someone else typed cannot drive the terminal).
    static func display(_ value: FieldValue?, type: FieldType?) -> String {
        guard let value else { return FieldValue.null.description }
        if case .timestamp? = type, let milliseconds = value.integerValue {
            return TimeText.iso8601(milliseconds: milliseconds)
        }
        if case .tagSet? = type, value != .null, let set = ObservedRemoveSet(value) {
            return set.elements.sorted().joined(separator: ", ").terminalSafe
        }
        // A stage reads as its word, with the reopen count once reopened: `qualified`, not
        // `{epoch: 0, stage: qualified}` (which a table cell would also cut short).
        if value.objectValue != nil, let stage = StageValue(value) {
            return stage.epoch == 0 ? stage.stage : "\(stage.stage) (reopened \(stage.epoch)×)"
        }
        return value.description.terminalSafe
    }

    /// A clock as `<wall>.<counter>@<first 8 characters of the device>`: enough to compare
    /// two writes by eye; `--json` has the full clock.
    static func compactClock(_ clock: HLCTimestamp) -> String {
        "\(clock.wallMilliseconds).\(clock.counter)@\(clock.deviceID.rawValue.prefix(8))"
    }
}
