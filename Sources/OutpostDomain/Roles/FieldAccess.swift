import OutpostCore

/// One entry of a role's `field_access` (DOMAIN §1.2, §2.9): what its holders may do with one
/// field of one entity, written `entity.field=level`, for example `lead.mobile=hidden`.
///
/// A field no entry names keeps its usual rules. Pure: parsed the same way by the row rule
/// that refuses malformed entries and by the server that applies them.
public struct FieldAccess: Hashable, Sendable, CustomStringConvertible {
    /// What a role allows with a field.
    public enum Level: String, CaseIterable, Sendable, Comparable {
        /// The field never leaves the server for the role's holders, and they may not write it.
        case hidden
        /// Delivered, but a write to it is refused (`permission.field_read_only`).
        case read
        /// Delivered and writable under the usual rules.
        case write

        public static func < (lhs: Level, rhs: Level) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    /// The entity, such as `lead`.
    public var entity: EntityName
    /// The field, such as `mobile`.
    public var field: FieldName
    /// What the role allows.
    public var level: Level

    /// The stable code of a role whose `field_access` holds a malformed entry.
    public static let invalidCode = "role.invalid_field_access"

    /// Describes an entry.
    public init(entity: EntityName, field: FieldName, level: Level) {
        self.entity = entity
        self.field = field
        self.level = level
    }

    /// Reads `entity.field=level`; nil when the text has another shape or level.
    public init?(parsing text: String) {
        let sides = text.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2, let level = Level(rawValue: String(sides[1])) else { return nil }
        let names = sides[0].split(separator: ".", omittingEmptySubsequences: false)
        guard names.count == 2, !names[0].isEmpty, !names[1].isEmpty,
              names.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } }) else { return nil }
        self.init(entity: EntityName(String(names[0])), field: FieldName(String(names[1])), level: level)
    }

    /// The entry as a role stores it: `entity.field=level`.
    public var description: String { "\(entity.rawValue).\(field.rawValue)=\(level.rawValue)" }
}
