import OutpostCore

/// `POST /v1/push`: a batch of the device's journal entries, oldest first.
///
/// Each entry carries the device's journal sequence number; the server remembers the highest
/// it has answered per device and answers a repeated entry with its first answer, so sending
/// the same push any number of times has one effect (invariant 3).
public struct PushRequest: Codable, Hashable, Sendable {
    /// The device whose journal this is.
    public var deviceID: DeviceID
    /// The field writes, in increasing `sequence` order.
    public var changes: [PushChange]
    /// The commands (claim, convert, book, …), in increasing `sequence` order. Their sequence
    /// numbers come from the same journal as the changes', so the server applies changes and
    /// commands interleaved in the order the device made them.
    public var commands: [PushCommand]

    /// Creates a request.
    public init(deviceID: DeviceID, changes: [PushChange], commands: [PushCommand] = []) {
        self.deviceID = deviceID
        self.changes = changes
        self.commands = commands
    }

    /// Every entry's sequence number, changes and commands together, in increasing order.
    public var sequences: [Int64] {
        (changes.map(\.sequence) + commands.map(\.sequence)).sorted()
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case deviceID, changes, commands
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(DeviceID.self, forKey: .deviceID)
        changes = try container.decode([PushChange].self, forKey: .changes)
        commands = try container.decodeIfPresent([PushCommand].self, forKey: .commands) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deviceID, forKey: .deviceID)
        try container.encode(changes, forKey: .changes)
        // A push of plain edits keeps the shape older servers and the fast reader know.
        if !commands.isEmpty { try container.encode(commands, forKey: .commands) }
    }
}

/// One journal entry: a write to one field of one row.
public struct PushChange: Codable, Hashable, Sendable {
    /// The device's journal sequence number (strictly increasing per device).
    public var sequence: Int64
    /// The entity of the row.
    public var entity: EntityName
    /// The row.
    public var rowID: RowID
    /// The field written.
    public var field: FieldName
    /// The value written.
    public var value: FieldValue
    /// The write's clock.
    public var clock: HLCTimestamp
    /// The clock of the version the writer had seen; absent when it had seen none.
    public var base: HLCTimestamp?

    /// Creates an entry.
    public init(sequence: Int64, entity: EntityName, rowID: RowID, field: FieldName, value: FieldValue,
                clock: HLCTimestamp, base: HLCTimestamp?) {
        self.sequence = sequence
        self.entity = entity
        self.rowID = rowID
        self.field = field
        self.value = value
        self.clock = clock
        self.base = base
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sequence, entity, rowID, field, value, clock, base
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        entity = try container.decode(EntityName.self, forKey: .entity)
        rowID = try container.decode(RowID.self, forKey: .rowID)
        field = try container.decode(FieldName.self, forKey: .field)
        // A missing "value" is malformed; an explicit null is a value.
        guard container.contains(.value) else {
            throw DecodingError.keyNotFound(CodingKeys.value, .init(codingPath: container.codingPath, debugDescription: "Missing 'value'."))
        }
        value = try container.decode(FieldValue.self, forKey: .value)
        clock = try container.decode(HLCTimestamp.self, forKey: .clock)
        base = try container.decodeIfPresent(HLCTimestamp.self, forKey: .base)
    }

    /// The Core change this entry asks for, written by `author` with `clock`.
    public func fieldChange(author: UserID, clock: HLCTimestamp? = nil) -> FieldChange {
        FieldChange(entity: entity, rowID: rowID, field: field,
                    version: FieldVersion(value: value, clock: clock ?? self.clock, author: author), base: base)
    }
}
