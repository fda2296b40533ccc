/// What `lead edit`, `lead delete` and `lead restore` print with `--json`: the lead and the
/// fields written (empty when nothing had to change).
struct LeadChange: Encodable {
    /// The lead's full id.
    var id: String
    /// The schema names of the fields written.
    var fields: [String]
}
