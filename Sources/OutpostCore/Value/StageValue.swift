/// A stage of an ordered process together with the reopen epoch the writer had seen, the
/// value of a `forwardOnly` field: `{"epoch": 1, "stage": "商务洽谈"}`.
///
/// Carrying the epoch in every write is what lets a reopen (which bumps the epoch) beat a
/// stale terminal write made before it (DOMAIN §5 notes).
public struct StageValue: Hashable, Sendable {
    /// How many times the process was reopened when the writer wrote.
    public var epoch: Int64
    /// The stage written.
    public var stage: String

    /// Creates a value.
    public init(epoch: Int64, stage: String) {
        self.epoch = epoch
        self.stage = stage
    }

    /// Reads a field value of the shape `{"epoch": n, "stage": s}`; nil for any other shape.
    public init?(_ value: FieldValue) {
        guard let members = value.objectValue, members.count == 2,
              let epoch = members["epoch"]?.integerValue, let stage = members["stage"]?.textValue else { return nil }
        self.init(epoch: epoch, stage: stage)
    }

    /// The field value.
    public var fieldValue: FieldValue {
        .object(["epoch": .integer(epoch), "stage": .text(stage)])
    }
}
