/// Why the server refused a command (or a write only a command may make): a stable code
/// and a sentence that says what happened and what to do.
struct CommandRefusal: Error, Hashable, Sendable {
    /// The stable code, for example `pool.already_claimed`.
    var code: String
    /// What happened and what to do, for people.
    var message: String
}
