/// One way of deciding between the stored version of a field and an incoming write.
///
/// Every merge policy is a small value conforming to this protocol, in a file of its own;
/// adding a policy means adding such a file and a static member on `MergePolicy`.
/// Implementations are pure and must make the outcome depend only on the two versions (not
/// on arrival order), so that replicas converge whatever the delivery order.
public protocol MergeRule: Sendable {
    /// The stable name recorded in conflict records and schema fingerprints.
    var name: String { get }

    /// Decides what happens to `incoming` given the `current` stored version.
    /// - Parameters:
    ///   - current: the stored version, or nil when the field was never written.
    ///   - incoming: the write that arrived.
    ///   - base: the clock of the version the writer had seen (nil: it had seen none).
    func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision
}

/// The verdict of a `MergeRule`.
public enum MergeDecision: Hashable, Sendable {
    /// Store the incoming version. `concurrentLoser` is the current version when the two
    /// writes were concurrent (it goes to the conflict log); nil for a clean fast-forward.
    case takeIncoming(concurrentLoser: FieldVersion?)
    /// Keep the current version; the incoming write lost and goes to the conflict log.
    case keepCurrent
    /// Store this version, which joins both (an observed-remove set's union): neither write
    /// lost anything, so there is no conflict.
    case join(FieldVersion)
    /// The very same version is already stored: a repeated delivery, nothing to do.
    case alreadyApplied
    /// The write is not allowed at all (for example it changes an immutable field).
    case reject(ChangeRejection)
}

/// Whether two writes to one field were concurrent: neither writer had seen the other.
///
/// The writer saw `current` when its `base` is current's clock; a device also always saw
/// its own earlier writes (the server may have clamped their clocks, which changes `base`).
func areConcurrent(current: FieldVersion, incoming: FieldVersion, base: HLCTimestamp?) -> Bool {
    base != current.clock && current.clock.deviceID != incoming.clock.deviceID
}

/// Decides between two versions by a rank first and the clock second: the higher rank wins
/// whatever the clocks say, equal ranks fall back to last-writer-wins. Ranks compare
/// lexicographically, so `[epoch, stage]` orders stages within an epoch.
///
/// A later write of a lower rank by a writer who had seen the current version (the same
/// device, or `base` naming it) is an attempt to move the field back: it is refused
/// (`outranked`), not silently kept out, so the writer learns it at once. A concurrent one
/// loses as a conflict.
func resolveByRank(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?, rank: (FieldValue) -> [Int64]) -> MergeDecision {
    guard let current else { return .takeIncoming(concurrentLoser: nil) }
    if incoming.clock == current.clock { return .alreadyApplied }
    let incomingRank = rank(incoming.value)
    let currentRank = rank(current.value)
    let incomingWins = incomingRank == currentRank ? incoming.clock > current.clock : incomingRank.lexicographicallyPrecedes(currentRank) == false
    guard incomingWins else {
        guard incoming.clock > current.clock, !areConcurrent(current: current, incoming: incoming, base: base) else { return .keepCurrent }
        return .reject(.outranked(current: StageValue(current.value)?.stage ?? current.value.textValue ?? current.value.jsonText))
    }
    let lostSomething = areConcurrent(current: current, incoming: incoming, base: base) && current.value != incoming.value
    return .takeIncoming(concurrentLoser: lostSomething ? current : nil)
}
