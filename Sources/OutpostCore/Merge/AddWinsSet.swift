/// An observed-remove tag set (`ObservedRemoveSet`): the stored set is the union of every
/// write's adds and removes, so a tag added on one laptop while another removed it (without
/// having seen that add) stays. Nothing is lost, so there is never a conflict record.
public struct AddWinsSet: MergeRule {
    public let name = "addWinsSet"

    /// Creates the rule.
    public init() {}

    public func resolve(current: FieldVersion?, incoming: FieldVersion, base: HLCTimestamp?) -> MergeDecision {
        guard let current else { return .takeIncoming(concurrentLoser: nil) }
        if incoming.clock == current.clock { return .alreadyApplied }
        let currentSet = ObservedRemoveSet(current.value) ?? ObservedRemoveSet()
        let incomingSet = ObservedRemoveSet(incoming.value) ?? ObservedRemoveSet()
        let joined = currentSet.joined(with: incomingSet)
        let newest = incoming.clock > current.clock ? incoming : current
        let version = FieldVersion(value: joined.fieldValue, clock: newest.clock, author: newest.author)
        if version == current { return .alreadyApplied }
        if version == incoming { return .takeIncoming(concurrentLoser: nil) }
        return .join(version)
    }
}
