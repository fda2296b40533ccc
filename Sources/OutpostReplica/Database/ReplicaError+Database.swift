import GRDB

extension ReplicaError {
    /// What a SQLite failure on the replica file means for the person at the laptop: the file
    /// held by another process (`inUse`), not a readable database (`damaged`), or on a full
    /// disk (`diskFull`); nil for other failures, which keep their own message.
    /// - Parameter path: the replica file, when the caller knows it.
    public static func explaining(_ error: any Error, path: String?) -> ReplicaError? {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .inUse(path: path)
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .damaged(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_FULL: return .diskFull(path: path)
        default: return nil
        }
    }
}
