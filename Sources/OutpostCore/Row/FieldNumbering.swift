/// Short numbers for the field names of one entity, so a row's stamp pack refers to a field
/// by a one-byte number instead of spelling its name (`FieldStamps` format 3).
///
/// The numbers belong to one database file, not to the code: a SQLite table's column
/// positions, which never change once a column exists (new fields are appended), so rows
/// written under an older schema keep their meaning. A field without a number (one this
/// file's table has no column for, such as a field of a newer schema) is stored by name.
public struct FieldNumbering: Sendable, Equatable {
    private let numbersByName: [FieldName: UInt64]
    private let namesByNumber: [UInt64: FieldName]

    /// No numbers: every field is stored by name.
    public static let none = FieldNumbering([:])

    /// Numbers the given fields.
    /// - Parameter numbers: each field's number; numbers must be distinct.
    public init(_ numbers: [FieldName: Int]) {
        numbersByName = numbers.mapValues { UInt64($0) }
        namesByNumber = Dictionary(uniqueKeysWithValues: numbers.map { (UInt64($0.value), $0.key) })
    }

    /// The number of `field`, or nil when it is stored by name.
    public func number(of field: FieldName) -> UInt64? {
        numbersByName[field]
    }

    /// The field numbered `number`, or nil when no field has it.
    public func field(numbered number: UInt64) -> FieldName? {
        namesByNumber[number]
    }
}
