import OutpostCore

extension RowID {
    /// The last 12 characters of a long id (the random tail of a UUIDv7, so rows created in
    /// the same millisecond still differ), as tables show them and people type them back; a
    /// short readable id (`ts-coding-sat`, `ou-hd-campus`) whole. Any unique prefix or suffix
    /// works with `resolveID`.
    var short: String { rawValue.count <= Self.shownWhole ? rawValue : String(rawValue.suffix(12)) }

    /// The longest id shown whole: the server's own readable ids; a UUID has 36 characters.
    private static let shownWhole = 20
}
