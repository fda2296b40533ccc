import OutpostCore
import Synchronization

/// The ids of the rows and conflicts one plan makes, in increasing order: the store links a
/// push's new audit entries into the chain in id order, so the chain lists them in the order
/// they were made (a claim before the release that followed it, black-box round 16), where
/// random ids of one millisecond sorted any way.
final class AscendingRowIDs: Sendable {
    private let wallMilliseconds: Int64
    private let made = Mutex<UInt64>(0)

    /// A run of ids made at `wallMilliseconds` (the server's time of the plan).
    init(wallMilliseconds: Int64) {
        self.wallMilliseconds = wallMilliseconds
    }

    /// The next id of the run.
    func next() -> String {
        let counter = made.withLock { made in
            defer { made += 1 }
            return made
        }
        var generator = SystemRandomNumberGenerator()
        return UUIDv7.make(wallMilliseconds: wallMilliseconds, counter: counter, using: &generator)
    }
}
