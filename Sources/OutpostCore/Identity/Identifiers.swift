/// A string identifier whose kind is part of its type, so a `(RowID, UserID)` pair of
/// arguments cannot be swapped by accident. Encodes as a plain JSON string.
public struct Identifier<Kind: IdentifierKind>: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The identifier's text, exactly as it travels on the wire and sits in the database.
    public var rawValue: String

    /// Wraps a raw identifier string.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a raw identifier string.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The raw text.
    public var description: String { rawValue }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Feeds the hasher: a schema name feeds its `SchemaNameHash`, anything else its text.
    public func hash(into hasher: inout Hasher) {
        if Kind.isSchemaName {
            hasher.combine(SchemaNameHash.hash(rawValue, seed: 0))
        } else {
            hasher.combine(rawValue)
        }
    }

    /// What dictionaries and sets hash by (the standard library's customisation point):
    /// `SchemaNameHash` for schema names, looked up for every field of every row; the
    /// standard hash otherwise.
    public func _rawHashValue(seed: Int) -> Int {
        if Kind.isSchemaName {
            return Int(truncatingIfNeeded: SchemaNameHash.hash(rawValue, seed: UInt64(UInt(bitPattern: seed))))
        }
        return rawValue._rawHashValue(seed: seed)
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Marks the kind of an `Identifier`. The kinds are empty enums and exist only as types.
public protocol IdentifierKind: Sendable {
    /// Whether identifiers of this kind are names a schema declares (entities, fields): hashed
    /// with `SchemaNameHash` instead of the standard library's SipHash. Ids that come from
    /// devices keep the standard hash, whose resistance to chosen collisions they need.
    static var isSchemaName: Bool { get }
}

extension IdentifierKind {
    /// Most kinds are ids, not schema names.
    public static var isSchemaName: Bool { false }
}

/// Kind tag for `DeviceID`.
public enum DeviceKind: IdentifierKind {}
/// Kind tag for `UserID`.
public enum UserKind: IdentifierKind {}
/// Kind tag for `EntityName`.
public enum EntityKind: IdentifierKind {
    public static var isSchemaName: Bool { true }
}
/// Kind tag for `FieldName`.
public enum FieldKind: IdentifierKind {
    public static var isSchemaName: Bool { true }
}
/// Kind tag for `RowID`.
public enum RowKind: IdentifierKind {}

/// One device (one replica file on one laptop). It is the final tie-break of every clock,
/// so two devices never produce equal clocks.
public typealias DeviceID = Identifier<DeviceKind>
/// A person who writes changes: the author recorded beside every field value.
public typealias UserID = Identifier<UserKind>
/// A replicated entity as declared in the schema, for example `lead`.
public typealias EntityName = Identifier<EntityKind>
/// One field of an entity as declared in the schema, for example `mobile`.
public typealias FieldName = Identifier<FieldKind>
/// The primary key of a replicated row: a client-generated UUIDv7 in lowercase text.
public typealias RowID = Identifier<RowKind>

extension Identifier where Kind == FieldKind {
    /// The tombstone every mutable entity carries: a boolean field merged like any other.
    public static var deleted: FieldName { FieldName("deleted") }
}
