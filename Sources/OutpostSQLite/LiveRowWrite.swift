import OutpostCore

/// Where a field goes in its table: its place among the fields (its parameter is two
/// further: `id` comes first) and its number in the stamp packs (nil: spelled out by name).
struct FieldSlot: Sendable {
    let index: Int
    let number: UInt64?
}

/// A row new to its table, written field by field from a pulled page (`EntityTable.liveRow`):
/// each field is bound as it comes, its stamp packed as it comes, with one lookup of its
/// name, and `write()` runs the insert. None of the fields may be a tombstone that says
/// deleted (such a row takes the general path, which judges it against the other clocks).
public struct LiveRowWrite {
    private let statement: DirectStatement
    private let slots: [FieldName: FieldSlot]
    private let stampsParameter: Int
    private var packer: StampPacker
    /// The latest clock among the fields set so far (nil: none of them has a column).
    public private(set) var latestClock: HLCTimestamp?

    init(_ id: RowID, fieldCount: Int, table: EntityTable, statement: DirectStatement) throws {
        self.statement = statement
        slots = table.fieldSlots
        stampsParameter = table.stampsParameter
        packer = StampPacker(reservingCapacity: fieldCount)
        try statement.bind(id.rawValue, at: 1)
    }

    /// Sets the field `name` to `version`; a field without a column is left out.
    public mutating func set(_ name: FieldName, to version: FieldVersion) throws {
        guard let slot = slots[name] else { return }
        try statement.bind(version.value, at: slot.index + 2)
        let stamp = FieldStamp(clock: version.clock, author: version.author)
        if let number = slot.number {
            packer.add(stamp, number: number)
        } else {
            packer.add(stamp, name: name)
        }
        latestClock = max(latestClock ?? version.clock, version.clock)
    }

    /// Inserts the row, live, with the fields set; nothing when none of them has a column.
    /// - Returns: whether the row was written.
    public func write() throws -> Bool {
        guard latestClock != nil else { return false }
        try statement.bind(Int64(0), at: stampsParameter - 1)
        try statement.bind(packer.packed(), at: stampsParameter)
        try statement.execute()
        return true
    }
}
