import OutpostCore

/// The arithmetic of the compact pull page (protocol v2): each field's clock and author as a
/// writer index and two small numbers. Shared by `CompactPullPage`'s `Codable` conformance and
/// the direct writer and reader, so the three agree by construction.
///
/// A page lists each (device, author) pair once (its **writers**); a field names its pair by
/// index. Within a row the fields are taken in key order (`WireCoding.keyOrder`, the order
/// the wire writes them in), and each carries `[wall, counter]` relative to the previous field of
/// the same writer in that row: the writer's first field carries both as they are; a later
/// field carries its wall time as the difference from that previous field's, and its counter
/// as the difference too when the wall times are equal (difference 0), otherwise as it is.
/// The fields of a row are mostly written together by one or two writers, so most fields
/// carry `0` and a small counter step instead of a 30-to-60-byte clock and author.
enum CompactClocks {
    /// A (device, author) pair, as the page's `writers` table lists it.
    struct Writer: Hashable, Sendable {
        var device: DeviceID
        var author: UserID
    }

    /// The page's writers table, built while the rows are written.
    struct WriterTable {
        private(set) var writers: [Writer] = []
        private var indexes: [Writer: Int] = [:]
        /// The index handed out last: a row's fields mostly come from one writer, so comparing
        /// with it spares hashing a device id and an author for nearly every field.
        private var last = -1

        /// The index of `writer`, adding it on first sight.
        mutating func index(of writer: Writer) -> Int {
            if last >= 0, writers[last] == writer { return last }
            if let index = indexes[writer] {
                last = index
                return index
            }
            indexes[writer] = writers.count
            writers.append(writer)
            last = writers.count - 1
            return last
        }
    }

    /// The clocks of one row, in key order.
    struct RowClocks {
        /// The last clock of each writer seen in the row: a row has one to three writers, so
        /// a list searched in order beats a dictionary (and `reset` keeps its storage).
        private var previous: [(writer: Int, wall: Int64, counter: UInt32)] = []

        /// Starts the next row, keeping the storage.
        mutating func reset() {
            previous.removeAll(keepingCapacity: true)
        }

        /// The relative `(wall, counter)` of the next field, written by `writer` at `clock`.
        mutating func encode(_ clock: HLCTimestamp, writer: Int) -> (wall: Int64, counter: Int64) {
            guard let slot = previous.firstIndex(where: { $0.writer == writer }) else {
                previous.append((writer, clock.wallMilliseconds, clock.counter))
                return (clock.wallMilliseconds, Int64(clock.counter))
            }
            let (_, wall, counter) = previous[slot]
            previous[slot] = (writer, clock.wallMilliseconds, clock.counter)
            let wallStep = clock.wallMilliseconds &- wall
            return (wallStep, wallStep == 0 ? Int64(clock.counter) - Int64(counter) : Int64(clock.counter))
        }

        /// The clock of the next field from its relative numbers; nil when they make no clock
        /// (a negative wall time, a counter outside 0…2³²−1).
        mutating func decode(wall: Int64, counter: Int64, writer: Int, device: DeviceID) -> HLCTimestamp? {
            let absoluteWall: Int64
            let absoluteCounter: Int64
            let slot = previous.firstIndex { $0.writer == writer }
            if let slot {
                let (_, previousWall, previousCounter) = previous[slot]
                let (sum, overflow) = previousWall.addingReportingOverflow(wall)
                guard !overflow else { return nil }
                absoluteWall = sum
                if wall == 0 {
                    let (step, overflow) = Int64(previousCounter).addingReportingOverflow(counter)
                    guard !overflow else { return nil }
                    absoluteCounter = step
                } else {
                    absoluteCounter = counter
                }
            } else {
                absoluteWall = wall
                absoluteCounter = counter
            }
            guard absoluteWall >= 0, let exactCounter = UInt32(exactly: absoluteCounter) else { return nil }
            if let slot {
                previous[slot] = (writer, absoluteWall, exactCounter)
            } else {
                previous.append((writer, absoluteWall, exactCounter))
            }
            return HLCTimestamp(wallMilliseconds: absoluteWall, counter: exactCounter, deviceID: device)
        }
    }
}
