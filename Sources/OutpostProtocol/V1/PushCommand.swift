import OutpostCore

/// One journal entry that asks the server to do something only it may decide: claim a pool
/// lead, convert a lead, book a trial seat, reopen an opportunity (DOMAIN §2, "commands").
///
/// A command is queued offline like an edit and answered like one (`PushResult`): applied,
/// or rejected with a stable code that stays visible on the device. Its `id` makes it
/// idempotent beyond the device's sequence numbers: the same command id is executed once.
public struct PushCommand: Codable, Hashable, Sendable {
    /// The device's journal sequence number (shared with the device's changes).
    public var sequence: Int64
    /// The command's own id (a UUIDv7 made on the device).
    public var id: RowID
    /// What to do, for example `claim` (see `CommandName`).
    public var name: CommandName
    /// The entity of the row the command is about.
    public var entity: EntityName
    /// The row the command is about.
    public var rowID: RowID
    /// The command's arguments, by name (for example `{"to_user": "u-zhao"}`).
    public var arguments: [String: FieldValue]
    /// When the device issued it.
    public var clock: HLCTimestamp

    /// Creates a command entry.
    public init(sequence: Int64, id: RowID, name: CommandName, entity: EntityName, rowID: RowID,
                arguments: [String: FieldValue] = [:], clock: HLCTimestamp) {
        self.sequence = sequence
        self.id = id
        self.name = name
        self.entity = entity
        self.rowID = rowID
        self.arguments = arguments
        self.clock = clock
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case sequence, id, name, entity, rowID, arguments, clock
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sequence = try container.decode(Int64.self, forKey: .sequence)
        id = try container.decode(RowID.self, forKey: .id)
        name = try container.decode(CommandName.self, forKey: .name)
        entity = try container.decode(EntityName.self, forKey: .entity)
        rowID = try container.decode(RowID.self, forKey: .rowID)
        arguments = try container.decodeIfPresent([String: FieldValue].self, forKey: .arguments) ?? [:]
        clock = try container.decode(HLCTimestamp.self, forKey: .clock)
    }
}

/// Kind tag for `CommandName`.
public enum CommandKind: IdentifierKind {}

/// The name of a command, for example `claim`.
public typealias CommandName = Identifier<CommandKind>

extension Identifier where Kind == CommandKind {
    /// Take a lead from the public pool (R-7.x).
    public static var claim: CommandName { CommandName("claim") }
    /// Give an owned lead back to the pool.
    public static var release: CommandName { CommandName("release") }
    /// Give a lead to another salesperson (team lead and above, R-5.5).
    public static var transfer: CommandName { CommandName("transfer") }
    /// Turn a lead into a customer, contact, student and opportunity (R-14.x).
    public static var convert: CommandName { CommandName("convert") }
    /// Merge duplicate leads into a head.
    public static var merge: CommandName { CommandName("merge") }
    /// Move an opportunity back to an earlier stage, bumping its epoch.
    public static var reopen: CommandName { CommandName("reopen") }
    /// Mark a lead as bad data, with a reason.
    public static var markInvalid: CommandName { CommandName("mark_invalid") }
    /// Mark an opportunity won; needs a paid enrollment order.
    public static var markWon: CommandName { CommandName("mark_won") }
    /// Book a trial-class seat for an appointment.
    public static var book: CommandName { CommandName("book") }
    /// Clear a contact's do-not-contact flag, audited (DOMAIN §3.3).
    public static var clearDoNotContact: CommandName { CommandName("clear_do_not_contact") }

    /// Make someone a team member of a lead or customer, read-only or read-write, until a
    /// time or for good (R-8.1 b).
    public static var share: CommandName { CommandName("share") }
    /// End someone's team membership of a lead or customer.
    public static var unshare: CommandName { CommandName("unshare") }
    /// Keep a customer from reclaim, within the owner's lock cap.
    public static var lock: CommandName { CommandName("lock") }
    /// Let a locked customer be reclaimed again.
    public static var unlock: CommandName { CommandName("unlock") }
    /// Void a check-in, with a reason (DOMAIN §1.10; branch managers and head office).
    public static var voidCheckIn: CommandName { CommandName("void_checkin") }
    /// Hide a follow-up's content, with a reason (DOMAIN §1.8; branch managers and head office).
    public static var redact: CommandName { CommandName("redact") }

    /// Every command this build knows.
    public static var all: [CommandName] {
        [.claim, .release, .transfer, .convert, .merge, .reopen, .markInvalid, .markWon, .book, .clearDoNotContact, .share, .unshare, .lock, .unlock, .voidCheckIn, .redact]
    }
}
