import OutpostCore

extension FieldText {
    /// A value of any field type as a person reads it: a stage as its word (and the reopen
    /// epoch when there was one), a tag set as its tags, a time as ISO-8601, a composite as
    /// its non-empty members; `compact` shortens references to the 12 characters tables show.
    static func readable(_ value: FieldValue, of type: FieldType, compact: Bool = false) -> String {
        if value == .null { return value.description }
        switch type {
        case .timestamp:
            return display(value, type: type)
        case .stage:
            guard let stage = StageValue(value) else { return value.description }
            return stage.epoch == 0 ? stage.stage : "\(stage.stage) (reopened \(stage.epoch)×)"
        case .tagSet:
            return display(value, type: type)
        case .reference:
            return compact ? value.textValue.map { RowID($0).short } ?? value.description : value.description
        case .composite(let members):
            guard let object = value.objectValue else { return value.description }
            // A span reads start first (a schedule cut short still shows when it begins); the rest by name.
            func rank(_ key: String) -> (Int, String) { (key == "start" ? 0 : key == "end" ? 1 : 2, key) }
            return object.filter { $0.value != .null }.sorted { rank($0.key) < rank($1.key) }
                .map { "\($0.key): \(readable($0.value, of: members[$0.key] ?? .text(maximumLength: 0), compact: compact))" }
                .joined(separator: ", ")
        default:
            return value.description
        }
    }
}
