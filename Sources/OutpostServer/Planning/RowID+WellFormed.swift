import OutpostCore

extension RowID {
    /// Whether this id can name a row: what a reference field holds (at most 64 characters)
    /// and what every client makes (lowercase UUIDv7s; the server's own rows, such as units,
    /// roles and users an administrator adds, use short readable ids like `ou-hd-t1`).
    var isWellFormed: Bool {
        let text = rawValue.utf8
        return (1...64).contains(text.count)
            && text.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D || $0 == 0x5F }
    }
}
