/// What `outpost edit` and `outpost tag` print with `--json`: the row and the fields written.
struct RecordChange: Encodable {
    /// The row's entity.
    var entity: String
    /// The row's full id.
    var id: String
    /// The schema names of the fields written.
    var fields: [String]
}
