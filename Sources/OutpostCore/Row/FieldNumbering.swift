/// Short numbers for the field names of one entity, so a row's stamp pack refers to a field
/// by a one-byte number instead of spelling its name (`FieldStamps` format 3).
///
/// The numbers belong to one database file, not to the code: a SQLite table's column
/// positions, which never change once a column exists (new fields are appended), so rows
/// written under an older schema keep their meaning. A field without a number (one this
/// file's table has no column for, such as a field of a newer schema) is stored by name.
public struct FieldNumbering: Sendable, Equatable {
    private let numbersByName: [FieldName: UInt64]
    /// Indexed by number: column positions are small and dense, and every field of every row
    /// read is looked up here.
    private let namesByNumber: [FieldName?]

    /// No numbers: every field is stored by name.
    public static let none = FieldNumbering([:])

    /// Numbers the given fields.
    /// - Parameter numbers: each field's number; numbers must be distinct, and small (below
    ///   `maximumNumber`): they are column positions.
    public init(_ numbers: [FieldName: Int]) {
        precondition(numbers.values.allSatisfy { (0..<Self.maximumNumber).contains($0) }, "field numbers are column positions")
        numbersByName = numbers.mapValues { UInt64($0) }
        var names = [FieldName?](repeating: nil, count: (numbers.values.max() ?? -1) + 1)
        for (name, number) in numbers {
            precondition(names[number] == nil, "field numbers must be distinct")
            names[number] = name
        }
        namesByNumber = names
    }

    /// The largest number plus one (SQLite allows at most 32,767 columns in a table).
    public static let maximumNumber = 32_768

    /// The number of `field`, or nil when it is stored by name.
    public func number(of field: FieldName) -> UInt64? {
        numbersByName[field]
    }

    /// The field numbered `number`, or nil when no field has it.
    public func field(numbered number: UInt64) -> FieldName? {
        number < UInt64(namesByNumber.count) ? namesByNumber[Int(number)] : nil
    }
}
