import OutpostCore

extension RowID {
    /// The first 13 characters, as tables show them and people type them back
    /// (any unique prefix works with `resolveID`).
    var short: String { String(rawValue.prefix(13)) }
}
