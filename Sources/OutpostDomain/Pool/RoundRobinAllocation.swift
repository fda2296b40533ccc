/// Shares a batch of general leads among a team by round-robin (R-5.2, R-5.4, ODOO
/// `_handle_salesmen_assignment`). Pure: the caller loads the members and the team's cursor,
/// and persists the cursor that comes back.
///
/// The cursor is the member who received the team's last lead. The next lead goes to the
/// first eligible member after them in `user.id` order, wrapping around, so an ineligible
/// member is passed over without using up a turn, and over a constant eligible set per-person
/// counts differ by at most one.
///
/// ```swift
/// let result = RoundRobinAllocation.allocate(count: 7, members: team, after: cursor)
/// // result.assignees[i] is lead i's salesperson (nil: nobody eligible), result.cursor the new cursor
/// ```
public enum RoundRobinAllocation {
    /// The positions that take leads by allocation.
    public static let allocatedPositions: Set<String> = ["course_consultant", "ground_sales"]

    /// A member of the team, with what eligibility reads.
    public struct Member: Sendable, Hashable {
        /// The user id; members take turns in this order.
        public var id: String
        /// `status = active`.
        public var isActive: Bool
        /// `allocation_weight`; zero takes no leads.
        public var weight: Int
        /// `position`.
        public var position: String
        /// Leads and customers owned before the batch.
        public var ownedCount: Int
        /// The most they may own.
        public var maximumOwned: Int

        /// A member's facts.
        public init(id: String, isActive: Bool, weight: Int, position: String, ownedCount: Int, maximumOwned: Int) {
            self.id = id
            self.isActive = isActive
            self.weight = weight
            self.position = position
            self.ownedCount = ownedCount
            self.maximumOwned = maximumOwned
        }

        /// Whether the member may take one more lead when already given `extra` in this batch.
        func isEligible(given extra: Int) -> Bool {
            isActive && weight > 0 && RoundRobinAllocation.allocatedPositions.contains(position)
                && ownedCount + extra < maximumOwned
        }
    }

    /// Who gets each lead of a batch, and where the cursor ends.
    public struct Allocation: Sendable, Hashable {
        /// One entry per lead, in order: the member's id, or nil when nobody was eligible.
        public var assignees: [String?]
        /// The member who received the last lead (unchanged when nobody received one).
        public var cursor: String?
    }

    /// Allocates `count` leads among `members`, starting after `cursor`.
    /// - Parameters:
    ///   - count: how many leads.
    ///   - members: the team (any order).
    ///   - cursor: the member who received the team's previous lead, nil for a new team.
    public static func allocate(count: Int, members: [Member], after cursor: String?) -> Allocation {
        let ordered = members.sorted { $0.id < $1.id }
        var given: [String: Int] = [:]
        var last = cursor
        var assignees: [String?] = []
        for _ in 0..<max(count, 0) {
            // Members after the cursor first, then from the start (wrap around).
            let start = last.map { id in ordered.firstIndex { $0.id > id } ?? ordered.count } ?? 0
            let turn = (ordered[start...] + ordered[..<start]).first { $0.isEligible(given: given[$0.id, default: 0]) }
            if let turn {
                given[turn.id, default: 0] += 1
                last = turn.id
            }
            assignees.append(turn?.id)
        }
        return Allocation(assignees: assignees, cursor: last)
    }
}
