import ArgumentParser
import OutpostCore
import OutpostDomain
import OutpostReplica

/// The lead a command acts on, as a person types it: the whole id, or enough of its first or
/// last characters to be unique (tables show the last 12).
struct LeadReference: ParsableArguments {
    @Argument(help: ArgumentHelp("The lead's id, or enough of its first or last characters to be unique (tables show the last 12).",
                                 valueName: "lead-id"))
    var id: String

    /// The full id of the one lead that matches.
    /// - Throws: `ReplicaError.noSuchRow` or `.ambiguousID`.
    func resolve(in replica: Replica) throws -> RowID {
        try replica.resolveID(OutpostSchema.lead.name, prefix: id)
    }
}
