import ArgumentParser
import Foundation
import OutpostCore
import OutpostProtocol

/// `outpost share`: asks the server to make a colleague a team member of a lead or customer,
/// read-only or read-write, until a time or for good (R-8.1 b).
struct ShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Make a colleague a team member of a lead or customer (runs at the next sync).",
        discussion: """
            Example: outpost share lead 3a4b5c6d7e8f --with u-zhao --edit --until +7d
            Without --edit the colleague only reads it; without --until the membership lasts until `outpost unshare`.
            It ends at the first nightly job at or after --until, and the record then leaves their laptop.
            """)

    @OptionGroup var replicaOptions: ReplicaOptions
    @OptionGroup var subject: SubjectArguments

    @Option(name: .customLong("with"), help: ArgumentHelp("The colleague, for example u-zhao.", valueName: "user-id"))
    var member: String

    @Flag(help: "Let them edit it too (read-write membership).")
    var edit = false

    @Option(help: ArgumentHelp("When the membership ends: +7d (a week from now), 2026-09-30, 2026-09-30 18:00 or milliseconds since 1970 (this laptop's time zone).",
                               valueName: "time"))
    var until: String?

    @OptionGroup var reason: ReasonOption
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard !member.isEmpty, !member.contains(where: \.isWhitespace) else {
            throw ValidationError("--with '\(member)' is not a user id. Pass one word, for example --with u-zhao.")
        }
        if let until, TimestampInput.milliseconds(from: until, now: 0, timeZone: .current) == nil {
            throw ValidationError("--until '\(until)' is not a time. Write +7d, 2026-09-30, 2026-09-30 18:00 or milliseconds since 1970.")
        }
    }

    func run() throws {
        let replica = try replicaOptions.openReplica()
        let target = try CommandSubject.resolve(.share, verb: "share", entity: subject.entity, id: subject.id, in: replica)
        var arguments: [String: FieldValue] = ["member": .text(member), "access": .text(edit ? "read_write" : "read")]
        let now = Int64(Date().timeIntervalSince1970 * 1_000)
        if let until, let instant = TimestampInput.milliseconds(from: until, now: now, timeZone: .current) {
            // The server checks it too; here it is said at once, in the words it was typed in.
            guard instant > now, instant <= now + 366 * 86_400_000 else {
                throw ValidationError("--until \(until) is \(instant <= now ? "in the past" : "more than a year away"): "
                                      + "a share ends within the next 366 days, or leave --until out for a share without end. Nothing was queued.")
            }
            arguments["expires_at"] = .integer(instant)
        }
        arguments["reason"] = reason.reason.map(FieldValue.text)
        try CommandSubject.queue(.share, on: target, arguments: arguments, in: replica, json: output.json)
    }
}
