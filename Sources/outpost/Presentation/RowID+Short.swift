import OutpostCore

extension RowID {
    /// The last 12 characters (the random tail of a UUIDv7, so rows created in the same
    /// millisecond still differ), as tables show them and people type them back; any unique
    /// prefix or suffix works with `resolveID`.
    var short: String { String(rawValue.suffix(12)) }
}
