/// What a row remembers about the last write to one of its fields, beside the value itself:
/// the clock, the author and (on the server) the change-log position of that write.
public struct FieldStamp: Hashable, Sendable {
    /// The clock of the write that produced the current value.
    public var clock: HLCTimestamp
    /// Who made that write.
    public var author: UserID
    /// The server's change-log position of that write; 0 where not tracked (on a replica).
    public var logPosition: Int64

    /// Creates a stamp.
    public init(clock: HLCTimestamp, author: UserID, logPosition: Int64 = 0) {
        self.clock = clock
        self.author = author
        self.logPosition = logPosition
    }
}
